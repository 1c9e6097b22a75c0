/**
 * Paired A/B of `npm start`'s two layouts, each in its own process (embedded-process.ts):
 * "one-thread" (every service in one thread on one shared PGlite: what npm start ran before)
 * and "threads" (each backend service in its own thread with its own PGlite: what it runs now).
 *
 * 1. Start-up, one system at a time: a new DATA_DIR, then a restart on it. Wall time from
 *    spawning the process to the system answering, the process's CPU time by then, its RSS
 *    once settled, and how long SIGTERM takes to end it.
 * 2. Streaming: both systems run (on the DATA_DIRs of step 1) against one test-kit upstream
 *    (64 tokens, 10 ms apart, OpenAI protocol, its own process) and take turns with the same
 *    client: in every round and level, the upstream read directly, then each system alone
 *    (the order alternates between rounds), so each ratio compares runs made moments apart.
 *    `POST /api/chat/stream` (a new session per stream: session, retrieval and llm-proxy all
 *    work). Reported per level: tokens/s ÷ direct, TTFT p50 added to direct, the system
 *    process's CPU per token and cores busy, medians over the rounds.
 *
 *   node --import tsx bench/embedded/embedded-ab.ts
 *
 * BENCH_LEVELS ("50:400,200:1600" = concurrency:streams), BENCH_ROUNDS (3),
 * BENCH_TOKEN_INTERVAL_MS (10), BENCH_STARTUPS (1: fresh + restart pairs per layout).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { startUpstream } from "../llm-proxy/bench-processes";
import { runConcurrently } from "../support/concurrency";
import { cpuMicrosOf } from "../support/process-cpu";
import { memoryOf, repositoryRoot } from "../support/processes";
import { measureStream, type StreamMeasurement } from "../support/sse-stream";
import { percentile } from "../support/stats";

const TOKENS = 64;
const TOKEN_INTERVAL_MS = Number(process.env.BENCH_TOKEN_INTERVAL_MS ?? 10);
const LEVELS = (process.env.BENCH_LEVELS ?? "50:400,200:1600").split(",").map((level) => {
  const [concurrency, streams] = level.split(":").map(Number);
  return { concurrency: concurrency!, streams: streams! };
});
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STARTUPS = Number(process.env.BENCH_STARTUPS ?? 1);
/** One reply's nominal duration: each level's workers start spread over it, for steady arrivals. */
const STREAM_MS = TOKENS * TOKEN_INTERVAL_MS;
const QUESTION = "부산에서 하루 동안 가 볼 만한 곳을 알려 주세요.";
const LAYOUTS = ["one-thread", "threads"] as const;
type Layout = (typeof LAYOUTS)[number];

interface RunningSystem {
  layout: Layout;
  child: ChildProcess;
  url: string;
  /** From spawning the process to the system answering. */
  readyMs: number;
  exited: Promise<void>;
}

function startSystem(layout: Layout, dataDir: string, upstreamBaseUrl: string): Promise<RunningSystem> {
  const began = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "embedded-process.ts")], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      BENCH_LAYOUT: layout,
      DATA_DIR: dataDir,
      PORT: "0",
      LOG_LEVEL: "warn",
      LLM_PROVIDER: "openai",
      OPENAI_API_KEY: "bench",
      OPENAI_BASE_URL: upstreamBaseUrl,
      LLM_MODEL: "bench-model",
      LLM_MAX_RETRIES: "0",
      CACHE_TTL: "0",
      DEFAULT_MAX_TOKENS: String(TOKENS),
      // One client opens every stream here; the per-key and per-address caps would turn most away.
      MAX_CONCURRENT_STREAMS_PER_KEY: "5000",
      MAX_CONNECTIONS_PER_ADDRESS: "5000",
      DATABASE_URL: "",
      QDRANT_URL: "",
      REDIS_URL: "",
    },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    void exited.then(() => reject(new Error(`the ${layout} system exited before it answered`)));
    createInterface({ input: child.stdout! }).once("line", (line) => {
      const { url } = JSON.parse(line) as { url: string };
      resolve({ layout, child, url, readyMs: performance.now() - began, exited });
    });
  });
}

async function stopSystem(system: RunningSystem): Promise<number> {
  const began = performance.now();
  system.child.kill("SIGTERM");
  await system.exited;
  return performance.now() - began;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const median = (values: number[]) => percentile(values, 50);

async function measureStartups(upstreamBaseUrl: string) {
  const rows: Record<string, unknown>[] = [];
  const dataDirs = {} as Record<Layout, string>;
  for (let repeat = 0; repeat < STARTUPS; repeat += 1) {
    for (const kind of ["new DATA_DIR", "restart"] as const) {
      for (const layout of LAYOUTS) {
        if (kind === "new DATA_DIR") {
          if (dataDirs[layout]) rmSync(dataDirs[layout], { recursive: true, force: true });
          dataDirs[layout] = mkdtempSync(join(tmpdir(), `embedded-ab-${layout}-`));
        }
        const system = await startSystem(layout, dataDirs[layout], upstreamBaseUrl);
        const cpuAtReady = cpuMicrosOf(system.child.pid!) / 1e6;
        await new Promise((resolve) => setTimeout(resolve, 3000));
        const memory = memoryOf(system.child.pid!);
        const stopMs = await stopSystem(system);
        rows.push({
          layout,
          start: kind,
          "ready s": round(system.readyMs / 1000, 1),
          "CPU s by then": round(cpuAtReady, 1),
          "RSS MB": memory.rssMb,
          "peak RSS MB": memory.peakRssMb,
          "SIGTERM to exit ms": Math.round(stopMs),
          "machine load": round(loadavg()[0]!, 1),
        });
        console.log(JSON.stringify(rows.at(-1)));
      }
    }
  }
  return { rows, dataDirs };
}

function summarize(measurements: StreamMeasurement[], seconds: number) {
  const ok = measurements.filter((measurement) => measurement.ok);
  const ttft = ok.map((measurement) => measurement.ttftMs);
  return {
    ttftP50: percentile(ttft, 50),
    ttftP99: percentile(ttft, 99),
    tokens: ok.reduce((sum, measurement) => sum + measurement.tokens, 0),
    tokensPerSecond: ok.reduce((sum, measurement) => sum + measurement.tokens, 0) / seconds,
    failures: measurements.length - ok.length,
    firstError: measurements.find((measurement) => !measurement.ok)?.error,
  };
}

async function main() {
  const upstream = await startUpstream(TOKENS, TOKEN_INTERVAL_MS);
  const cleanups: (() => void)[] = [() => upstream.process.kill("SIGTERM")];
  try {
    console.log(`start-up, one system at a time (${STARTUPS}× new DATA_DIR + restart per layout):`);
    const startups = await measureStartups(upstream.openaiBaseUrl);
    cleanups.push(() => Object.values(startups.dataDirs).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
    console.table(startups.rows);

    const systems = {} as Record<Layout, RunningSystem>;
    for (const layout of LAYOUTS) {
      systems[layout] = await startSystem(layout, startups.dataDirs[layout], upstream.openaiBaseUrl);
      cleanups.push(() => systems[layout].child.kill("SIGTERM"));
    }
    const direct = () =>
      measureStream(
        `${upstream.openaiBaseUrl}/chat/completions`,
        { model: "bench-model", stream: true, max_tokens: TOKENS, messages: [{ role: "user", content: QUESTION }] },
        (data) => (JSON.parse(data) as { choices?: { delta?: { content?: string } }[] }).choices?.[0]?.delta?.content,
        (data) => data === "[DONE]",
      );
    const through = (system: RunningSystem) => () =>
      measureStream(
        `${system.url}/api/chat/stream`,
        { message: QUESTION, max_new_tokens: TOKENS },
        (data) => (JSON.parse(data) as { chunk?: string }).chunk,
        (data) => {
          const parsed = JSON.parse(data) as { done?: boolean; error?: unknown };
          return Boolean(parsed.done || parsed.error);
        },
        (data) => (JSON.parse(data) as { usage?: { completion_tokens?: number } }).usage?.completion_tokens,
      );

    // Warm every path (JIT, connection pools, PGlite caches) before measuring.
    await runConcurrently(20, 100, direct);
    for (const layout of LAYOUTS) await runConcurrently(20, 200, through(systems[layout]));

    console.log(`\nstreaming: ${ROUNDS} rounds; per level the upstream directly, then each layout alone (order alternating)`);
    type Sample = { ratio: number; addedTtftP50: number; addedTtftP99: number; cpuPerToken: number; coresBusy: number; failures: number; error?: string };
    const samples = new Map<string, Sample[]>();
    for (let index = 0; index < ROUNDS; index += 1) {
      for (const { concurrency, streams } of LEVELS) {
        const directRun = await runConcurrently(concurrency, streams, direct, { rampMs: STREAM_MS });
        const d = summarize(directRun.results, directRun.seconds);
        const order = index % 2 === 0 ? LAYOUTS : ([...LAYOUTS].reverse() as Layout[]);
        // The machine's load: on a shared machine, what else runs decides how many cores are left.
        const line: string[] = [`round ${index + 1} c=${concurrency} (load ${loadavg()[0]!.toFixed(1)}): direct ${Math.round(d.tokensPerSecond)} tok/s`];
        for (const layout of order) {
          const system = systems[layout];
          const cpuBefore = cpuMicrosOf(system.child.pid!);
          const run = await runConcurrently(concurrency, streams, through(system), { rampMs: STREAM_MS });
          const cpu = cpuMicrosOf(system.child.pid!) - cpuBefore;
          const s = summarize(run.results, run.seconds);
          const sample: Sample = {
            ratio: s.tokensPerSecond / d.tokensPerSecond,
            addedTtftP50: s.ttftP50 - d.ttftP50,
            addedTtftP99: s.ttftP99 - d.ttftP99,
            cpuPerToken: cpu / Math.max(1, s.tokens),
            coresBusy: cpu / 1e6 / run.seconds,
            failures: s.failures + d.failures,
            ...(s.firstError ? { error: s.firstError } : {}),
          };
          const key = `${layout}@${concurrency}`;
          samples.set(key, [...(samples.get(key) ?? []), sample]);
          line.push(
            `${layout} ${Math.round(s.tokensPerSecond)} tok/s (${round(sample.ratio)}×), +${Math.round(sample.addedTtftP50)} ms TTFT p50, ${round(sample.coresBusy)} cores`,
          );
        }
        console.log(line.join(" | "));
      }
    }

    const rows = LEVELS.flatMap(({ concurrency, streams }) =>
      LAYOUTS.map((layout) => {
        const list = samples.get(`${layout}@${concurrency}`)!;
        return {
          concurrency,
          streams,
          layout,
          "tokens/s ÷ direct": round(median(list.map((sample) => sample.ratio))),
          "added TTFT p50 ms": round(median(list.map((sample) => sample.addedTtftP50)), 1),
          "added TTFT p99 ms": round(median(list.map((sample) => sample.addedTtftP99)), 1),
          "CPU µs/token": Math.round(median(list.map((sample) => sample.cpuPerToken))),
          "cores busy": round(median(list.map((sample) => sample.coresBusy))),
          failures: list.reduce((sum, sample) => sum + sample.failures, 0),
          ...(list.find((sample) => sample.error) ? { error: list.find((sample) => sample.error)!.error } : {}),
        };
      }),
    );
    console.log("\nmedians over the rounds:");
    console.table(rows);
    const memory = LAYOUTS.map((layout) => ({ layout, ...memoryOf(systems[layout].child.pid!) }));
    console.log("memory after the streaming runs:");
    console.table(memory);
    console.log(
      JSON.stringify({ benchmark: "embedded-ab", tokens: TOKENS, tokenIntervalMs: TOKEN_INTERVAL_MS, rounds: ROUNDS, startups: startups.rows, streaming: rows, memory }),
    );
    for (const layout of LAYOUTS) await stopSystem(systems[layout]);
  } finally {
    for (const cleanup of cleanups.reverse()) cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
