/**
 * Counts the tokens of a spaceless Hangul text of `--length` characters with
 * countTextTokensAsync (or with `--sync`, countTextTokens) while a 1 ms interval timer
 * ticks, and prints the count and the longest time between two ticks (the longest the
 * event loop was held), as JSON. Run as its own plain Node process, like count-cpu.ts:
 * jest's module sandbox makes counting several times slower than in a service.
 *
 *   node --import tsx packages/tokens/test/support/event-loop-gap.ts --length 32000 --seed 11 [--sync]
 */
import { measureEventLoopBlock, spacelessHangul } from "@chatbot/testkit";
import { countTextTokens, countTextTokensAsync } from "../../src";

const option = (name: string) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]);
const sync = process.argv.includes("--sync");

async function main() {
  // Loads the tokenizer's tables and compiles its merge loop (both ways) before anything is timed.
  countTextTokens(spacelessHangul(4_000, option("seed") + 1));
  await countTextTokensAsync(spacelessHangul(4_000, option("seed") + 2));

  const text = spacelessHangul(option("length"), option("seed"));
  const { result: tokens, longestGapMs } = await measureEventLoopBlock(() => (sync ? countTextTokens(text) : countTextTokensAsync(text)));
  console.log(JSON.stringify({ tokens, syncTokens: countTextTokens(text), longestGapMs }));
}

void main();
