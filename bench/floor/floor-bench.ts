/**
 * What the issue targets leave for the services' own work on this machine: the same load as
 * the session, llm-proxy and chat benchmarks, sent through processes that do nothing but
 * their hop (bench/floor/floor-servers.ts: node:http, @grpc/grpc-js and pg with no
 * framework, validation, protobuf, metrics or logging). Whatever latency these floors show
 * is paid by any service built on this stack before it does any work of its own.
 *
 *   node --import tsx bench/floor/floor-bench.ts [--seconds 10] [--rate 1500]
 *
 * Scenarios, each against its benchmark's target:
 *   sessions: 50 open-loop clients POST at the offered rate → http floor → gRPC unary → one INSERT
 *   llm-proxy: streams of 64 tokens, 10 ms apart, direct from the test-kit upstream vs through
 *              one gRPC relay, at concurrency 1 and 200
 *   chat:      the same through an HTTP SSE relay in front of the gRPC relay, which also stores
 *              the question before and the reply after the stream (one INSERT each, over gRPC)
 *
 * Environment: BENCH_DATABASE_URL as for bench/sessions (a chatbot_bench database).
 */
import { Agent, request } from "node:http";
import { cpus } from "node:os";
import { benchDatabaseUrl } from "../support/bench-database";
import { runOpenLoop } from "../support/open-loop";
import { memoryOf } from "../support/processes";
import { percentile } from "../support/stats";
import { cpuDuring, cpuPerUnit, type WatchedProcess } from "../support/process-cpu";
import { chatRequestBody, countTokens, streamFloorRelay } from "../support/floor-relay";
import { runStreamLevel, type StreamResult } from "../support/stream-level";
import { startUpstream } from "../llm-proxy/bench-processes";
import { floorClient } from "./floor-servers";
import { startChatFloor } from "./start-floor";
import { numberArgument } from "../support/arguments";

const SECONDS = numberArgument("seconds", 10);
const RATE = numberArgument("rate", 1500);
const TOKENS = 64;
const TOKEN_INTERVAL_MS = 10;
const STREAM_MS = TOKENS * TOKEN_INTERVAL_MS;
const LEVELS = [
  { concurrency: 1, streams: 50 },
  { concurrency: 200, streams: 1600 },
];
const CHAT_BODY = chatRequestBody(TOKENS);

/** An SSE POST read as it arrives: the first token's time and the tokens in all. */
function streamHttp(agent: Agent, url: URL): Promise<StreamResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    let ttftMs = 0;
    let tokens = 0;
    let carry = "";
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json", authorization: "Bearer floor" } }, (res) => {
      res.setEncoding("utf8");
      res.on("data", (text: string) => {
        carry += text;
        const end = carry.lastIndexOf("\n\n");
        if (end < 0) return;
        const found = countTokens(carry.slice(0, end));
        carry = carry.slice(end + 2);
        if (found > 0 && tokens === 0) ttftMs = performance.now() - started;
        tokens += found;
      });
      res.on("end", () => resolve({ ttftMs, tokens, ok: res.statusCode === 200 && tokens === TOKENS }));
      res.on("error", () => resolve({ ttftMs, tokens, ok: false }));
    });
    req.on("error", () => resolve({ ttftMs, tokens, ok: false }));
    req.end(CHAT_BODY);
  });
}

async function runLevel(stream: () => Promise<StreamResult>, concurrency: number, streams: number) {
  const run = await runStreamLevel(stream, concurrency, streams, STREAM_MS);
  return { ttftP50: percentile(run.ttfts, 50), failures: run.failures, tokensPerSecond: run.tokensPerSecond };
}

const f = (value: number) => value.toFixed(2);

async function main() {
  const databaseUrl = await benchDatabaseUrl();
  const upstream = await startUpstream(TOKENS, TOKEN_INTERVAL_MS);
  const chatFloor = await startChatFloor(databaseUrl, upstream.openaiBaseUrl);
  const { floors } = chatFloor;
  const processes = [
    ...floors.map((floor) => ({ name: floor.name, pid: floor.child.pid! })),
    { name: "upstream", pid: upstream.process.pid! },
    { name: "load generator", pid: process.pid },
  ];
  // CPU of those and of every PostgreSQL process (a shared server's other databases are not told apart here).
  const watched: WatchedProcess[] = [...processes, { name: "postgres", pick: ({ comm }) => comm === "postgres" }];
  console.log(`floor benchmark: ${cpus().length} CPUs, node ${process.version}`);

  try {
    // Sessions: the session benchmark's fixed-rate pass, one gRPC hop and one INSERT per request.
    const baseUrl = chatFloor.url;
    const metadata = JSON.stringify({ 사용자: "김민지", 채널: "웹" });
    const next = () => ({ method: "POST" as const, path: "/sessions", body: metadata });
    await runOpenLoop({ baseUrl, rate: RATE, clients: 50, seconds: 3, next });
    const sessions = await cpuDuring(watched, () => runOpenLoop({ baseUrl, rate: RATE, clients: 50, seconds: SECONDS, next }));
    const served = sessions.result.requestsPerSecond * SECONDS;
    console.log("");
    console.log(`| sessions floor | requests/s | p50 ms | p99 ms | errors | CPU µs per request |`);
    console.log(`|---|---|---|---|---|---|`);
    console.log(
      `| ${RATE}/s offered, 50 clients | ${sessions.result.requestsPerSecond} | ${sessions.result.p50} | ${sessions.result.p99} | ${sessions.result.errors} | ${cpuPerUnit(sessions.used, served)} |`,
    );

    // Streams: direct, through the gRPC relay, through the HTTP relay in front of it.
    const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
    const llm = floorClient(chatFloor.llmAddress);
    const paths: [string, () => Promise<StreamResult>][] = [
      ["direct", () => streamHttp(agent, new URL(`${upstream.openaiBaseUrl}/chat/completions`))],
      ["gRPC relay (llm-proxy floor)", () => streamFloorRelay(llm, CHAT_BODY, TOKENS)],
      ["HTTP SSE → gRPC relay + 2 stores (chat floor)", () => streamHttp(agent, new URL(`${baseUrl}/chat`))],
    ];
    for (const [, stream] of paths) await runLevel(stream, 20, 100);
    console.log("");
    console.log(`| streams floor | concurrency | TTFT p50 ms | added TTFT p50 ms | tokens/s | % of direct | failures | CPU µs per token |`);
    console.log(`|---|---|---|---|---|---|---|---|`);
    for (const { concurrency, streams } of LEVELS) {
      let direct: Awaited<ReturnType<typeof runLevel>> | undefined;
      for (const [name, stream] of paths) {
        const { result, used } = await cpuDuring(watched, () => runLevel(stream, concurrency, streams));
        direct ??= result;
        console.log(
          `| ${name} | ${concurrency} | ${f(result.ttftP50)} | ${f(result.ttftP50 - direct.ttftP50)} | ${Math.round(result.tokensPerSecond)} | ${((100 * result.tokensPerSecond) / direct.tokensPerSecond).toFixed(1)}% | ${result.failures} | ${cpuPerUnit(used, streams * TOKENS)} |`,
        );
      }
    }
    console.log("");
    console.log(
      `peak RSS MB: ${processes.map((entry) => `${entry.name} ${entry.name === "load generator" ? Math.round(process.resourceUsage().maxRSS / 1024) : memoryOf(entry.pid).peakRssMb}`).join(", ")}`,
    );
    llm.close();
  } finally {
    chatFloor.stop();
    upstream.process.kill("SIGTERM");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
