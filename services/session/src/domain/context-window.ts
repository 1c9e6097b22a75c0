import type { MessageRecord } from "./session.types";

export interface ContextWindow {
  /** Oldest first, ready to be sent as the conversation. */
  messages: MessageRecord[];
  tokenCount: number;
}

/**
 * Keeps the newest messages whose tokens fit the budget. It stops at the first
 * message that does not fit rather than skipping it, so the window is always a
 * contiguous tail of the conversation. A null budget keeps them all. The newest
 * message is always kept: it is the one the LLM is asked to answer.
 */
export function fitContextWindow(newestFirst: MessageRecord[], tokenBudget: number | null): ContextWindow {
  const kept: MessageRecord[] = [];
  let tokenCount = 0;
  for (const message of newestFirst) {
    if (kept.length > 0 && tokenBudget !== null && tokenCount + message.contentTokens > tokenBudget) break;
    kept.push(message);
    tokenCount += message.contentTokens;
  }
  return { messages: kept.reverse(), tokenCount };
}
