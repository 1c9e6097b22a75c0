import type { llmV1, sessionV1 } from "@chatbot/grpc";
import type { Passage } from "./passage-retriever";

/** The numbered passages, as the model sees them, so it can cite them as [n]. */
export function formatPassages(passages: Passage[]): string {
  return passages
    .map((passage) => {
      const where = passage.page > 0 ? ` (p.${passage.page})` : "";
      return `[${passage.number}] ${passage.title}${where}\n${passage.text}`;
    })
    .join("\n\n");
}

/** The conversation as the prompt needs it: who said what, oldest first. */
export type PromptHistory = Pick<sessionV1.Message, "role" | "content">[];

/**
 * System prompt (with the retrieved passages, numbered for citation), the running summary of
 * the turns that fell out of the window (a system message under `summaryHeading`), then the
 * conversation ending with the new user message, oldest first.
 */
export function buildPrompt(systemPrompt: string, history: PromptHistory, passages: Passage[] = [], summary?: { heading: string; content: string }): llmV1.ChatMessage[] {
  const messages = history.filter((message) => message.content.length > 0).map((message) => ({ role: message.role, content: message.content }));
  const system = passages.length > 0 ? `${systemPrompt}\n\n참고 자료:\n${formatPassages(passages)}` : systemPrompt;
  const earlier = summary?.content ? [{ role: "system", content: `${summary.heading}\n${summary.content}` }] : [];
  return system ? [{ role: "system", content: system }, ...earlier, ...messages] : [...earlier, ...messages];
}

/**
 * A conversation exactly as its client wrote it (system messages included), for the
 * stateless OpenAI-compatible proxy. Retrieved passages, when there are any, join its first
 * system message, or open the prompt as one when it has none.
 */
export function buildWrittenPrompt(conversation: PromptHistory, passages: Passage[] = []): llmV1.ChatMessage[] {
  const messages = conversation.filter((message) => message.content.length > 0).map((message) => ({ role: message.role, content: message.content }));
  if (passages.length === 0) return messages;
  const reference = `참고 자료:\n${formatPassages(passages)}`;
  const first = messages[0];
  if (first?.role === "system") return [{ role: "system", content: `${first.content}\n\n${reference}` }, ...messages.slice(1)];
  return [{ role: "system", content: reference }, ...messages];
}
