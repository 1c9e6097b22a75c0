/**
 * Checks one target in one run: "Sessions API and llm-proxy: within 1.25x of their floors'
 * throughput and 2x of their floors' p99". Each service runs next to its floor (floor-servers.ts:
 * the same hop with only node:http, @grpc/grpc-js and pg) and both take the same load in turns,
 * the order swapped every round. On a shared machine absolute numbers drift from minute to
 * minute; ratios of passes interleaved like this are what can be compared, and their median
 * over rounds is what the verdict uses.
 *
 *   node --import tsx bench/floor/services-vs-floor.ts [--rounds 3] [--seconds 8] [--rate 1000] [--concurrency 200]
 *     [--session in-process]   the Sessions API with the session service inside the gateway's process
 *
 * Sessions: POST /sessions on the floor's HTTP server vs POST /api/sessions through the gateway
 *   (AUTH_MODE=none) and the session service on Postgres, the same JSON body. Throughput: 50
 *   closed-loop clients for --seconds; p50/p99: 50 open-loop clients offering --rate.
 * llm-proxy: the floor's gRPC relay vs llm-proxy's Generate (on Redis), on one test-kit upstream
 *   (64 tokens, 10 ms apart): 1200 streams, --concurrency in flight. Tokens/s and TTFT p50/p99.
 *
 * Environment: BENCH_DATABASE_URL as for bench/sessions; this uses a chatbot_floor_bench database,
 * so that Postgres CPU is counted for its backends only.
 */
import { cpus, loadavg } from "node:os";
import autocannon from "autocannon";
import { createClient, protos } from "@chatbot/grpc";
import { freePort, testStores } from "@chatbot/testkit";
import { argument, numberArgument } from "../support/arguments";
import { benchDatabaseUrl } from "../support/bench-database";
import { chatRequestBody, streamFloorRelay } from "../support/floor-relay";
import { runOpenLoop } from "../support/open-loop";
import { cpuDuring, cpuPerUnit, postgresProcessOf, type WatchedProcess } from "../support/process-cpu";
import { startSessionsApi } from "../support/sessions-api";
import { percentile } from "../support/stats";
import { runStreamLevel, type StreamResult } from "../support/stream-level";
import { startProxy, startUpstream, streamThroughProxy, waitForProxy } from "../llm-proxy/bench-processes";
import { floorClient } from "./floor-servers";
import { startChatFloor } from "./start-floor";

const ROUNDS = numberArgument("rounds", 3);
const SECONDS = numberArgument("seconds", 8);
const RATE = numberArgument("rate", 1000);
const CONCURRENCY = numberArgument("concurrency", 200);
const SESSION_IN_PROCESS = argument("session", "separate") === "in-process";
const CLIENTS = 50;
const STREAMS = 1200;
const TOKENS = 64;
const TOKEN_INTERVAL_MS = 10;
/** Within 1.25x of the floor's throughput: floor ÷ service ≤ 1.25, i.e. service ÷ floor ≥ 0.8. */
const MAX_THROUGHPUT_FACTOR = 1.25;
const MAX_P99_RATIO = 2;
const SESSION_BODY = JSON.stringify({ metadata: { 사용자: "김민지", 채널: "웹" } });

type SideName = "floor" | "service";

/** One side's pass: throughput (requests/s or tokens/s), latency (or TTFT) percentiles, errors, and the units CPU is divided by. */
interface Measurement {
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
  units: number;
  /** Sessions: requests/s answered in the fixed-rate pass; under the offered rate, its p99 is mostly queueing. */
  served?: number;
}

interface Side {
  processes: WatchedProcess[];
  run(): Promise<Measurement>;
  warmUp(): Promise<unknown>;
}

interface Scenario {
  name: string;
  title: string;
  throughputUnit: string;
  latencyName: string;
  unit: string;
  sides: Record<SideName, Side>;
  rounds: { first: SideName; floor: Measurement & { cpu: string }; service: Measurement & { cpu: string }; throughputRatio: number; p99Ratio: number }[];
}

async function sessionsPass(baseUrl: string, path: string): Promise<Measurement> {
  // Capacity: each client sends its next request as soon as it has an answer.
  const closed = await autocannon({
    url: `${baseUrl}${path}`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: SESSION_BODY,
    connections: CLIENTS,
    duration: SECONDS,
  });
  // Latency while serving a fixed rate, timed from when each request was due (open-loop.ts).
  const open = await runOpenLoop({ baseUrl, rate: RATE, clients: CLIENTS, seconds: SECONDS, next: () => ({ method: "POST", path, body: SESSION_BODY }) });
  return {
    throughput: closed.requests.average,
    p50: open.p50,
    p99: open.p99,
    errors: closed.errors + closed.non2xx + open.errors,
    units: closed.requests.total + open.requestsPerSecond * SECONDS,
    served: open.requestsPerSecond,
  };
}

async function streamsPass(stream: () => Promise<StreamResult>): Promise<Measurement> {
  const run = await runStreamLevel(stream, CONCURRENCY, STREAMS, TOKENS * TOKEN_INTERVAL_MS);
  return { throughput: run.tokensPerSecond, p50: percentile(run.ttfts, 50), p99: percentile(run.ttfts, 99), errors: run.failures, units: run.tokens };
}

const median = (values: number[]) => percentile(values, 50);
const f = (value: number, digits = 2) => value.toFixed(digits);

/** The medians of a scenario's per-round ratios and whether they meet the target; errors on the service's side fail it. */
function verdicts(scenario: Scenario) {
  const throughputRatio = median(scenario.rounds.map((round) => round.throughputRatio));
  const p99Ratio = median(scenario.rounds.map((round) => round.p99Ratio));
  const serviceErrors = scenario.rounds.reduce((sum, round) => sum + round.service.errors, 0);
  return {
    throughputRatio,
    p99Ratio,
    serviceErrors,
    throughputMet: 1 / throughputRatio <= MAX_THROUGHPUT_FACTOR && serviceErrors === 0,
    p99Met: p99Ratio <= MAX_P99_RATIO && serviceErrors === 0,
  };
}

function report(scenario: Scenario) {
  const { throughputUnit: tu, latencyName: lat, unit } = scenario;
  const latency = (m: Measurement) => `${f(m.p50)} / ${f(m.p99)}${m.served === undefined ? "" : ` (${m.served}/s served)`}`;
  console.log(`\n### ${scenario.title}\n`);
  console.log(
    `| round | first | floor ${tu} | service ${tu} | service ÷ floor | floor ${lat} p50 / p99 ms | service ${lat} p50 / p99 ms | p99 service ÷ floor | errors floor / service | floor CPU µs per ${unit} | service CPU µs per ${unit} |`,
  );
  console.log(`|---|---|---|---|---|---|---|---|---|---|---|`);
  scenario.rounds.forEach(({ first, floor, service, throughputRatio, p99Ratio }, index) => {
    console.log(
      `| ${index + 1} | ${first} | ${f(floor.throughput, 0)} | ${f(service.throughput, 0)} | ${f(throughputRatio)} | ${latency(floor)} | ${latency(service)} | ${f(p99Ratio)} | ${floor.errors} / ${service.errors} | ${floor.cpu} | ${service.cpu} |`,
    );
  });
  if (scenario.rounds.some((round) => [round.floor, round.service].some((m) => m.served !== undefined && m.served < 0.95 * RATE))) {
    // Past capacity a fixed rate's queue grows for the whole pass: p99 then tracks --seconds, not a request's latency.
    console.log(`\nnote: a side served under 95% of the offered ${RATE}/s in some round; its p99 is queueing (a lower --rate measures latency)`);
  }
  const v = verdicts(scenario);
  const errors = v.serviceErrors > 0 ? `, ${v.serviceErrors} service errors` : "";
  console.log(
    `\n${scenario.name} throughput: median service ÷ floor ${f(v.throughputRatio)} (floor ÷ service ${f(1 / v.throughputRatio)}, target ≤ ${MAX_THROUGHPUT_FACTOR}${errors}): ${v.throughputMet ? "met" : "not met"}`,
  );
  console.log(`${scenario.name} ${lat} p99: median service ÷ floor ${f(v.p99Ratio)} (target ≤ ${MAX_P99_RATIO}${errors}): ${v.p99Met ? "met" : "not met"}`);
}

async function main() {
  const stops: (() => unknown)[] = [];
  try {
    const databaseUrl = await benchDatabaseUrl("chatbot_floor_bench");
    const postgres: WatchedProcess = { name: "postgres", pick: postgresProcessOf("chatbot_floor_bench") };
    const generator: WatchedProcess = { name: "load generator", pid: process.pid };
    const upstream = await startUpstream(TOKENS, TOKEN_INTERVAL_MS);
    stops.push(() => upstream.process.kill("SIGTERM"));
    const chatFloor = await startChatFloor(databaseUrl, upstream.openaiBaseUrl);
    stops.push(() => chatFloor.stop());
    const api = await startSessionsApi(databaseUrl, { inProcess: SESSION_IN_PROCESS });
    stops.push(() => api.stop());
    const proxyPort = await freePort();
    const proxy = startProxy(upstream.openaiBaseUrl, proxyPort, undefined, { REDIS_URL: testStores.redisUrl, REDIS_KEY_PREFIX: "chatbot:bench-floor:llm:" });
    stops.push(() => proxy.kill("SIGTERM"));
    const proxyClient = createClient(protos.llm().LlmProxy, `127.0.0.1:${proxyPort}`);
    stops.push(() => proxyClient.close());
    await waitForProxy(proxyClient);
    const relayClient = floorClient(chatFloor.llmAddress);
    stops.push(() => relayClient.close());

    const floorProcess = (name: string) => ({ name, pid: chatFloor.floors.find((entry) => entry.name === name)!.child.pid! });
    const serviceProcess = (name: string) => ({ name, pid: api.services.find((entry) => entry.name === name)!.child.pid! });
    const upstreamProcess = { name: "upstream", pid: upstream.process.pid! };
    // Redis is the machine's shared server: its CPU is everyone's, an upper bound of the proxy's share.
    const redis: WatchedProcess = { name: "redis", pick: ({ comm }) => comm === "redis-server" };
    const sessionsSide = (baseUrl: string, path: string, processes: WatchedProcess[]): Side => ({
      processes: [...processes, postgres, generator],
      run: () => sessionsPass(baseUrl, path),
      warmUp: () => runOpenLoop({ baseUrl, rate: RATE, clients: CLIENTS, seconds: 3, next: () => ({ method: "POST", path, body: SESSION_BODY }) }),
    });
    const streamsSide = (stream: () => Promise<StreamResult>, processes: WatchedProcess[]): Side => ({
      processes: [...processes, upstreamProcess, generator],
      run: () => streamsPass(stream),
      warmUp: () => runStreamLevel(stream, 20, 100, TOKENS * TOKEN_INTERVAL_MS),
    });
    const relayBody = chatRequestBody(TOKENS);
    const scenarios: Scenario[] = [
      {
        name: "sessions",
        title: `Sessions: floor POST /sessions vs ${SESSION_IN_PROCESS ? "gateway with the session service in its process" : "gateway → session"} → Postgres POST /api/sessions (${CLIENTS} clients; p50/p99 at ${RATE}/s offered)`,
        throughputUnit: "requests/s",
        latencyName: "latency",
        unit: "request",
        sides: {
          floor: sessionsSide(chatFloor.url, "/sessions", [floorProcess("http-floor"), floorProcess("session-floor")]),
          service: sessionsSide(
            api.url,
            "/api/sessions",
            api.services.map((entry) => serviceProcess(entry.name)),
          ),
        },
        rounds: [],
      },
      {
        name: "llm-proxy",
        title: `llm-proxy: floor gRPC relay vs llm-proxy Generate (${STREAMS} streams, ${CONCURRENCY} in flight, ${TOKENS} tokens ${TOKEN_INTERVAL_MS} ms apart)`,
        throughputUnit: "tokens/s",
        latencyName: "TTFT",
        unit: "token",
        sides: {
          floor: streamsSide(() => streamFloorRelay(relayClient, relayBody, TOKENS), [floorProcess("llm-floor")]),
          service: streamsSide(() => streamThroughProxy(proxyClient, TOKENS), [{ name: "llm-proxy", pid: proxy.pid! }, redis]),
        },
        rounds: [],
      },
    ];

    const load = loadavg().map((average) => f(average));
    console.log(`services vs floor: ${ROUNDS} rounds, ${cpus().length} CPUs, node ${process.version}, load average ${load.join(" ")}`);
    // Both sides warm once, so that no round measures code before the JIT has optimised it.
    for (const scenario of scenarios) for (const side of Object.values(scenario.sides)) await side.warmUp();
    for (let round = 0; round < ROUNDS; round += 1) {
      const order: SideName[] = round % 2 === 0 ? ["floor", "service"] : ["service", "floor"];
      for (const scenario of scenarios) {
        const measured = new Map<SideName, Measurement & { cpu: string }>();
        for (const name of order) {
          const { result, used } = await cpuDuring(scenario.sides[name].processes, () => scenario.sides[name].run());
          measured.set(name, { ...result, cpu: cpuPerUnit(used, result.units) });
          console.log(
            `round ${round + 1} ${scenario.name} ${name}: ${f(result.throughput, 0)} ${scenario.throughputUnit}, p99 ${f(result.p99)} ms, ${result.errors} errors`,
          );
        }
        const [floor, service] = [measured.get("floor")!, measured.get("service")!];
        scenario.rounds.push({ first: order[0]!, floor, service, throughputRatio: service.throughput / floor.throughput, p99Ratio: service.p99 / floor.p99 });
      }
    }

    for (const scenario of scenarios) report(scenario);
    const summary = Object.fromEntries(scenarios.map((scenario) => [scenario.name, { rounds: scenario.rounds, ...verdicts(scenario) }]));
    console.log(
      `\n${JSON.stringify({ benchmark: "services-vs-floor", rounds: ROUNDS, seconds: SECONDS, rate: RATE, clients: CLIENTS, concurrency: CONCURRENCY, streams: STREAMS, tokens: TOKENS, ...summary })}`,
    );
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
