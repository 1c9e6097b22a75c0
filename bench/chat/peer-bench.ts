/**
 * Streaming chat through this project and through a peer gateway, in one run against one
 * upstream: the test-kit upstream in its own process (OpenAI protocol, 64 tokens 10 ms apart),
 * read by the same client through each target. Targets run one after another, their order
 * rotated every round, and each is compared with `direct` of the same round, so a machine
 * that gets busier or quieter during the run moves both sides of a comparison alike.
 *
 *   node --import tsx bench/chat/peer-bench.ts          (BENCH_QUICK=1 for a smoke run)
 *
 * Targets (the OpenAI ones all get the same body: model, stream, max_tokens, messages):
 *   direct            the upstream's POST /v1/chat/completions
 *   floor             bench/floor's chat floor: HTTP SSE relay → gRPC relay + one INSERT before
 *                     and one after the stream over gRPC, with none of the services' work
 *   portkey           @portkey-ai/gateway (its own CLI, --headless) with x-portkey-provider openai
 *                     and x-portkey-custom-host pointing at the upstream
 *   chat-distributed  POST /api/chat/stream: gateway, session (Postgres), llm-proxy (Redis), each
 *                     in its own process as bench/chat/chat-bench.ts starts them; a new session
 *                     per stream, the question and the reply stored, retrieval off (use_rag false)
 *   v1-stateless      the same gateway's POST /v1/chat/completions, no session
 *   chat-in-process, v1-in-process  chat-distributed and v1-stateless with LLM_PROXY_ADDR=in-process
 *   chat-one-process  POST /api/chat/stream with SESSION_ADDR and LLM_PROXY_ADDR in-process: one
 *                     process on Postgres and Redis
 *   embedded          `npm start`'s single process (PGlite under a fresh DATA_DIR, in-memory
 *                     stores), POST /api/chat/stream, with its default limits
 *   embedded-b        the same from another checkout (BENCH_EMBEDDED_B_ROOT) or with other Node.js flags
 *                     (BENCH_EMBEDDED_B_NODE_FLAGS), for a paired A/B
 *
 * The gateway's per-key stream cap (MAX_CONCURRENT_STREAMS_PER_KEY, default 20, and every
 * stream here comes from one anonymous caller) is raised for chat-distributed and v1-stateless
 * and left at its default for embedded unless BENCH_EMBEDDED_MAX_STREAMS is set. A refused
 * stream (429) counts as failed and as refused; its worker waits the Retry-After it was given
 * (at most 5 s), as a client would, before its next call.
 *
 * Tokens are the words of the text each stream delivered (deltas that arrive merged count in
 * full), summed over a level's window. CPU is read from /proc for every process involved
 * (Postgres and Redis: all their server processes, whoever they serve) over each target's
 * window plus a short settle for work that trails the last stream.
 *
 * Environment:
 *   BENCH_LEVELS       concurrency:streams per level, e.g. "1:50,50:400,200:1200" (the default)
 *   BENCH_ROUNDS       rounds per level (3)
 *   BENCH_QUICK=1      levels "1:20,50:100", 2 rounds, a short warm-up
 *   BENCH_TARGETS      a subset, e.g. "portkey,v1-stateless" (direct always runs)
 *   BENCH_EMBEDDED_MAX_STREAMS  MAX_CONCURRENT_STREAMS_PER_KEY for embedded (unset: its default)
 *   BENCH_EMBEDDED_B_ROOT       another checkout of this repository (installed), run as embedded-b
 *   BENCH_EMBEDDED_B_NODE_FLAGS Node.js flags for embedded-b only, e.g. --max-semi-space-size=64
 *   BENCH_TOKEN_INTERVAL_MS (10), BENCH_DATABASE_URL (admin URL; uses database chatbot_bench)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { createParser } from "eventsource-parser";
import { freePort, testStores } from "@chatbot/testkit";
import { startUpstream } from "../llm-proxy/bench-processes";
import { startChatFloor } from "../floor/start-floor";
import { benchDatabaseUrl } from "../support/bench-database";
import { startDistributedChat } from "../support/chat-services";
import { runConcurrently } from "../support/concurrency";
import { cpuMicrosBetween, cpuMicrosByPid, cpuMicrosOf, postgresProcessOf } from "../support/process-cpu";
import { repositoryRoot, waitUntil } from "../support/processes";
import { percentile } from "../support/stats";

const TOKENS = 64;
const TOKEN_INTERVAL_MS = Number(process.env.BENCH_TOKEN_INTERVAL_MS ?? 10);
const QUICK = process.env.BENCH_QUICK === "1";
const LEVELS = (process.env.BENCH_LEVELS ?? (QUICK ? "1:20,50:100" : "1:50,50:400,200:1200")).split(",").map((level) => {
  const [concurrency, streams] = level.split(":").map(Number);
  if (!(concurrency! > 0 && streams! > 0)) throw new Error(`BENCH_LEVELS: "${level}" is not concurrency:streams`);
  return { concurrency: concurrency!, streams: streams! };
});
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 3));
const WARMUP_STREAMS = QUICK ? 40 : 100;
/** One reply's nominal duration: each level's workers start spread over it, for steady arrivals. */
const STREAM_MS = TOKENS * TOKEN_INTERVAL_MS;
/** After a target's last stream, before its CPU is read: replies are stored after their last event. */
const SETTLE_MS = 300;
const STREAM_TIMEOUT_MS = 60_000;
const QUESTION = "부산에서 하루 동안 가 볼 만한 곳을 알려 주세요.";
const OPENAI_BODY = Buffer.from(JSON.stringify({ model: "bench-model", stream: true, max_tokens: TOKENS, messages: [{ role: "user", content: QUESTION }] }));
/** Retrieval off: the distributed target runs no retrieval service (as in chat-bench) and the peer does none. */
const API_BODY = Buffer.from(JSON.stringify({ message: QUESTION, max_new_tokens: TOKENS, use_rag: false }));

const ALL_TARGETS = [
  "direct",
  "floor",
  "portkey",
  "chat-distributed",
  "v1-stateless",
  "chat-in-process",
  "v1-in-process",
  "chat-one-process",
  "embedded",
  "embedded-b",
] as const;
type TargetName = (typeof ALL_TARGETS)[number];
/** The processes a target's streams go through; the others idle while it runs and are not counted for it. */
const PATH: Record<TargetName, string[]> = {
  direct: ["client", "upstream"],
  floor: ["client", "upstream", "http-floor", "llm-floor", "session-floor", "postgres"],
  portkey: ["client", "upstream", "portkey"],
  "chat-distributed": ["client", "upstream", "gateway", "session", "llm-proxy", "postgres", "redis"],
  "v1-stateless": ["client", "upstream", "gateway", "session", "llm-proxy", "postgres", "redis"],
  // The same services with the llm-proxy inside the gateway's process (LLM_PROXY_ADDR=in-process).
  "chat-in-process": ["client", "upstream", "gateway+llm-proxy", "session-b", "postgres", "redis"],
  "v1-in-process": ["client", "upstream", "gateway+llm-proxy", "session-b", "postgres", "redis"],
  // The session service in that process too (SESSION_ADDR=in-process): one process on Postgres and Redis.
  "chat-one-process": ["client", "upstream", "gateway+session+llm-proxy", "postgres", "redis"],
  embedded: ["client", "upstream", "embedded"],
  "embedded-b": ["client", "upstream", "embedded-b"],
};
const SELECTED = new Set<TargetName>(["direct", ...((process.env.BENCH_TARGETS?.split(",").map((name) => name.trim()) ?? ALL_TARGETS) as TargetName[])]);
for (const name of SELECTED) if (!ALL_TARGETS.includes(name)) throw new Error(`BENCH_TARGETS: unknown target "${name}" (${ALL_TARGETS.join(", ")})`);

/** How a target's events carry text: OpenAI chunks ending [DONE], the same without [DONE] (the floor relays data lines only), or /api's {chunk}…{done}. */
type Protocol = "openai" | "openai-relay" | "api";

interface Target {
  name: TargetName;
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
  protocol: Protocol;
}

interface StreamResult {
  ok: boolean;
  refused: boolean;
  /** From sending the request to the first non-empty text delta; NaN without one. */
  ttftMs: number;
  totalMs: number;
  words: number;
  error?: string;
}

const wordsOf = (text: string) => text.split(/\s+/).filter(Boolean).length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Words of a whole reply, as `direct` delivers it; a stream that delivers fewer failed. */
let expectedWords = 0;

/** One streaming POST, read as it arrives. */
function streamOnce(target: Target, agent: Agent): Promise<StreamResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    let ttftMs = Number.NaN;
    let text = "";
    let ended = false;
    let error: string | undefined;
    let settled = false;
    const finish = (extra: { refused?: boolean; error?: string; status?: number } = {}) => {
      if (settled) return;
      settled = true;
      const words = wordsOf(text);
      const why = extra.error ?? error ?? (!ended ? "stream ended early" : words < expectedWords ? `${words} of ${expectedWords} words` : undefined);
      resolve({ ok: why === undefined, refused: extra.refused ?? false, ttftMs, totalMs: performance.now() - started, words, ...(why ? { error: why } : {}) });
    };
    const onText = (delta: unknown) => {
      if (typeof delta !== "string" || delta.length === 0) return;
      if (Number.isNaN(ttftMs)) ttftMs = performance.now() - started;
      text += delta;
    };
    const parser = createParser({
      onEvent(event) {
        if (target.protocol !== "api" && event.data === "[DONE]") {
          ended = true;
          return;
        }
        let data: { choices?: { delta?: { content?: unknown } }[]; chunk?: unknown; done?: unknown; error?: unknown };
        try {
          data = JSON.parse(event.data) as typeof data;
        } catch {
          error ??= "malformed event";
          return;
        }
        if (data.error) error ??= `error event: ${JSON.stringify(data.error).slice(0, 120)}`;
        if (target.protocol === "api") {
          onText(data.chunk);
          if (data.done) ended = true;
        } else {
          onText(data.choices?.[0]?.delta?.content);
        }
      },
    });
    const req = request(
      target.url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": target.body.length, ...target.headers },
        signal: AbortSignal.timeout(STREAM_TIMEOUT_MS),
      },
      (res) => {
        if (res.statusCode !== 200) {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (body += chunk));
          res.on("end", () => {
            const refused = res.statusCode === 429;
            const retryAfter = Math.min(5, Number(res.headers["retry-after"] ?? 1) || 1);
            const failure = { refused, error: `status ${res.statusCode}: ${body.slice(0, 120)}` };
            // A client told to come back later does so before its next call.
            if (refused) void sleep(retryAfter * 1000).then(() => finish(failure));
            else finish(failure);
          });
          res.on("error", (cause) => finish({ error: cause.message }));
          return;
        }
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => parser.feed(chunk));
        res.on("end", () => {
          // The floor's relay ends its response where the upstream sent [DONE].
          if (target.protocol === "openai-relay") ended = true;
          finish();
        });
        res.on("error", (cause) => finish({ error: cause.message }));
      },
    );
    req.on("error", (cause) => finish({ error: cause.message }));
    req.end(target.body);
  });
}

/** A child process whose standard error is kept (its first lines) rather than printed. */
function quietChild(name: string, args: string[], env: NodeJS.ProcessEnv, root = repositoryRoot): { name: string; child: ChildProcess; errors: () => string[] } {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] });
  const lines: string[] = [];
  let count = 0;
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (text: string) => {
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      count += 1;
      if (lines.length < 8) lines.push(line);
    }
  });
  child.once("exit", (code, signal) => {
    if (!stopping) console.error(`${name} exited (${code ?? signal}): ${lines.join("\n")}`);
  });
  return { name, child, errors: () => (count > lines.length ? [...lines, `… ${count - lines.length} more lines`] : lines) };
}

let stopping = false;

/** Versions of Portkey and of the Hono server it actually loads, from its own node_modules. */
function portkeyVersions(entryDir: string): string {
  const versionOf = (path: string) => {
    try {
      return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
    } catch {
      return "?";
    }
  };
  const modules = join(realpathSync(entryDir), "../..");
  return `@portkey-ai/gateway ${versionOf(join(entryDir, "package.json"))}, hono ${versionOf(join(modules, "hono/package.json"))}, @hono/node-server ${versionOf(join(modules, "@hono/node-server/package.json"))}`;
}

interface RoundResult {
  ttftP50: number;
  ttftP99: number;
  totalP50: number;
  streamsPerSecond: number;
  tokensPerSecond: number;
  failed: number;
  refused: number;
  words: number;
  cpu: Record<string, number>;
  firstError?: string;
}

const median = (values: number[]) =>
  percentile(
    values.filter((value) => Number.isFinite(value)),
    50,
  );
const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");

async function main() {
  const databaseUrl = await benchDatabaseUrl();
  const upstream = await startUpstream(TOKENS, TOKEN_INTERVAL_MS);
  const openaiBaseUrl = upstream.openaiBaseUrl;
  /** Whose CPU is read: one process, or a set of them read per pid (a server's processes come and go). */
  const watched: { name: string; pid?: number; pick?: Parameters<typeof cpuMicrosByPid>[0] }[] = [
    { name: "client", pid: process.pid },
    { name: "upstream", pid: upstream.process.pid! },
  ];
  const targets: Target[] = [];
  const stops: (() => unknown)[] = [() => upstream.process.kill("SIGTERM")];
  const quietChildren: ReturnType<typeof quietChild>[] = [];
  const dataDirs: string[] = [];

  const openAiTarget = (name: TargetName, url: string, headers: Record<string, string> = {}, protocol: Protocol = "openai"): Target => ({
    name,
    url: new URL(url),
    headers: { authorization: "Bearer bench", ...headers },
    body: OPENAI_BODY,
    protocol,
  });
  const apiTarget = (name: TargetName, baseUrl: string): Target => ({ name, url: new URL(`${baseUrl}/api/chat/stream`), headers: {}, body: API_BODY, protocol: "api" });

  try {
    targets.push(openAiTarget("direct", `${openaiBaseUrl}/chat/completions`));

    if (SELECTED.has("floor")) {
      const floor = await startChatFloor(databaseUrl, openaiBaseUrl);
      stops.push(() => floor.stop());
      for (const relay of floor.floors) watched.push({ name: relay.name, pid: relay.child.pid! });
      targets.push(openAiTarget("floor", `${floor.url}/chat`, {}, "openai-relay"));
    }

    let portkeyDescription = "";
    if (SELECTED.has("portkey")) {
      const packageDir = dirname(require.resolve("@portkey-ai/gateway/package.json"));
      portkeyDescription = portkeyVersions(packageDir);
      const port = await freePort();
      // Why the root package.json overrides Portkey's @hono/node-server (pnpm.overrides
      // "@portkey-ai/gateway>@hono/node-server": "2.1.11"): Portkey 1.15.2 asks for ^1.3.3,
      // which resolves to 1.19.x. Those versions (Portkey-AI/gateway#1389: any after 1.14.2)
      // keep a fetched response's immutable headers on the Response Portkey builds from it, so
      // Portkey starts but answers every call 500 "Something went wrong" (its updateHeaders
      // throws TypeError: immutable). node-server 2.1.11 copies those headers
      // (honojs/node-server#382). hono needs no pin (4.13.x works), and a pin of hono or
      // node-server beside Portkey in the root would change nothing: pnpm resolves Portkey's
      // own dependencies. @hono/node-ws asks for node-server ^1.19.11 as a peer; only Portkey's
      // realtime WebSocket route uses it, which this benchmark does not call.
      // Its CLI: node build/start-server.js --port=N; --headless leaves out the console UI and
      // its log stream. It listens on every interface (the CLI has no host option).
      const portkey = quietChild("portkey", [join(packageDir, "build/start-server.js"), `--port=${port}`, "--headless"], { ...process.env, NODE_ENV: "production" });
      quietChildren.push(portkey);
      stops.push(() => portkey.child.kill("SIGTERM"));
      watched.push({ name: "portkey", pid: portkey.child.pid! });
      targets.push(openAiTarget("portkey", `http://127.0.0.1:${port}/v1/chat/completions`, { "x-portkey-provider": "openai", "x-portkey-custom-host": openaiBaseUrl }));
    }

    if (SELECTED.has("chat-distributed") || SELECTED.has("v1-stateless")) {
      const chat = await startDistributedChat({ databaseUrl, openaiBaseUrl, maxTokens: TOKENS });
      stops.push(() => chat.stop());
      for (const service of chat.services) watched.push({ name: service.name, pid: service.child.pid! });
      if (SELECTED.has("chat-distributed")) targets.push(apiTarget("chat-distributed", chat.url));
      if (SELECTED.has("v1-stateless")) targets.push(openAiTarget("v1-stateless", `${chat.url}/v1/chat/completions`));
    }

    if (SELECTED.has("chat-in-process") || SELECTED.has("v1-in-process")) {
      const chat = await startDistributedChat({ databaseUrl, openaiBaseUrl, maxTokens: TOKENS, llmInProcess: true, redisKeyPrefix: "chatbot:bench-b" });
      stops.push(() => chat.stop());
      for (const service of chat.services) watched.push({ name: service.name, pid: service.child.pid! });
      if (SELECTED.has("chat-in-process")) targets.push(apiTarget("chat-in-process", chat.url));
      if (SELECTED.has("v1-in-process")) targets.push(openAiTarget("v1-in-process", `${chat.url}/v1/chat/completions`));
    }

    if (SELECTED.has("chat-one-process")) {
      const chat = await startDistributedChat({ databaseUrl, openaiBaseUrl, maxTokens: TOKENS, sessionInProcess: true, redisKeyPrefix: "chatbot:bench-c" });
      stops.push(() => chat.stop());
      for (const service of chat.services) watched.push({ name: service.name, pid: service.child.pid! });
      targets.push(apiTarget("chat-one-process", chat.url));
    }

    const embeddedTargets: [TargetName, string][] = [["embedded", repositoryRoot]];
    if (process.env.BENCH_EMBEDDED_B_ROOT || process.env.BENCH_EMBEDDED_B_NODE_FLAGS) {
      embeddedTargets.push(["embedded-b", realpathSync(process.env.BENCH_EMBEDDED_B_ROOT ?? repositoryRoot)]);
    }
    for (const [name, root] of embeddedTargets) {
      if (!SELECTED.has(name)) continue;
      const port = await freePort();
      const dataDir = mkdtempSync(join(tmpdir(), `peer-bench-${name}-`));
      dataDirs.push(dataDir);
      const env: NodeJS.ProcessEnv = { ...process.env };
      // Nothing from this shell may turn the embedded system into another one.
      for (const variable of [
        "DATABASE_URL",
        "REDIS_URL",
        "QDRANT_URL",
        "MAX_CONCURRENT_STREAMS_PER_KEY",
        "MAX_CONNECTIONS_PER_ADDRESS",
        "AUTH_MODE",
        "RATE_LIMIT_PER_MINUTE",
      ])
        delete env[variable];
      Object.assign(env, {
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: "warn",
        LLM_PROVIDER: "openai",
        OPENAI_API_KEY: "bench",
        OPENAI_BASE_URL: openaiBaseUrl,
        LLM_MODEL: "bench-model",
        ...(process.env.BENCH_EMBEDDED_MAX_STREAMS ? { MAX_CONCURRENT_STREAMS_PER_KEY: process.env.BENCH_EMBEDDED_MAX_STREAMS } : {}),
      });
      const flags = name === "embedded-b" ? (process.env.BENCH_EMBEDDED_B_NODE_FLAGS?.split(" ").filter(Boolean) ?? []) : [];
      const embedded = quietChild(name, [...flags, "--import", "tsx", join(root, "packages/embedded/src/main.ts")], env, root);
      quietChildren.push(embedded);
      stops.push(
        () =>
          new Promise<void>((resolve) => {
            if (embedded.child.exitCode !== null) return resolve();
            embedded.child.once("exit", () => resolve());
            embedded.child.kill("SIGTERM");
          }),
      );
      watched.push({ name, pid: embedded.child.pid! });
      targets.push(apiTarget(name, `http://127.0.0.1:${port}`));
    }
    // Postgres: the server's own processes and the backends of the bench database. Redis: the
    // server the services use (other clients of it on a shared machine are counted too).
    const redisPort = new URL(testStores.redisUrl).port || "6379";
    watched.push(
      { name: "postgres", pick: postgresProcessOf(new URL(databaseUrl).pathname.slice(1)) },
      { name: "redis", pick: ({ comm, cmdline }) => comm === "redis-server" && cmdline.endsWith(`:${redisPort}`) },
    );
    const cpuNow = () => watched.map((entry) => (entry.pick ? cpuMicrosByPid(entry.pick) : cpuMicrosOf(entry.pid!)));
    const cpuSince = (before: ReturnType<typeof cpuNow>): Record<string, number> => {
      const after = cpuNow();
      return Object.fromEntries(
        watched.map((entry, index) => {
          const [from, to] = [before[index]!, after[index]!];
          return [entry.name, typeof from === "number" ? (to as number) - from : cpuMicrosBetween(from, to as Map<number, number>)];
        }),
      );
    };

    // Every target answers a whole reply, then is warmed (JIT, pools), before anything is measured.
    const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
    const first = await streamOnce(targets[0]!, agent);
    expectedWords = first.words;
    if (!first.ok) throw new Error(`direct: ${first.error}`);
    for (const target of targets) {
      await waitUntil(async () => (await streamOnce(target, agent)).ok, 120_000).catch(() => {
        throw new Error(`${target.name} did not answer a stream`);
      });
    }
    for (const target of targets) await runConcurrently(20, WARMUP_STREAMS, () => streamOnce(target, agent));
    agent.destroy();
    console.log(
      `peer benchmark: ${cpus().length} CPUs, node ${process.version}, load ${loadavg()
        .map((value) => value.toFixed(2))
        .join(" ")}; ` +
        `${TOKENS} tokens ${TOKEN_INTERVAL_MS} ms apart (${expectedWords} words a reply); levels ${LEVELS.map((level) => `${level.concurrency}:${level.streams}`).join(",")}, ${ROUNDS} rounds` +
        (portkeyDescription ? `; ${portkeyDescription}` : ""),
    );

    /** One level of one target: a closed-loop client per worker, their starts spread over one reply. */
    const runLevel = async (target: Target, concurrency: number, streams: number): Promise<RoundResult> => {
      const levelAgent = new Agent({ keepAlive: true, maxSockets: Infinity });
      const before = cpuNow();
      const run = await runConcurrently(concurrency, streams, () => streamOnce(target, levelAgent), { rampMs: STREAM_MS });
      await sleep(SETTLE_MS);
      const cpu = cpuSince(before);
      levelAgent.destroy();
      const ok = run.results.filter((result) => result.ok);
      const words = run.results.reduce((sum, result) => sum + result.words, 0);
      const ttft = ok.map((result) => result.ttftMs);
      return {
        ttftP50: percentile(ttft, 50),
        ttftP99: percentile(ttft, 99),
        totalP50: percentile(
          ok.map((result) => result.totalMs),
          50,
        ),
        streamsPerSecond: ok.length / run.seconds,
        tokensPerSecond: words / run.seconds,
        failed: run.results.length - ok.length,
        refused: run.results.filter((result) => result.refused).length,
        words,
        cpu,
        ...(run.results.find((result) => !result.ok)?.error ? { firstError: run.results.find((result) => !result.ok)!.error! } : {}),
      };
    };

    const rows: string[] = [];
    const cpuRows: string[] = [];
    const json: unknown[] = [];
    const processNames = watched.map((entry) => entry.name).filter((name) => targets.some((target) => PATH[target.name].includes(name)));
    for (const { concurrency, streams } of LEVELS) {
      const byTarget = new Map<TargetName, RoundResult[]>(targets.map((target) => [target.name, []]));
      for (let round = 0; round < ROUNDS; round += 1) {
        const order = targets.map((_, index) => targets[(index + round) % targets.length]!);
        for (const target of order) {
          const result = await runLevel(target, concurrency, streams);
          byTarget.get(target.name)!.push(result);
          console.log(
            `  c=${concurrency} round ${round + 1}/${ROUNDS} ${target.name}: TTFT p50 ${fixed(result.ttftP50)} ms, p99 ${fixed(result.ttftP99)} ms, ` +
              `${fixed(result.streamsPerSecond)} streams/s, ${Math.round(result.tokensPerSecond)} tokens/s, failed ${result.failed} (refused ${result.refused})` +
              (result.firstError ? ` — ${result.firstError}` : ""),
          );
        }
      }
      const direct = byTarget.get("direct")!;
      for (const target of targets) {
        const results = byTarget.get(target.name)!;
        const perRound = (pick: (result: RoundResult, direct: RoundResult) => number) => median(results.map((result, round) => pick(result, direct[round]!)));
        const words = results.reduce((sum, result) => sum + result.words, 0);
        // µs per word is ms per 1,000 tokens.
        const cpu = Object.fromEntries(PATH[target.name].map((name) => [name, results.reduce((sum, result) => sum + (result.cpu[name] ?? 0), 0) / Math.max(1, words)]));
        const cpuTotal = Object.values(cpu).reduce((sum, value) => sum + value, 0);
        /** What the target itself costs: all but the client and the upstream, which every target has. */
        const cpuOwn = Object.entries(cpu).reduce((sum, [name, value]) => (name === "client" || name === "upstream" ? sum : sum + value), 0);
        const summary = {
          target: target.name,
          concurrency,
          streams,
          rounds: ROUNDS,
          ttftP50: perRound((result) => result.ttftP50),
          addedTtftP50: perRound((result, d) => result.ttftP50 - d.ttftP50),
          addedTtftP99: perRound((result, d) => result.ttftP99 - d.ttftP99),
          totalP50: perRound((result) => result.totalP50),
          streamsPerSecond: perRound((result) => result.streamsPerSecond),
          streamsRatio: perRound((result, d) => result.streamsPerSecond / d.streamsPerSecond),
          tokensPerSecond: perRound((result) => result.tokensPerSecond),
          tokensRatio: perRound((result, d) => result.tokensPerSecond / d.tokensPerSecond),
          failed: results.reduce((sum, result) => sum + result.failed, 0),
          refused: results.reduce((sum, result) => sum + result.refused, 0),
          cpuMsPer1kTokens: cpu,
          cpuMsPer1kTokensTarget: cpuOwn,
          firstError: results.find((result) => result.firstError)?.firstError,
        };
        json.push(summary);
        rows.push(
          `| ${target.name} | ${concurrency} | ${streams}×${ROUNDS} | ${fixed(summary.ttftP50)} | ${fixed(summary.addedTtftP50)} | ${fixed(summary.addedTtftP99)} | ${fixed(summary.totalP50, 0)} | ` +
            `${fixed(summary.streamsPerSecond)} | ${fixed(summary.streamsRatio, 2)} | ${fixed(summary.tokensPerSecond, 0)} | ${fixed(summary.tokensRatio, 2)} | ${summary.failed} | ${summary.refused} | ${fixed(cpuOwn)} | ${fixed(cpuTotal)} |`,
        );
        cpuRows.push(
          `| ${target.name} | ${concurrency} | ${processNames.map((name) => (cpu[name] === undefined ? "" : fixed(cpu[name]!))).join(" | ")} | ${fixed(cpuTotal)} |`,
        );
      }
    }

    console.log(
      `\nload after: ${loadavg()
        .map((value) => value.toFixed(2))
        .join(" ")}`,
    );
    console.log(
      "\nMedians over rounds; added TTFT, streams/s ÷ direct and tokens/s ÷ direct are taken against direct in the same round. Tokens: words delivered. Failed includes refused (429).\n",
    );
    console.log(
      "| target | concurrency | streams×rounds | TTFT p50 ms | added TTFT p50 ms | added TTFT p99 ms | stream p50 ms | streams/s | streams/s ÷ direct | tokens/s | tokens/s ÷ direct | failed | refused | CPU ms / 1k tokens, target | CPU ms / 1k tokens, all |",
    );
    console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (const row of rows) console.log(row);
    console.log(
      "\nCPU ms per 1,000 delivered tokens, by process on each target's path (target: all but client and upstream; postgres: server processes and the bench database's backends; redis: the server at the services' URL):\n",
    );
    console.log(`| target | concurrency | ${processNames.join(" | ")} | total |`);
    console.log(`|---|---|${processNames.map(() => "---|").join("")}---|`);
    for (const row of cpuRows) console.log(row);
    for (const entry of quietChildren) {
      const errors = entry.errors();
      if (errors.length > 0) console.log(`\n${entry.name} wrote to standard error:\n${errors.join("\n")}`);
    }
    console.log(
      JSON.stringify({
        benchmark: "peer",
        tokens: TOKENS,
        tokenIntervalMs: TOKEN_INTERVAL_MS,
        expectedWords,
        rounds: ROUNDS,
        portkey: portkeyDescription,
        results: json,
      }),
    );
  } finally {
    stopping = true;
    for (const stop of stops.reverse()) await stop();
    for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
