type TokenCounts = typeof import("@chatbot/tokens");
let counts: Promise<TokenCounts> | undefined;

/**
 * Tokens of a generation that ended without the provider's usage (stopped, or failed
 * mid-reply): its prompt and what was generated. Token quotas charge it, so that stopping
 * a reply just before its end does not make it free. The tokenizer's tables take tens of
 * megabytes, so they are loaded on the first estimate, not at start. The prompt and the
 * reply can be long: they are counted a millisecond at a time, between other requests.
 */
export async function estimateTokens(prompt: ReadonlyArray<{ content: string }>, reply: string): Promise<number> {
  counts ??= import("@chatbot/tokens");
  const { countPromptTokensAsync, countTextTokensAsync } = await counts;
  return (await countPromptTokensAsync(prompt)) + (await countTextTokensAsync(reply));
}
