/** Chat formatting adds a few tokens per message (role and separators) and a few to prime the reply. */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;

type CountTokens = (text: string) => number;
let counter: Promise<CountTokens> | undefined;

/** The o200k tables take tens of megabytes: loaded on the first estimate, not at start. */
function loadCounter(): Promise<CountTokens> {
  counter ??= import("gpt-tokenizer").then((tokenizer) => tokenizer.countTokens);
  return counter;
}

/**
 * Tokens of a generation that ended without the provider's usage (stopped, or failed
 * mid-reply): the prompt and what was generated, in the o200k encoding. Token quotas
 * charge it, so that stopping a reply just before its end does not make it free.
 */
export async function estimateTokens(prompt: ReadonlyArray<{ content: string }>, reply: string): Promise<number> {
  const countTokens = await loadCounter();
  let total = TOKENS_PER_REPLY + (reply ? countTokens(reply) : 0);
  for (const message of prompt) total += TOKENS_PER_MESSAGE + (message.content ? countTokens(message.content) : 0);
  return total;
}
