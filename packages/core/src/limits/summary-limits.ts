/**
 * The running summary of a long conversation (turns that fell out of the context window,
 * folded into one text sent ahead of the window). One value for every side: the gateway asks
 * the LLM for at most this, the session service stores at most this and reserves it in the
 * context budget, the local provider's extractive summary stays within it.
 */
/** Tokens (o200k) one summary may hold. */
export const SUMMARY_MAX_TOKENS = 400;
/** Tokens of dropped turns folded into the summary by one refresh; older backlog waits for the next one. */
export const SUMMARY_INPUT_MAX_TOKENS = 6_000;
