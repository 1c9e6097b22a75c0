import { countTokens } from "gpt-tokenizer";
import type { ChatMessage } from "./generation.types";

/**
 * Token counts for providers that report none (llm-server, local). o200k_base is the
 * tokenizer of current OpenAI models; for other models it is an estimate, which is
 * what rate limits and usage reports need.
 */
export function countCompletionTokens(text: string): number {
  return text ? countTokens(text) : 0;
}

/** Chat formatting adds a few tokens per message (role and separators) and a few to prime the reply. */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;

export function countPromptTokens(messages: ChatMessage[]): number {
  let total = TOKENS_PER_REPLY;
  for (const message of messages) total += TOKENS_PER_MESSAGE + countTokens(message.content);
  return total;
}
