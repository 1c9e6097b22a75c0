/**
 * Counts the tokens of a spaceless Hangul text of `--length` characters and prints the
 * count and the CPU milliseconds it took, as JSON. Run as its own plain Node process:
 * inside jest's module sandbox the tokenizer's byte lookups run several times slower
 * than in a service, which would hide the difference a test looks for.
 *
 *   node --import tsx packages/tokens/test/support/count-cpu.ts --length 32000 --seed 11
 */
import { spacelessHangul } from "@chatbot/testkit";
import { countTextTokens } from "../../src";

const option = (name: string) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]);

// Loads the tokenizer's tables and compiles its merge loop before anything is timed.
countTextTokens(spacelessHangul(8_000, option("seed") + 1));

const text = spacelessHangul(option("length"), option("seed"));
const before = process.cpuUsage();
const tokens = countTextTokens(text);
const used = process.cpuUsage(before);
console.log(JSON.stringify({ tokens, cpuMs: (used.user + used.system) / 1000 }));
