import type { llmV1, sessionV1 } from "@chatbot/grpc";

/** System prompt first, then the conversation (which ends with the new user message), oldest first. */
export function buildPrompt(systemPrompt: string, history: sessionV1.Message[]): llmV1.GenerateRequest["messages"] {
  const messages = history
    .filter((message) => message.content.length > 0)
    .map((message) => ({ role: message.role, content: message.content }));
  return systemPrompt ? [{ role: "system", content: systemPrompt }, ...messages] : messages;
}
