import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { AppError } from "@chatbot/core";
import type { llmV1 } from "@chatbot/grpc";
import { createMetricsRegistry } from "@chatbot/observability";
import type { ServiceHandle } from "@chatbot/runtime";
import { freePort, type LlmUpstream, replyText, scaledTimeout, startLlmUpstream, testLogger, testStores, uniqueName, waitFor } from "@chatbot/testkit";
import { loadLlmProxyConfig, startLlmProxyService } from "../src";
import { deltasOf, generate, llmClient, type StreamOutcome } from "./support/grpc-client";

/** The gRPC server's shutdown grace (packages/grpc `shutdown()` default). */
const GRACE_MS = 3000;

const question = (text: string): llmV1.GenerateRequest => ({
  messages: [{ role: "user", content: text }],
  max_new_tokens: 1000,
  request_id: uniqueName("종료"),
  caller_id: "테넌트-종료",
});

function proxyEnv(upstream: LlmUpstream, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GRPC_HOST: "127.0.0.1",
    GRPC_PORT: "0",
    ADMIN_PORT: "0",
    LOG_LEVEL: "silent",
    LLM_PROVIDER: "openai",
    LLM_MODEL: "gpt-test",
    OPENAI_API_KEY: "sk-test",
    OPENAI_BASE_URL: upstream.openaiBaseUrl,
    LLM_MAX_RETRIES: "0",
    ...extra,
  };
}

const textOf = (outcome: StreamOutcome) => deltasOf(outcome.events).join("");

describe("llm-proxy stop(): in-flight Generate streams", () => {
  let upstream: LlmUpstream;
  let service: ServiceHandle | undefined;
  const clients: llmV1.Client[] = [];

  // One shutdown, watched from every side: a short stream, a long one, and calls made after it began.
  let short: StreamOutcome;
  let long: StreamOutcome;
  let stopStartedAt: number;
  let stoppedAfterMs: number;
  let lateOnNewChannel: StreamOutcome;
  let lateOnOpenChannel: StreamOutcome;

  beforeAll(async () => {
    upstream = await startLlmUpstream();
    service = await startLlmProxyService(loadLlmProxyConfig(proxyEnv(upstream)), {
      logger: testLogger("llm-proxy-shutdown"),
      registry: createMetricsRegistry({ collectDefaults: false }),
    });
    const client = llmClient(service.address);
    clients.push(client);

    // Ends about a second after shutdown begins, well inside the grace.
    upstream.configure({ tokens: 12, tokenIntervalMs: 100 });
    const shortCall = generate(client, question("짧게 답해 주세요."));
    await waitFor(() => upstream.requests.length === 1, { what: "the short stream upstream" });
    // Would take 20 s: still running at the deadline.
    upstream.configure({ tokens: 400, tokenIntervalMs: 50 });
    const longCall = generate(client, question("아주 길게 이야기해 주세요."));
    await waitFor(() => upstream.requests.length === 2 && upstream.requests.every((request) => request.tokensSent >= 2), {
      what: "both streams flowing",
    });

    stopStartedAt = Date.now();
    const stopping = service.stop().then(() => (stoppedAfterMs = Date.now() - stopStartedAt));
    const lateClient = llmClient(service.address);
    clients.push(lateClient);
    [lateOnNewChannel, lateOnOpenChannel] = await Promise.all([
      generate(lateClient, question("종료 중에 새로 묻습니다.")),
      generate(client, question("같은 연결로 새로 묻습니다.")),
    ]);
    [short, long] = await Promise.all([shortCall, longCall, stopping]);
  }, scaledTimeout(20_000));

  afterAll(async () => {
    for (const client of clients) client.close();
    await service?.stop().catch(() => undefined);
    await upstream?.close();
  });

  it("lets a stream that ends within the grace finish with its final event", () => {
    expect(short.error).toBeUndefined();
    expect(textOf(short)).toBe(replyText(12));
    expect(short.events.at(-1)?.final).toMatchObject({ finish_reason: "stop", provider: "openai" });
  });

  it("refuses calls made after shutdown began, on a new channel and on an open one, without reaching the upstream", () => {
    for (const late of [lateOnNewChannel, lateOnOpenChannel]) {
      expect(late.events).toEqual([]);
      expect(late.error).toBeInstanceOf(AppError);
      expect((late.error as AppError).kind).toBe("unavailable");
    }
    expect(upstream.requests).toHaveLength(2);
  });

  it("cuts a stream still running at the deadline, and the upstream sees its connection closed", async () => {
    expect(long.error).toBeInstanceOf(AppError);
    expect(["unavailable", "cancelled"]).toContain((long.error as AppError).kind);
    // What was streamed before the cut arrived in order.
    expect(replyText(400).startsWith(textOf(long))).toBe(true);
    expect(textOf(long).length).toBeGreaterThan(0);
    const record = upstream.requests[1]!;
    await waitFor(() => record.closedEarly, { what: "upstream connection closed" });
    expect(record.tokensSent).toBeLessThan(400);
    expect(record.closedAt! - stopStartedAt).toBeGreaterThanOrEqual(GRACE_MS - 100);
    expect(record.closedAt! - stopStartedAt).toBeLessThan(GRACE_MS + 1000);
    expect(stoppedAfterMs).toBeGreaterThanOrEqual(GRACE_MS - 100);
    expect(stoppedAfterMs).toBeLessThan(GRACE_MS + 1000);
  });
});

describe("llm-proxy as its own process", () => {
  let upstream: LlmUpstream;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    upstream = await startLlmUpstream();
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await upstream?.close();
  });

  it(
    "exits 0 within 5 s of SIGTERM while a stream is running, closing its upstream call and Redis",
    async () => {
      const port = await freePort();
      const adminPort = await freePort();
      let output = "";
      child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "../src/main.ts")], {
        cwd: join(__dirname, "../../.."),
        env: {
          ...process.env,
          ...proxyEnv(upstream, {
            GRPC_PORT: String(port),
            ADMIN_PORT: String(adminPort),
            LOG_LEVEL: "info",
            REDIS_URL: testStores.redisUrl,
            REDIS_KEY_PREFIX: `${uniqueName("llm_shutdown")}:`,
          }),
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<{ code: number | null; at: number }>((resolve) => child!.once("exit", (code) => resolve({ code, at: Date.now() })));
      await waitFor(() => output.includes("llm-proxy started"), { timeoutMs: 30_000, what: `llm-proxy to start (output: ${output})` });

      const client = llmClient(`127.0.0.1:${port}`);
      try {
        upstream.configure({ tokens: 400, tokenIntervalMs: 50 });
        const running = generate(client, question("끝나지 않는 이야기를 해 주세요."));
        await waitFor(() => (upstream.requests[0]?.tokensSent ?? 0) >= 2, { what: "the stream flowing" });

        const signalledAt = Date.now();
        child.kill("SIGTERM");
        const exit = await exited;
        expect(exit.code).toBe(0);
        expect(exit.at - signalledAt).toBeLessThan(5000);
        const outcome = await running;
        expect(outcome.error).toBeInstanceOf(AppError);
        expect(upstream.requests[0]!.closedEarly).toBe(true);
        expect(output).toContain('"msg":"shut down"');
      } finally {
        client.close();
      }
    },
    scaledTimeout(45_000),
  );
});
