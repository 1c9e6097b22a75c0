import { countTokens } from "gpt-tokenizer";
import { boundedPieces } from "./bounded-pieces";

/**
 * Tokens of a text in o200k_base, the encoding of current OpenAI models. Other models
 * tokenise differently, so for them this is an estimate: what context budgets, rate
 * limits and usage reports need. Counted in bounded pieces so that a long run without
 * spaces costs time in proportion to its length (see MAX_PIECE_LENGTH); ordinary text
 * is one piece and its count is exact.
 */
export function countTextTokens(text: string): number {
  let total = 0;
  for (const piece of boundedPieces(text)) total += countTokens(piece);
  return total;
}

/** Chat formatting adds a few tokens per message (role and separators) and a few to prime the reply. */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;

/** Tokens of a chat prompt as a chat model reads it. */
export function countPromptTokens(messages: ReadonlyArray<{ content: string }>): number {
  let total = TOKENS_PER_REPLY;
  for (const message of messages) total += TOKENS_PER_MESSAGE + countTextTokens(message.content);
  return total;
}
