import { countTextTokens } from "@chatbot/tokens";

/** Tokens of a text as the context window counts them. */
export type TokenCounter = (text: string) => number;

/**
 * The o200k encoding of current OpenAI models. Other providers tokenise differently,
 * so budgets are an estimate; callers leave headroom for that and for prompt framing.
 */
export const countContentTokens: TokenCounter = countTextTokens;
