/**
 * The whole chat path against the same test-kit upstream, side by side with a client that
 * streams from the upstream directly: HTTP → gateway → session (real Postgres) →
 * llm-proxy (real Redis) → upstream (OpenAI protocol), each service in its own process.
 * The same question also goes through the gateway's OpenAI-compatible
 * `POST /v1/chat/completions` (stream, include_usage), stateless (no session: what an
 * OpenAI client gets by default) and with `session_id: "new"` (the same work as
 * /api/chat/stream), so the OpenAI format's own cost shows beside /api's in one run.
 *
 *   node --import tsx bench/chat/chat-bench.ts
 *
 * BENCH_LEVELS ("1:50,50:400,200:1600" = concurrency:streams), BENCH_BURST (1000),
 * BENCH_TOKEN_INTERVAL_MS (10), BENCH_DATABASE_URL (admin URL; uses database chatbot_bench).
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { benchDatabaseUrl } from "../support/bench-database";
import { memoryOf, repositoryRoot, waitUntil } from "../support/processes";
import { startDistributedChat } from "../support/chat-services";
import { percentile } from "../support/stats";
import { runConcurrently } from "../support/concurrency";
import { measureStream, type StreamMeasurement } from "../support/sse-stream";
import { cpuMicrosOf, cpuMicrosOfCommand } from "../support/process-cpu";

const TOKENS = 64;
const TOKEN_INTERVAL_MS = process.env.BENCH_TOKEN_INTERVAL_MS ?? "10";
const LEVELS = (process.env.BENCH_LEVELS ?? "1:50,50:400,200:1600").split(",").map((level) => {
  const [concurrency, streams] = level.split(":").map(Number);
  return { concurrency: concurrency!, streams: streams! };
});
/** One reply's nominal duration: each level's workers start spread over it, for steady arrivals. */
const STREAM_MS = TOKENS * Number(TOKEN_INTERVAL_MS);
const BURST = Number(process.env.BENCH_BURST ?? 1000);
const QUESTION = "부산에서 하루 동안 가 볼 만한 곳을 알려 주세요.";

async function startUpstream(): Promise<{ openaiBaseUrl: string; stop(): void; pid: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(repositoryRoot, "bench/llm-proxy/upstream-process.ts")], {
    cwd: repositoryRoot,
    env: { ...process.env, BENCH_TOKENS: String(TOKENS), BENCH_TOKEN_INTERVAL_MS: TOKEN_INTERVAL_MS },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once("line", resolve));
  return { ...(JSON.parse(line) as { openaiBaseUrl: string }), pid: child.pid!, stop: () => child.kill("SIGTERM") };
}

function summarize(measurements: StreamMeasurement[], seconds: number) {
  const ok = measurements.filter((measurement) => measurement.ok);
  const ttft = ok.map((measurement) => measurement.ttftMs);
  return {
    ttftP50: percentile(ttft, 50),
    ttftP99: percentile(ttft, 99),
    tokensPerSecond: ok.reduce((sum, measurement) => sum + measurement.tokens, 0) / seconds,
    failures: measurements.length - ok.length,
    firstError: measurements.find((measurement) => !measurement.ok)?.error,
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

async function main() {
  const databaseUrl = await benchDatabaseUrl();
  const upstream = await startUpstream();
  const chat = await startDistributedChat({ databaseUrl, openaiBaseUrl: upstream.openaiBaseUrl, maxTokens: TOKENS });
  const { services } = chat;
  const gatewayUrl = chat.url;

  const direct = () =>
    measureStream(
      `${upstream.openaiBaseUrl}/chat/completions`,
      { model: "bench-model", stream: true, max_tokens: TOKENS, messages: [{ role: "user", content: QUESTION }] },
      (data) => (JSON.parse(data) as { choices?: { delta?: { content?: string } }[] }).choices?.[0]?.delta?.content,
      (data) => data === "[DONE]",
    );
  const throughOpenAi = (extra: Record<string, unknown>) => () =>
    measureStream(
      `${gatewayUrl}/v1/chat/completions`,
      { model: "bench-model", stream: true, stream_options: { include_usage: true }, max_tokens: TOKENS, messages: [{ role: "user", content: QUESTION }], ...extra },
      (data) => (data === "[DONE]" ? undefined : (JSON.parse(data) as { choices?: { delta?: { content?: string } }[] }).choices?.[0]?.delta?.content),
      // The usage chunk comes last before [DONE] and counts the tokens.
      (data) => data === "[DONE]" || Boolean((JSON.parse(data) as { usage?: unknown }).usage),
      (data) => (data === "[DONE]" ? undefined : (JSON.parse(data) as { usage?: { completion_tokens?: number } }).usage?.completion_tokens),
    );
  const openAiStateless = throughOpenAi({});
  const openAiSession = throughOpenAi({ session_id: "new" });
  const throughGateway = () =>
    measureStream(
      `${gatewayUrl}/api/chat/stream`,
      { message: QUESTION, max_new_tokens: TOKENS },
      (data) => (JSON.parse(data) as { chunk?: string }).chunk,
      (data) => {
        const parsed = JSON.parse(data) as { done?: boolean; error?: unknown };
        return Boolean(parsed.done || parsed.error);
      },
      (data) => (JSON.parse(data) as { usage?: { completion_tokens?: number } }).usage?.completion_tokens,
    );

  try {
    await waitUntil(async () => (await throughGateway()).ok);
    // Warm both paths (JIT, connection pools) before measuring.
    await runConcurrently(20, 100, direct);
    await runConcurrently(20, 100, throughGateway);
    await runConcurrently(20, 100, openAiStateless);
    await runConcurrently(20, 100, openAiSession);

    const rows = [];
    const openAiRows = [];
    const cpuRows: Record<string, number>[] = [];
    // Whose CPU a level through the gateway takes: each service, the upstream, this process (the clients), the databases.
    const cpuNow = () => ({
      ...Object.fromEntries(services.map((service) => [service.name, cpuMicrosOf(service.child.pid!)])),
      upstream: cpuMicrosOf(upstream.pid),
      "bench client": cpuMicrosOf(process.pid),
      postgres: cpuMicrosOfCommand("postgres"),
      redis: cpuMicrosOfCommand("redis-server"),
    });
    const cpuSince = (before: Record<string, number>) => Object.fromEntries(Object.entries(cpuNow()).map(([name, micros]) => [name, micros - (before[name] ?? 0)]));
    for (const { concurrency, streams } of LEVELS) {
      const directRun = await runConcurrently(concurrency, streams, direct, { rampMs: STREAM_MS });
      const cpuBefore = cpuNow();
      const gatewayRun = await runConcurrently(concurrency, streams, throughGateway, { rampMs: STREAM_MS });
      const cpuUsed = cpuSince(cpuBefore);
      const statelessRun = await runConcurrently(concurrency, streams, openAiStateless, { rampMs: STREAM_MS });
      const sessionRun = await runConcurrently(concurrency, streams, openAiSession, { rampMs: STREAM_MS });
      const d = summarize(directRun.results, directRun.seconds);
      const g = summarize(gatewayRun.results, gatewayRun.seconds);
      const v = summarize(statelessRun.results, statelessRun.seconds);
      const vs = summarize(sessionRun.results, sessionRun.seconds);
      openAiRows.push({
        concurrency,
        streams,
        "/api TTFT p50 ms": round(g.ttftP50),
        "/v1 TTFT p50 ms": round(v.ttftP50),
        "/v1 − /api p50 ms": round(v.ttftP50 - g.ttftP50),
        "/v1 − /api p99 ms": round(v.ttftP99 - g.ttftP99),
        "/v1+session TTFT p50 ms": round(vs.ttftP50),
        "/v1+session − /api p50 ms": round(vs.ttftP50 - g.ttftP50),
        "/v1+session − /api p99 ms": round(vs.ttftP99 - g.ttftP99),
        "/v1 tokens/s": Math.round(v.tokensPerSecond),
        "/v1+session tokens/s": Math.round(vs.tokensPerSecond),
        failures: v.failures + vs.failures,
        ...(v.firstError || vs.firstError ? { error: v.firstError ?? vs.firstError } : {}),
      });
      const gatewayTokens = gatewayRun.results.reduce((sum, measurement) => sum + (measurement.ok ? measurement.tokens : 0), 0);
      cpuRows.push({
        concurrency,
        ...Object.fromEntries(Object.entries(cpuUsed).map(([name, micros]) => [name, Math.round((10 * micros) / Math.max(1, gatewayTokens)) / 10])),
        "cores busy": round(Object.values(cpuUsed).reduce((sum, micros) => sum + micros, 0) / 1e6 / gatewayRun.seconds),
      });
      rows.push({
        concurrency,
        streams,
        "direct TTFT p50 ms": round(d.ttftP50),
        "gateway TTFT p50 ms": round(g.ttftP50),
        "added TTFT p50 ms": round(g.ttftP50 - d.ttftP50),
        "added TTFT p99 ms": round(g.ttftP99 - d.ttftP99),
        "direct tokens/s": Math.round(d.tokensPerSecond),
        "gateway tokens/s": Math.round(g.tokensPerSecond),
        "gateway/direct": round(g.tokensPerSecond / d.tokensPerSecond),
        failures: d.failures + g.failures,
        ...(g.firstError ? { error: g.firstError } : {}),
      });
    }
    console.table(rows);
    console.log('POST /v1/chat/completions (stream, include_usage) against /api/chat/stream in the same run; /v1 is stateless, /v1+session sends session_id "new":');
    console.table(openAiRows);
    console.log("CPU µs per token through the gateway, by process (Postgres and Redis: all their server processes):");
    console.table(cpuRows);

    const gateway = services.find((service) => service.name === "gateway")!;
    if (BURST === 0) return;
    const before = memoryOf(gateway.child.pid!).rssMb;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(gateway.child.pid!).rssMb)), 50);
    const burst = await runConcurrently(BURST, BURST, throughGateway);
    clearInterval(sampler);
    const burstSummary = summarize(burst.results, burst.seconds);
    const burstRow = {
      streams: BURST,
      failures: burstSummary.failures,
      "TTFT p50 ms": round(burstSummary.ttftP50),
      "TTFT p99 ms": round(burstSummary.ttftP99),
      "gateway RSS before MB": before,
      "gateway RSS peak MB": peak,
      "KB per open stream": Math.round(((peak - before) * 1024) / BURST),
      ...(burstSummary.firstError ? { error: burstSummary.firstError } : {}),
    };
    console.table([burstRow]);
    console.table([...services.map((service) => ({ process: service.name, ...memoryOf(service.child.pid!) })), { process: "upstream", ...memoryOf(upstream.pid) }]);
    console.log(
      JSON.stringify({
        benchmark: "chat",
        tokens: TOKENS,
        tokenIntervalMs: Number(TOKEN_INTERVAL_MS),
        levels: rows,
        openAi: openAiRows,
        cpuPerToken: cpuRows,
        burst: burstRow,
      }),
    );
  } finally {
    await chat.stop();
    upstream.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
