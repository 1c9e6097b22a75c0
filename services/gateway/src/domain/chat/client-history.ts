import type { PromptHistory } from "./prompt-builder";

type TokenCounts = typeof import("@chatbot/tokens");
let counts: Promise<TokenCounts> | undefined;

/**
 * A client-held conversation cut as a session's context is: its last `maxMessages` messages
 * (the question among them), then the newest of those whose tokens fit `tokenBudget`. It
 * stops at the first message that does not fit, so the window is a contiguous tail, and
 * the newest message (the question) is always kept. Counted a millisecond at a time, as a
 * long history can take a while.
 */
export async function fitConversation(conversation: PromptHistory, maxMessages: number, tokenBudget: number): Promise<PromptHistory> {
  const recent = conversation.slice(-maxMessages);
  if (recent.length <= 1) return recent;
  counts ??= import("@chatbot/tokens");
  const { countTextTokensAsync } = await counts;
  let tokens = 0;
  let start = recent.length;
  for (let index = recent.length - 1; index >= 0; index -= 1) {
    const messageTokens = await countTextTokensAsync(recent[index]!.content);
    if (start < recent.length && tokens + messageTokens > tokenBudget) break;
    tokens += messageTokens;
    start = index;
  }
  return recent.slice(start);
}
