/**
 * Paired A/B of one hot-path trick that reaches into a library's internals: two copies of the
 * process that carries it run side by side, "on" as shipped and "off" with BENCH_PLAIN=<trick>
 * (the plain library usage), and take the same load in every round, at the same time (which
 * one's load starts first alternates), so that whatever else the machine does hits both alike:
 * taking turns instead let the machine's load swing single rounds by ±30%. The measure is that
 * process's CPU (all its threads, from /proc schedstat) per request or per streamed token,
 * which a busy machine disturbs far less than latency.
 *
 *   node --import tsx bench/tricks/ab.ts <trick> [--rounds 10] [--requests 3000] [--streams 200] [--aa]
 *
 *   app-classes         gateway, GET /api/sessions/{id}, CPU per request
 *   event-stream-fetch  llm-proxy, Generate of 64 tokens (openai provider), CPU per token
 *
 * Tricks measured here and removed, their switches with them (results in RESULTS.md; the
 * bench as it measured them is at commit 547b944): unary-stack-traces and send-json (gateway,
 * per request) and stream-buffer (gateway, POST /api/chat/stream of 64 tokens, per token).
 *
 * `--aa` runs the trick on in both processes: the spread of its "savings" is this machine's
 * noise at that moment, against which a trick's saving is read.
 *
 * The verdict is the rule for such tricks: one stays only if it saves at least 5% (median of
 * the rounds' paired savings); read it against an A/A run's spread. Gateway tricks run against
 * the session service on Postgres (BENCH_DATABASE_URL as for bench/sessions), llm-proxy ones
 * against the test-kit upstream (64 tokens, 10 ms apart). Only the named process is measured:
 * the session service, the upstream and this client are shared by both sides.
 */
import { Agent, request as httpRequest } from "node:http";
import { createClient, protos, type llmV1 } from "@chatbot/grpc";
import { freePort } from "@chatbot/testkit";
import { argument, numberArgument } from "../support/arguments";
import { benchDatabaseUrl } from "../support/bench-database";
import { runConcurrently } from "../support/concurrency";
import { preciseCpuMicrosOf } from "../support/process-cpu";
import { spawnService, waitUntil, type ServiceProcess } from "../support/processes";
import { startProxy, startUpstream, streamThroughProxy, waitForProxy } from "../llm-proxy/bench-processes";

/** Each trick's process and load. */
const TRICKS = { "app-classes": "sessions", "event-stream-fetch": "llm-proxy" } as const satisfies Record<string, "sessions" | "llm-proxy">;
type Trick = keyof typeof TRICKS;
const THRESHOLD = 0.05;
/** Both sides with the trick on: what a difference of nothing measures as, on this machine now. */
const A_A = process.argv.includes("--aa");
const TOKENS = 64;
const TOKEN_INTERVAL_MS = 10;
const ROUNDS = numberArgument("rounds", 10);
const REQUESTS = numberArgument("requests", 3000);
const STREAMS = numberArgument("streams", 200);
const REQUEST_CONCURRENCY = numberArgument("concurrency", 16);
const STREAM_CONCURRENCY = numberArgument("stream-concurrency", 40);

/** One side of the pair: a process to measure and the load it takes in one block. */
interface Side {
  name: "on" | "off";
  pid: number;
  /** Runs one block of load; returns how many units (requests or tokens) it served. */
  block(): Promise<number>;
}

interface Setup {
  unit: "request" | "token";
  sides: [Side, Side];
  stop(): Promise<void>;
}

async function main() {
  const trick = argument("trick", process.argv[2] ?? "") as Trick;
  if (!(trick in TRICKS)) throw new Error(`usage: ab.ts <${Object.keys(TRICKS).join(" | ")}> [--rounds N] [--aa]`);
  const setup = TRICKS[trick] === "llm-proxy" ? await llmProxySetup(trick) : await sessionSetup(trick);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void setup.stop().then(() => process.exit(1)));
  try {
    if (A_A) console.log("A/A: both sides run with the trick on; the 'saving' below is noise");
    console.log(`${trick}: ${ROUNDS} rounds, CPU per ${setup.unit} of the measured process (pids on ${setup.sides[0].pid}, off ${setup.sides[1].pid})`);
    // Warm-up: both sides' code optimised, pools and connections open.
    for (let block = 0; block < 2; block += 1) await Promise.all(setup.sides.map((side) => side.block()));
    const perUnit: Record<Side["name"], number[]> = { on: [], off: [] };
    const savings: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? setup.sides : ([setup.sides[1], setup.sides[0]] as const);
      const measured: Partial<Record<Side["name"], number>> = {};
      await Promise.all(
        order.map(async (side) => {
          const before = preciseCpuMicrosOf(side.pid);
          const units = await side.block();
          measured[side.name] = (preciseCpuMicrosOf(side.pid) - before) / units;
        }),
      );
      perUnit.on.push(measured.on!);
      perUnit.off.push(measured.off!);
      savings.push(1 - measured.on! / measured.off!);
      console.log(
        `round ${round + 1} (${order[0].name} started first): on ${measured.on!.toFixed(1)} µs, off ${measured.off!.toFixed(1)} µs, saving ${(100 * savings.at(-1)!).toFixed(1)}%`,
      );
    }
    const saving = median(savings);
    const on = median(perUnit.on);
    const off = median(perUnit.off);
    console.log(
      `${trick}: CPU per ${setup.unit} on ${on.toFixed(1)} µs, off ${off.toFixed(1)} µs (medians); saving ${(100 * saving).toFixed(1)}% ` +
        `(rounds ${(100 * Math.min(...savings)).toFixed(1)}% to ${(100 * Math.max(...savings)).toFixed(1)}%)`,
    );
    console.log(`verdict: ${saving >= THRESHOLD ? "keep" : "remove"} (the rule: at least ${100 * THRESHOLD}% of CPU per ${setup.unit})`);
    console.log(JSON.stringify({ benchmark: "tricks-ab", trick, aa: A_A, unit: setup.unit, on, off, saving, savings, keep: saving >= THRESHOLD }));
  } finally {
    await setup.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** BENCH_PLAIN for a side: the trick off on the "off" side, except in an A/A run (`--aa`), which measures the noise. */
function plainFor(name: Side["name"], trick: Trick): string | undefined {
  return name === "off" && !A_A ? trick : undefined;
}

function gatewayEnv(port: number, plain: string | undefined, extra: Record<string, string>): Record<string, string> {
  return {
    HOST: "127.0.0.1",
    PORT: String(port),
    AUTH_MODE: "none",
    // One client makes every connection here.
    MAX_CONNECTIONS_PER_ADDRESS: "5000",
    BENCH_PLAIN: plain ?? "",
    ...extra,
  };
}

function stopAll(processes: ServiceProcess[]): () => Promise<void> {
  return async () => {
    await Promise.all(processes.map((service) => service.stop()));
  };
}

/** Session service on Postgres, two gateways; each block is REQUESTS GETs of existing sessions. */
async function sessionSetup(trick: Trick): Promise<Setup> {
  const databaseUrl = await benchDatabaseUrl();
  const grpcPort = await freePort();
  const processes = [
    spawnService("session", "services/session/src/main.ts", { DATABASE_URL: databaseUrl, GRPC_HOST: "127.0.0.1", GRPC_PORT: String(grpcPort), ADMIN_PORT: "0" }),
  ];
  const sides: Side[] = [];
  for (const name of ["on", "off"] as const) {
    const port = await freePort();
    const gateway = spawnService(`gateway-${name}`, "services/gateway/src/main.ts", gatewayEnv(port, plainFor(name, trick), { SESSION_ADDR: `127.0.0.1:${grpcPort}` }));
    processes.push(gateway);
    const base = `http://127.0.0.1:${port}`;
    await waitUntil(async () => (await fetch(`${base}/api/sessions`, { method: "POST" })).status === 201);
    const sessionIds: string[] = [];
    for (let index = 0; index < 100; index += 1) {
      const response = await fetch(`${base}/api/sessions`, { method: "POST" });
      sessionIds.push(((await response.json()) as { session_id: string }).session_id);
    }
    const agent = new Agent({ keepAlive: true, maxSockets: REQUEST_CONCURRENCY });
    let next = 0;
    sides.push({
      name,
      pid: gateway.child.pid!,
      async block() {
        const run = await runConcurrently(REQUEST_CONCURRENCY, REQUESTS, () => get(agent, port, `/api/sessions/${sessionIds[next++ % sessionIds.length]}`));
        const failed = run.results.filter((status) => status !== 200).length;
        if (failed > 0) throw new Error(`${name}: ${failed} requests failed`);
        return REQUESTS;
      },
    });
  }
  return { unit: "request", sides: sides as [Side, Side], stop: stopAll(processes) };
}

function get(agent: Agent, port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ agent, host: "127.0.0.1", port, path, method: "GET" }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
    request.end();
  });
}

/** Upstream and two llm-proxies; each block is STREAMS Generate calls of 64 tokens. */
async function llmProxySetup(trick: Trick): Promise<Setup> {
  const upstream = await startUpstream(TOKENS, TOKEN_INTERVAL_MS);
  const children: ReturnType<typeof startProxy>[] = [];
  const clients: llmV1.Client[] = [];
  const sides: Side[] = [];
  for (const name of ["on", "off"] as const) {
    const port = await freePort();
    const proxy = startProxy(upstream.openaiBaseUrl, port, undefined, { BENCH_PLAIN: plainFor(name, trick) ?? "" });
    children.push(proxy);
    const client = createClient(protos.llm().LlmProxy, `127.0.0.1:${port}`);
    clients.push(client);
    await waitForProxy(client);
    sides.push({
      name,
      pid: proxy.pid!,
      async block() {
        const run = await runConcurrently(STREAM_CONCURRENCY, STREAMS, () => streamThroughProxy(client, TOKENS), { rampMs: TOKENS * TOKEN_INTERVAL_MS });
        const failed = run.results.filter((result) => !result.ok).length;
        if (failed > 0) throw new Error(`${name}: ${failed} streams failed`);
        return run.results.reduce((sum, result) => sum + result.tokens, 0);
      },
    });
  }
  return {
    unit: "token",
    sides: sides as [Side, Side],
    async stop() {
      for (const client of clients) client.close();
      for (const child of children) child.kill("SIGTERM");
      upstream.process.kill("SIGTERM");
    },
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
