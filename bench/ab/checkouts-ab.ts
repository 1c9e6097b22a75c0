/**
 * Paired A/B of the chat path between two checkouts: did a change (a refactor, say) change what
 * the chat path costs, beyond noise? Each side is its own session, llm-proxy and gateway, each a
 * process started from its own checkout (its own code, its own node_modules and tsx); "before" is
 * the checkout given by `--before`, "after" this one (or `--after`). As in bench/tricks/ab.ts, both
 * sides take the same load at the same time in every round (which side's load starts first
 * alternates), so that whatever else the machine does hits both alike, and the measure is the CPU
 * of the side's processes (all threads, from /proc schedstat) per streamed token or per request.
 *
 *   node --import tsx bench/ab/checkouts-ab.ts --before <checkout> [--after <checkout>] [--rounds 8]
 *     [--loads chat,v1,unary] [--streams 200] [--stream-concurrency 40] [--requests 3000] [--concurrency 16] [--aa]
 *
 *   chat   POST /api/chat/stream, a new session per stream (the stored chat path); CPU per token
 *   v1     POST /v1/chat/completions, streamed (stateless); CPU per token
 *   unary  GET /api/sessions/{id} of existing sessions; CPU per request
 *
 * `--aa` first runs the "after" checkout on both sides (the same rounds and loads): the spread of
 * those "savings" is this machine's noise at that moment. Then the A/B. The verdict on a load is
 * "no change beyond noise" when the A/B's median saving, (before − after) / before, lies within
 * that A/A spread, or within ±3% without `--aa`.
 *
 * Shared by both sides, and not counted: Postgres (BENCH_DATABASE_URL as for the other benches;
 * each side its own database, chatbot_bench_before and chatbot_bench_after, as the session
 * service's schema name is fixed), Redis (TEST_REDIS_URL; each side its own key prefix), the
 * test-kit upstream (64 tokens, 10 ms apart) and this client. Both checkouts must be installed
 * (`node scripts/ensure-installed.mjs` in each).
 */
import { existsSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { resolve as resolvePath } from "node:path";
import { startUpstream } from "../llm-proxy/bench-processes";
import { argument, numberArgument } from "../support/arguments";
import { benchDatabaseUrl } from "../support/bench-database";
import { runConcurrently } from "../support/concurrency";
import { preciseCpuMicrosOf } from "../support/process-cpu";
import { startDistributedChat } from "../support/chat-services";
import { repositoryRoot, waitUntil, type ServiceProcess } from "../support/processes";
import { measureStream } from "../support/sse-stream";

const A_A = process.argv.includes("--aa");
const BEFORE_ROOT = resolvePath(argument("before", ""));
const AFTER_ROOT = resolvePath(argument("after", repositoryRoot));
const ROUNDS = numberArgument("rounds", 8);
const STREAMS = numberArgument("streams", 200);
const STREAM_CONCURRENCY = numberArgument("stream-concurrency", 40);
const REQUESTS = numberArgument("requests", 3000);
const REQUEST_CONCURRENCY = numberArgument("concurrency", 16);
const ALL_LOADS = ["chat", "v1", "unary"] as const;
type LoadName = (typeof ALL_LOADS)[number];
const LOADS = argument("loads", ALL_LOADS.join(","))
  .split(",")
  .map((name) => name.trim()) as LoadName[];
/** Without an A/A run to read it against, a median saving within this is taken for noise. */
const DEFAULT_NOISE = 0.03;
const TOKENS = 64;
const TOKEN_INTERVAL_MS = 10;
/** After a block's last stream, before the CPU is read: replies are stored after their last event. */
const SETTLE_MS = 300;
const SERVICES = ["session", "llm-proxy", "gateway"] as const;
type ServiceName = (typeof SERVICES)[number];
const QUESTION = "부산에서 하루 동안 가 볼 만한 곳을 알려 주세요.";
const CHAT_BODY = { message: QUESTION, max_new_tokens: TOKENS, use_rag: false };
const V1_BODY = { model: "bench-model", stream: true, max_tokens: TOKENS, messages: [{ role: "user", content: QUESTION }] };

type SideName = "before" | "after";

/** One side: a checkout's three services and a client of its gateway. */
interface Side {
  name: SideName;
  root: string;
  /** The gateway's base URL. */
  url: string;
  services: ServiceProcess[];
  requestAgent: Agent;
  sessionIds: string[];
  /** Set once the side is being stopped: its processes' exits are expected then. */
  stopping: boolean;
}

/** One side's CPU over a block: all three processes, and each. */
interface Measured {
  perUnit: number;
  byService: Record<ServiceName, number>;
}

interface LoadResult {
  load: LoadName;
  unit: "token" | "request";
  before: number[];
  after: number[];
  savings: number[];
  byService: Record<SideName, Record<ServiceName, number[]>>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  if (!argument("before", "")) throw new Error("usage: checkouts-ab.ts --before <checkout> [--after <checkout>] [--rounds N] [--loads chat,v1,unary] [--aa]");
  for (const load of LOADS) if (!ALL_LOADS.includes(load)) throw new Error(`--loads: unknown load "${load}" (${ALL_LOADS.join(", ")})`);
  for (const root of [BEFORE_ROOT, AFTER_ROOT])
    for (const service of SERVICES) {
      const entry = `${root}/services/${service}/src/main.ts`;
      if (!existsSync(entry)) throw new Error(`${entry} does not exist`);
    }
  if (!existsSync(`${BEFORE_ROOT}/node_modules/tsx`)) throw new Error(`${BEFORE_ROOT} is not installed (run node scripts/ensure-installed.mjs there)`);

  const upstream = await startUpstream(TOKENS, TOKEN_INTERVAL_MS);
  process.once("exit", () => upstream.process.kill("SIGTERM"));
  try {
    // With --aa, first the same checkout on both sides: its spread is the noise the A/B is read against.
    const noise = A_A ? await runPair(AFTER_ROOT, upstream.openaiBaseUrl, "A/A") : undefined;
    const results = await runPair(BEFORE_ROOT, upstream.openaiBaseUrl, "A/B");

    console.log("");
    console.log(`summary${noise ? " (noise: the A/A run's spread of savings per load)" : ` (noise: ±${100 * DEFAULT_NOISE}%, without an A/A run)`}`);
    const header = ["load", "unit", "before µs", "after µs", "saving (median)", "rounds' spread", ...(noise ? ["A/A spread"] : []), "verdict"];
    const rows = results.map((result) => {
      const saving = median(result.savings);
      const aa = noise?.find((entry) => entry.load === result.load)?.savings;
      const [low, high] = aa ? [Math.min(...aa), Math.max(...aa)] : [-DEFAULT_NOISE, DEFAULT_NOISE];
      const verdict = saving >= low && saving <= high ? "no change beyond noise" : saving > 0 ? "after is cheaper" : "after is dearer";
      return [
        result.load,
        result.unit,
        median(result.before).toFixed(1),
        median(result.after).toFixed(1),
        percent(saving),
        `${percent(Math.min(...result.savings))} to ${percent(Math.max(...result.savings))}`,
        ...(aa ? [`${percent(low)} to ${percent(high)}`] : []),
        verdict,
      ];
    });
    printTable(header, rows);
    console.log("per process (medians, µs per unit):");
    printTable(
      ["load", ...SERVICES.flatMap((service) => [`${service} before`, `${service} after`])],
      results.map((result) => [
        result.load,
        ...SERVICES.flatMap((service) => [median(result.byService.before[service]).toFixed(1), median(result.byService.after[service]).toFixed(1)]),
      ]),
    );
    const summarise = (entries: LoadResult[]) =>
      entries.map((result) => ({ ...result, beforeMedian: median(result.before), afterMedian: median(result.after), saving: median(result.savings) }));
    console.log(
      JSON.stringify({ benchmark: "checkouts-ab", before: BEFORE_ROOT, after: AFTER_ROOT, loads: summarise(results), ...(noise ? { aa: summarise(noise) } : {}) }),
    );
  } finally {
    upstream.process.kill("SIGTERM");
  }
}

/** Starts both sides ("before" from `beforeRoot`, "after" from AFTER_ROOT), runs every load, stops them. */
async function runPair(beforeRoot: string, openaiBaseUrl: string, label: "A/A" | "A/B"): Promise<LoadResult[]> {
  const sides: Side[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const side of sides) side.stopping = true;
    await Promise.all(sides.flatMap((side) => side.services.map((service) => service.stop())));
    for (const side of sides) {
      side.requestAgent.destroy();
    }
  };
  const onSignal = () => void stop().then(() => process.exit(1));
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  try {
    for (const name of ["before", "after"] as const) sides.push(await startSide(name, name === "before" ? beforeRoot : AFTER_ROOT, openaiBaseUrl));
    const [before, after] = sides as [Side, Side];
    console.log(label === "A/A" ? `\n=== A/A: ${AFTER_ROOT} on both sides; the 'saving' is noise` : `\n=== A/B\nbefore: ${before.root}\nafter:  ${after.root}`);
    for (const side of sides) console.log(`${side.name} pids: ${side.services.map((service) => `${service.name} ${service.child.pid}`).join(", ")}`);
    console.log(
      `${ROUNDS} rounds per load; streams: ${STREAMS} per block, ${STREAM_CONCURRENCY} at a time; requests: ${REQUESTS} per block, ${REQUEST_CONCURRENCY} at a time`,
    );
    const results: LoadResult[] = [];
    for (const load of LOADS) results.push(await runLoad(load, before, after));
    return results;
  } finally {
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
    await stop();
  }
}

/** Warm-up, then ROUNDS paired rounds of one load. */
async function runLoad(load: LoadName, before: Side, after: Side): Promise<LoadResult> {
  const unit = load === "unary" ? "request" : "token";
  const emptyByService = () => Object.fromEntries(SERVICES.map((service) => [service, [] as number[]])) as Record<ServiceName, number[]>;
  const result: LoadResult = { load, unit, before: [], after: [], savings: [], byService: { before: emptyByService(), after: emptyByService() } };
  console.log(`\n${load}: CPU per ${unit} of each side's session + llm-proxy + gateway`);
  // Warm-up: both sides' code optimised, pools and connections open.
  for (let block = 0; block < 2; block += 1) await Promise.all([before, after].map((side) => measureBlock(load, side)));
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? [before, after] : [after, before];
    const measured: Partial<Record<SideName, Measured>> = {};
    await Promise.all(
      order.map(async (side) => {
        measured[side.name] = await measureBlock(load, side);
      }),
    );
    const b = measured.before!;
    const a = measured.after!;
    result.before.push(b.perUnit);
    result.after.push(a.perUnit);
    result.savings.push((b.perUnit - a.perUnit) / b.perUnit);
    for (const service of SERVICES) {
      result.byService.before[service].push(b.byService[service]);
      result.byService.after[service].push(a.byService[service]);
    }
    const detail = (m: Measured) => SERVICES.map((service) => `${service} ${m.byService[service].toFixed(1)}`).join(", ");
    console.log(
      `round ${round + 1} (${order[0]!.name} started first): before ${b.perUnit.toFixed(1)} µs (${detail(b)}), ` +
        `after ${a.perUnit.toFixed(1)} µs (${detail(a)}), saving ${percent(result.savings.at(-1)!)}`,
    );
  }
  return result;
}

/** One block of `load` on `side`: CPU of each of its processes per unit served. */
async function measureBlock(load: LoadName, side: Side): Promise<Measured> {
  const cpu = () => side.services.map((service) => preciseCpuMicrosOf(service.child.pid!));
  const start = cpu();
  const units = load === "unary" ? await unaryBlock(side) : await streamBlock(load, side);
  if (load !== "unary") await sleep(SETTLE_MS);
  const end = cpu();
  const byService = Object.fromEntries(side.services.map((service, index) => [service.name, (end[index]! - start[index]!) / units])) as Record<ServiceName, number>;
  return { perUnit: SERVICES.reduce((sum, service) => sum + byService[service], 0), byService };
}

async function streamBlock(load: "chat" | "v1", side: Side): Promise<number> {
  const run = await runConcurrently(STREAM_CONCURRENCY, STREAMS, () => streamOnce(side, load), { rampMs: TOKENS * TOKEN_INTERVAL_MS });
  const failed = run.results.filter((error) => error !== undefined);
  if (failed.length > 0) throw new Error(`${side.name} ${load}: ${failed.length} of ${STREAMS} streams failed, e.g. ${failed[0]}`);
  return STREAMS * TOKENS;
}

async function unaryBlock(side: Side): Promise<number> {
  let next = 0;
  const run = await runConcurrently(REQUEST_CONCURRENCY, REQUESTS, () => get(side, `/api/sessions/${side.sessionIds[next++ % side.sessionIds.length]}`));
  const failed = run.results.filter((status) => status !== 200).length;
  if (failed > 0) throw new Error(`${side.name} unary: ${failed} of ${REQUESTS} requests failed`);
  return REQUESTS;
}

/** Starts one side's three services from `root` and waits for its gateway; makes 100 sessions for the unary load. */
async function startSide(name: SideName, root: string, openaiBaseUrl: string): Promise<Side> {
  const databaseUrl = await benchDatabaseUrl(`chatbot_bench_${name}`);
  const chat = await startDistributedChat({ databaseUrl, openaiBaseUrl, maxTokens: TOKENS, root, redisKeyPrefix: `chatbot:bench:ab-${name}` });
  const services = chat.services;
  const side: Side = {
    name,
    root,
    url: chat.url,
    services,
    requestAgent: new Agent({ keepAlive: true, maxSockets: REQUEST_CONCURRENCY }),
    sessionIds: [],
    stopping: false,
  };
  for (const service of services)
    service.child.once("exit", (code, signal) => {
      if (!side.stopping) console.error(`${name} ${service.name} exited (${signal ?? code})`);
    });
  const base = chat.url;
  await waitUntil(async () => (await fetch(`${base}/api/sessions`, { method: "POST" })).status === 201);
  for (let index = 0; index < 100; index += 1) {
    const response = await fetch(`${base}/api/sessions`, { method: "POST" });
    side.sessionIds.push(((await response.json()) as { session_id: string }).session_id);
  }
  return side;
}

function get(side: Side, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${side.url}${path}`, { agent: side.requestAgent, method: "GET" }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
    request.end();
  });
}

/** One streaming POST read to its end; resolves to why it failed, or undefined. */
async function streamOnce(side: Side, load: "chat" | "v1"): Promise<string | undefined> {
  const measured =
    load === "chat"
      ? await measureStream(`${side.url}/api/chat/stream`, CHAT_BODY, chatDelta, (data) => (JSON.parse(data) as { done?: unknown }).done !== undefined)
      : await measureStream(`${side.url}/v1/chat/completions`, V1_BODY, v1Delta, (data) => data === "[DONE]");
  return measured.ok ? undefined : (measured.error ?? "no text");
}

const chatDelta = (data: string) => (JSON.parse(data) as { chunk?: string }).chunk;
const v1Delta = (data: string) => (JSON.parse(data) as { choices?: { delta?: { content?: string } }[] }).choices?.[0]?.delta?.content;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function percent(value: number): string {
  return `${value >= 0 ? "+" : ""}${(100 * value).toFixed(1)}%`;
}

function printTable(header: string[], rows: string[][]) {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ");
  console.log(line(header));
  console.log(line(widths.map((width) => "-".repeat(width))));
  for (const row of rows) console.log(line(row));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
