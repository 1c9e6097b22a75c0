import { countTokens } from "gpt-tokenizer";

/** Chat formatting adds a few tokens per message (role and separators) and a few to prime the reply. */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;

/**
 * Tokens of a generation that ended without the provider's usage (stopped, or failed
 * mid-reply): the prompt and what was generated, in the o200k encoding. Token quotas
 * charge it, so that stopping a reply just before its end does not make it free.
 */
export function estimateTokens(prompt: ReadonlyArray<{ content: string }>, reply: string): number {
  let total = TOKENS_PER_REPLY + (reply ? countTokens(reply) : 0);
  for (const message of prompt) total += TOKENS_PER_MESSAGE + (message.content ? countTokens(message.content) : 0);
  return total;
}
