import { countTextTokensAsync } from "@chatbot/tokens";

/**
 * Tokens of a text as the context window counts them. A promise: a stored message can be
 * long (a megabyte), and counting it must not hold up the other requests the service is
 * answering meanwhile.
 */
export type TokenCounter = (text: string) => Promise<number>;

/**
 * The o200k encoding of current OpenAI models. Other providers tokenise differently,
 * so budgets are an estimate; callers leave headroom for that and for prompt framing.
 * A long text is counted in slices of a few milliseconds, between which the event loop
 * runs other work; a short one at once.
 */
export const countContentTokens: TokenCounter = (text) => countTextTokensAsync(text);
