import { countTokens, encodeGenerator } from "gpt-tokenizer";
import { boundedPieces, boundedPieceSteps } from "./bounded-pieces";

/**
 * A special token's spelling in a text ("<|endoftext|>" in a message about tokenizers) is
 * counted as the text it is, as a model reads a message: by default the tokenizer throws on it.
 */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * Tokens of a text in o200k_base, the encoding of current OpenAI models. Other models
 * tokenise differently, so for them this is an estimate: what context budgets, rate
 * limits and usage reports need. Counted in bounded pieces so that a long run without
 * spaces costs time in proportion to its length (see MAX_PIECE_LENGTH); ordinary text
 * is one piece and its count is exact.
 *
 * One call blocks its thread for as long as counting takes, a millisecond per few
 * hundred characters at worst: for text of unbounded length use countTextTokensAsync.
 */
export function countTextTokens(text: string): number {
  let total = 0;
  for (const piece of boundedPieces(text)) total += countTokens(piece, AS_TEXT);
  return total;
}

/** Chat formatting adds a few tokens per message (role and separators) and a few to prime the reply. */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;

/** Tokens of a chat prompt as a chat model reads it. Blocks like countTextTokens: see countPromptTokensAsync. */
export function countPromptTokens(messages: ReadonlyArray<{ content: string }>): number {
  let total = TOKENS_PER_REPLY;
  for (const message of messages) total += TOKENS_PER_MESSAGE + countTextTokens(message.content);
  return total;
}

export interface CountOptions {
  /** Stops counting: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Texts up to this length are counted in one call: a millisecond or two even for text the
 * tokenizer merges slowest (Hangul syllables without a space, not seen before).
 */
export const ONE_CALL_LENGTH = 1_024;

/**
 * Counting runs this long (plus one step, under half a millisecond) before it lets the
 * event loop run other work. A request served meanwhile waits about this long at each of
 * its I/O round trips (a session lookup makes half a dozen); a pause costs microseconds.
 */
export const SLICE_BUDGET_MS = 1;

/**
 * countTextTokens(text), the same count, without holding the event loop for more than a
 * few milliseconds at a time: a long text is counted a bounded step at a time (a piece,
 * or a pre-token of a long piece), and whenever the steps since the last pause took
 * SLICE_BUDGET_MS, counting waits for the event loop's check phase (setImmediate), so
 * I/O and other requests run between slices. A short text is counted at once.
 */
export function countTextTokensAsync(text: string, options: CountOptions = {}): Promise<number> {
  if (options.signal?.aborted) return Promise.reject(options.signal.reason);
  if (text.length <= ONE_CALL_LENGTH) return Promise.resolve(countTextTokens(text));
  return countInSlices(new Slicer(options.signal), text);
}

/** countPromptTokens(messages), counted like countTextTokensAsync: the whole prompt shares one slice budget. */
export async function countPromptTokensAsync(messages: ReadonlyArray<{ content: string }>, options: CountOptions = {}): Promise<number> {
  const slicer = new Slicer(options.signal);
  let total = TOKENS_PER_REPLY;
  for (const message of messages) {
    const text = message.content;
    total += TOKENS_PER_MESSAGE + (text.length <= ONE_CALL_LENGTH ? countTextTokens(text) : await countInSlices(slicer, text));
    if (slicer.spent()) await slicer.pause();
  }
  return total;
}

/** Tracks how long counting has held the event loop, and pauses it when that reaches the budget. */
class Slicer {
  private sliceStarted = performance.now();

  constructor(private readonly signal: AbortSignal | undefined) {
    signal?.throwIfAborted();
  }

  spent(): boolean {
    return performance.now() - this.sliceStarted >= SLICE_BUDGET_MS;
  }

  async pause(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.signal?.throwIfAborted();
    this.sliceStarted = performance.now();
  }
}

/** Pieces this long or shorter are counted in one call; a longer one (ordinary text between long runs) a pre-token at a time. */
const ONE_CALL_PIECE = 512;

/** Tokens merged between looks at the clock: dozens of ordinary pre-tokens, or one long one. */
const TOKENS_BETWEEN_LOOKS = 32;

async function countInSlices(slicer: Slicer, text: string): Promise<number> {
  let total = 0;
  for (const piece of boundedPieceSteps(text)) {
    if (piece !== undefined && piece.length <= ONE_CALL_PIECE) {
      total += countTokens(piece, AS_TEXT);
    } else if (piece !== undefined) {
      // The same pre-tokens and merges as countTokens(piece, AS_TEXT), handed over one pre-token at a time.
      let sinceLook = 0;
      for (const tokens of encodeGenerator(piece, AS_TEXT)) {
        total += tokens.length;
        sinceLook += tokens.length;
        if (sinceLook < TOKENS_BETWEEN_LOOKS) continue;
        sinceLook = 0;
        if (slicer.spent()) await slicer.pause();
      }
    }
    if (slicer.spent()) await slicer.pause();
  }
  return total;
}
