/**
 * Time to count the tokens of the largest message the API accepts (32,000 characters),
 * with the counting the services use (bounded pieces) and with the tokenizer run on the
 * whole text in one call (the unbounded count, exact), and how far apart the two counts are.
 * Then the longest the event loop is held while the largest message is counted in one call
 * (countTextTokens) and in slices (countTextTokensAsync, what the services call), and what
 * an ordinary message costs each way.
 *
 *   node --import tsx bench/tokens/count-bench.ts [--runs 3] [--sentence-calls 20000]
 *
 * Each timed count of a long run is of text not counted before in the process (the
 * tokenizer caches pieces it has merged), except the repeated ones, which are marked.
 * Ordinary text is then counted again and again both ways, as services count it. The
 * unbounded count of a long run takes seconds; the benchmark takes about a minute.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { countTextTokens, countTextTokensAsync } from "@chatbot/tokens";
import { measureEventLoopBlock, spacelessHangul as hangul } from "@chatbot/testkit";
import { numberArgument } from "../support/arguments";

const runs = numberArgument("runs", 3);
const sentenceCalls = numberArgument("sentence-calls", 20_000);

// The library the tokens package wraps, called on the whole text as the package did before it counted in pieces.
const tokenizer = createRequire(join(__dirname, "../../packages/tokens/package.json"))("gpt-tokenizer") as {
  countTokens(text: string): number;
};

const MESSAGE_LENGTH = 32_000;

const SENTENCE = "연말정산 서류는 언제까지 내야 하나요? 회사 인사팀에 1월 15일까지 제출하면 됩니다. ";

/** Ordinary text around long runs: sentences, a spaceless Hangul run, an emoji run and a separator line. */
function mixed(seed: number): string {
  const parts = [
    SENTENCE.repeat(40),
    hangul(6_000, seed),
    " The deadline is January 15th. ".repeat(40),
    "🙂".repeat(2_000),
    "\n" + "=".repeat(3_000) + "\n",
    SENTENCE.repeat(80),
  ];
  return parts
    .join("")
    .padEnd(MESSAGE_LENGTH, hangul(40, seed + 1))
    .slice(0, MESSAGE_LENGTH);
}

interface Case {
  name: string;
  text: (seed: number) => string;
  /** The same text every run: after the first, its pieces come from the tokenizer's cache. */
  repeats?: boolean;
}

const cases: Case[] = [
  { name: "Hangul, no spaces", text: (seed) => hangul(MESSAGE_LENGTH, seed) },
  { name: "Hangul words (4 syllables and a space)", text: (seed) => hangul(MESSAGE_LENGTH, seed).replace(/(.{4})./g, "$1 ") },
  { name: "mixed: sentences and long runs", text: mixed },
  { name: "one Latin letter repeated", text: () => "a".repeat(MESSAGE_LENGTH), repeats: true },
  { name: "one emoji repeated", text: () => "🙂".repeat(MESSAGE_LENGTH / 2), repeats: true },
  { name: "spaces", text: () => " ".repeat(MESSAGE_LENGTH - 1) + "x", repeats: true },
];

/**
 * Wall and CPU milliseconds of one synchronous call. On a shared machine the wall time
 * includes waiting for a core; the CPU time is what the call itself costs.
 */
function timed<T>(work: () => T): { value: T; ms: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = work();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { value, ms, cpuMs: (used.user + used.system) / 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main() {
  // Loads the tokenizer's tables and compiles its merge loop before anything is timed.
  countTextTokens(hangul(2_000, 1));
  tokenizer.countTokens(hangul(2_000, 2));
  console.log(`${MESSAGE_LENGTH.toLocaleString()}-character texts, ${runs} runs; milliseconds per count, median (CPU) and max`);
  console.log("case | in pieces ms | in pieces max ms | whole text ms | tokens in pieces | exact tokens | relative error");
  for (const testCase of cases) {
    const pieces: Array<{ ms: number; cpuMs: number }> = [];
    const whole: Array<{ ms: number; cpuMs: number }> = [];
    let counted = 0;
    let exact = 0;
    for (let run = 0; run < runs; run++) {
      // Each way of counting gets its own text, so neither finds the other's pieces in the tokenizer's cache.
      pieces.push(timed(() => countTextTokens(testCase.text(1_000 + run))));
      // The unbounded count of a long run takes seconds, and of repeated text it is the same each run: once is enough.
      if (run > 0) continue;
      const text = testCase.text(2_000 + run);
      const unbounded = timed(() => tokenizer.countTokens(text));
      whole.push(unbounded);
      exact = unbounded.value;
      counted = countTextTokens(text);
    }
    const error = ((counted - exact) / exact) * 100;
    const name = testCase.repeats ? `${testCase.name} (repeated)` : testCase.name;
    const ms = (values: Array<{ ms: number; cpuMs: number }>) => `${median(values.map((v) => v.ms)).toFixed(1)} (${median(values.map((v) => v.cpuMs)).toFixed(1)})`;
    console.log(
      `${name} | ${ms(pieces)} | ${Math.max(...pieces.map((v) => v.ms)).toFixed(1)} | ${ms(whole)} | ${counted} | ${exact} | ${error >= 0 ? "+" : ""}${error.toFixed(3)}%`,
    );
  }

  // The everyday path, ordinary text whose words the tokenizer has cached, must stay exact and not get slower.
  const sentence = SENTENCE.trim();
  const sentences = SENTENCE.repeat(MESSAGE_LENGTH / SENTENCE.length + 1).slice(0, MESSAGE_LENGTH);
  compareOrdinary(`short sentence (${sentence.length} characters)`, sentence, sentenceCalls);
  compareOrdinary(`sentences (${sentences.length.toLocaleString()} characters)`, sentences, Math.max(1, Math.round(sentenceCalls / 500)));

  await compareBlocking();
  await compareOrdinaryAsync(`short sentence (${sentence.length} characters)`, sentence, sentenceCalls);
  await compareOrdinaryAsync(`sentences (${sentences.length.toLocaleString()} characters)`, sentences, Math.max(1, Math.round(sentenceCalls / 500)));
}

/**
 * The longest gap between ticks of a 1 ms interval timer while `count` counts `text`: how
 * long the event loop was held at once, which every other request waits when it comes in.
 */
async function longestBlock(count: (text: string) => number | Promise<number>, text: string) {
  const { result: tokens, longestGapMs, elapsedMs: ms } = await measureEventLoopBlock(() => count(text));
  return { longestGapMs, ms, tokens };
}

/** The largest message, Hangul without a space not counted before, in one call and in slices. */
async function compareBlocking() {
  await countTextTokensAsync(hangul(4_000, 3));
  console.log(
    `\nlargest message (${MESSAGE_LENGTH.toLocaleString()} Hangul syllables, no space), ${runs} runs: longest event-loop block, median and max; whole count, median`,
  );
  console.log("counter | longest block ms | max ms | count ms | same count");
  const sync: Array<{ longestGapMs: number; ms: number; tokens: number }> = [];
  const sliced: typeof sync = [];
  let same = true;
  for (let run = 0; run < runs; run++) {
    sync.push(await longestBlock(countTextTokens, hangul(MESSAGE_LENGTH, 3_000 + run)));
    const text = hangul(MESSAGE_LENGTH, 4_000 + run);
    const result = await longestBlock((t) => countTextTokensAsync(t), text);
    sliced.push(result);
    same &&= result.tokens === countTextTokens(text);
  }
  const row = (name: string, values: typeof sync, check: string) =>
    console.log(
      `${name} | ${median(values.map((v) => v.longestGapMs)).toFixed(1)} | ${Math.max(...values.map((v) => v.longestGapMs)).toFixed(1)} | ${median(values.map((v) => v.ms)).toFixed(1)} | ${check}`,
    );
  row("countTextTokens (one call)", sync, "-");
  row("countTextTokensAsync (slices)", sliced, same ? "yes" : "NO");
}

/** CPU per call of an ordinary text counted in one call and awaited through countTextTokensAsync, alternated (median of 5 rounds). */
async function compareOrdinaryAsync(name: string, text: string, calls: number) {
  const perCall = async (count: (text: string) => number | Promise<number>) => {
    const cpu = process.cpuUsage();
    for (let i = 0; i < calls; i++) await count(text);
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / calls;
  };
  const asyncCount = (t: string) => countTextTokensAsync(t);
  await perCall(countTextTokens);
  await perCall(asyncCount);
  const rounds: Array<{ sync: number; sliced: number }> = [];
  for (let round = 0; round < 5; round++) rounds.push({ sync: await perCall(countTextTokens), sliced: await perCall(asyncCount) });
  console.log(
    `${name}: CPU per call ${median(rounds.map((r) => r.sync)).toFixed(1)} µs in one call, ` +
      `${median(rounds.map((r) => r.sliced)).toFixed(1)} µs awaited through countTextTokensAsync (median of 5 rounds of ${calls})`,
  );
}

/** CPU per call of both ways of counting, alternated over a few rounds (median), and their counts. */
function compareOrdinary(name: string, text: string, calls: number) {
  const perCall = (count: (text: string) => number) => {
    let tokens = 0;
    const { cpuMs } = timed(() => {
      for (let i = 0; i < calls; i++) tokens = count(text);
    });
    return { micros: (cpuMs * 1000) / calls, tokens };
  };
  perCall(countTextTokens);
  perCall(tokenizer.countTokens);
  const rounds = [0, 1, 2, 3, 4].map(() => ({ pieces: perCall(countTextTokens), whole: perCall(tokenizer.countTokens) }));
  const micros = (pick: (round: (typeof rounds)[number]) => number) => median(rounds.map(pick)).toFixed(1);
  console.log(
    `${name}: ${rounds[0]!.pieces.tokens} tokens in pieces, ${rounds[0]!.whole.tokens} exact; ` +
      `CPU per call ${micros((r) => r.pieces.micros)} µs in pieces, ${micros((r) => r.whole.micros)} µs whole (median of 5 rounds of ${calls})`,
  );
}

void main();
