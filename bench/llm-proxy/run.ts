// llm-proxy overhead benchmark: the same OpenAI-protocol upstream streamed directly (the
// proxy's own openai adapter, in this process) and through llm-proxy (gRPC Generate, proxy
// in its own process). Run: node --import tsx bench/llm-proxy/run.ts
import { cpus } from "node:os";
import { createLogger } from "@chatbot/core";
import { freePort } from "@chatbot/testkit";
import { runStreamLevel } from "../support/stream-level";
import { memoryOf } from "../support/processes";
import { cpuMicrosOf } from "../support/process-cpu";
import { percentile } from "../support/stats";
import { createClient, protos } from "@chatbot/grpc";
import { createOpenAiProvider } from "../../services/llm-proxy/src/clients/providers/openai.provider";
import type { LlmProvider } from "../../services/llm-proxy/src/domain/provider.client";
import { startProxy, startUpstream, streamThroughProxy, waitForProxy, type StreamResult } from "./bench-processes";

const TOKENS = 64;
const TOKEN_INTERVAL_MS = Number(process.env.BENCH_TOKEN_INTERVAL_MS ?? 10);
const LEVELS = (process.env.BENCH_LEVELS ?? "1:50,50:400,200:1600").split(",").map((level) => {
  const [concurrency, streams] = level.split(":").map(Number);
  return { concurrency: concurrency!, streams: streams! };
});
/** One reply's nominal duration: each level's workers start spread over it, for steady arrivals. */
const STREAM_MS = TOKENS * TOKEN_INTERVAL_MS;
const BURST = Number(process.env.BENCH_BURST ?? 1000);
const MESSAGES = [{ role: "user" as const, content: "서울 날씨 알려줘 ☀️" }];

/** Why streams failed, by message, so a failing run says what went wrong. */
const failureReasons = new Map<string, number>();
const countFailure = (message: string) => failureReasons.set(message, (failureReasons.get(message) ?? 0) + 1);

type StreamFn = () => Promise<StreamResult>;

async function main() {
  const upstream = await startUpstream(TOKENS, TOKEN_INTERVAL_MS);
  const port = await freePort();
  // BENCH_PROXY_ENTRY runs another copy of the proxy (e.g. a baseline checkout).
  const proxy = startProxy(upstream.openaiBaseUrl, port, process.env.BENCH_PROXY_ENTRY);
  const client = createClient(protos.llm().LlmProxy, `127.0.0.1:${port}`);
  await waitForProxy(client);
  const provider = createOpenAiProvider({
    apiKey: "bench-key",
    baseUrl: upstream.openaiBaseUrl,
    model: "gpt-bench",
    logger: createLogger({ service: "bench", level: "silent" }),
  });
  const direct: StreamFn = () => streamDirect(provider);
  const viaProxy: StreamFn = () => streamThroughProxy(client, TOKENS, countFailure);

  console.log(`llm-proxy benchmark: ${TOKENS} tokens per reply, ${TOKEN_INTERVAL_MS} ms between tokens, ${cpus().length} CPUs, node ${process.version}`);
  const started = Date.now();
  await runLevel(direct, 20, 100);
  await runLevel(viaProxy, 20, 100);

  const rows: string[] = [];
  for (const { concurrency, streams } of LEVELS) {
    const directRun = await runLevel(direct, concurrency, streams);
    const cpuBefore = cpuMicrosOf(proxy.pid!);
    const clientCpuBefore = cpuMicrosOf(process.pid);
    const upstreamCpuBefore = cpuMicrosOf(upstream.process.pid!);
    const proxyRun = await runLevel(viaProxy, concurrency, streams);
    const proxyCpuMicros = cpuMicrosOf(proxy.pid!) - cpuBefore;
    // Whether the clients or the upstream were short of CPU too (their delays count in TTFT).
    const clientCpuMicros = cpuMicrosOf(process.pid) - clientCpuBefore;
    const upstreamCpuMicros = cpuMicrosOf(upstream.process.pid!) - upstreamCpuBefore;
    const row = {
      concurrency,
      streams,
      directP50: percentile(directRun.ttfts, 50),
      directP99: percentile(directRun.ttfts, 99),
      proxyP50: percentile(proxyRun.ttfts, 50),
      proxyP99: percentile(proxyRun.ttfts, 99),
      directTps: directRun.tokensPerSecond,
      proxyTps: proxyRun.tokensPerSecond,
      failures: directRun.failures + proxyRun.failures,
      cpuPerToken: proxyCpuMicros / proxyRun.tokens,
      cpuPerStream: proxyCpuMicros / streams,
      cpuShare: proxyCpuMicros / 1e6 / proxyRun.seconds,
      clientShare: clientCpuMicros / 1e6 / proxyRun.seconds,
      upstreamShare: upstreamCpuMicros / 1e6 / proxyRun.seconds,
    };
    rows.push(
      `| ${concurrency} | ${streams} | ${f(row.directP50)} / ${f(row.directP99)} | ${f(row.proxyP50)} / ${f(row.proxyP99)} | ${f(row.proxyP50 - row.directP50)} | ${Math.round(row.directTps)} | ${Math.round(row.proxyTps)} (${((100 * row.proxyTps) / row.directTps).toFixed(1)}%) | ${row.failures} | ${row.cpuPerToken.toFixed(1)} / ${Math.round(row.cpuPerStream)} / ${Math.round(100 * row.cpuShare)}% | ${Math.round(100 * row.clientShare)}% / ${Math.round(100 * row.upstreamShare)}% |`,
    );
    console.log(rows[rows.length - 1]);
  }

  const burstStarted = performance.now();
  const burst = await Promise.all(Array.from({ length: BURST }, () => viaProxy().catch(() => ({ ttftMs: 0, tokens: 0, ok: false }))));
  const burstSeconds = (performance.now() - burstStarted) / 1000;
  const burstFailures = burst.filter((result) => !result.ok).length;
  const burstTokens = burst.reduce((sum, result) => sum + result.tokens, 0);

  const proxyPeakMb = memoryOf(proxy.pid!).peakRssMb;
  const upstreamPeakMb = memoryOf(upstream.process.pid!).peakRssMb;
  const benchPeakMb = process.resourceUsage().maxRSS / 1024;

  console.log("");
  console.log(
    "| concurrency | streams | direct TTFT p50 / p99 (ms) | proxy TTFT p50 / p99 (ms) | added TTFT p50 (ms) | direct tokens/s | proxy tokens/s | failures | proxy CPU µs per token / per stream / % of a core | bench client / upstream % of a core |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const row of rows) console.log(row);
  console.log("");
  console.log(
    `${BURST} concurrent streams through the proxy: ${burstFailures} failed, ${burstTokens} tokens in ${burstSeconds.toFixed(2)} s (${Math.round(burstTokens / burstSeconds)} tokens/s), TTFT p50 ${f(
      percentile(
        burst.map((r) => r.ttftMs),
        50,
      ),
    )} ms, p99 ${f(
      percentile(
        burst.map((r) => r.ttftMs),
        99,
      ),
    )} ms`,
  );
  console.log(`peak RSS: proxy ${proxyPeakMb.toFixed(0)} MB, upstream ${upstreamPeakMb.toFixed(0)} MB, bench client ${benchPeakMb.toFixed(0)} MB`);
  if (failureReasons.size > 0) console.log("failures:", Object.fromEntries(failureReasons));
  console.log(`whole run: ${((Date.now() - started) / 1000).toFixed(1)} s`);

  client.close();
  proxy.kill("SIGTERM");
  upstream.process.kill("SIGTERM");
}

function runLevel(stream: StreamFn, concurrency: number, total: number) {
  return runStreamLevel(stream, concurrency, total, STREAM_MS);
}

async function streamDirect(provider: LlmProvider): Promise<StreamResult> {
  const started = performance.now();
  let ttftMs = 0;
  let tokens = 0;
  let finished = false;
  const request = {
    messages: MESSAGES,
    parameters: { maxNewTokens: TOKENS, temperature: 0.7, doSample: true, topP: undefined, stop: [] },
    model: "gpt-bench",
    context: [],
  };
  for await (const part of provider.stream(request, new AbortController().signal)) {
    if (part.type === "text-delta") {
      if (tokens === 0) ttftMs = performance.now() - started;
      tokens += 1;
    } else if (part.type === "finish") finished = true;
  }
  return { ttftMs, tokens, ok: finished && tokens === TOKENS };
}

function f(value: number): string {
  return value.toFixed(2);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
