import { createMetricsRegistry } from "@chatbot/observability";
import {
  llmProxyEnvFor,
  type LlmUpstream,
  replyText,
  reportMeasurement,
  scaledTimeout,
  startDisposableRedis,
  startLlmUpstream,
  uniqueName,
  waitFor,
} from "@chatbot/testkit";
import { createLogger } from "@chatbot/core";
import { createAccessControl } from "@chatbot/gateway";
import { ADMIN_KEY, accessApp, createKey, type AccessApp } from "../../services/gateway/test/support/access-app";
import { startGatewayHarness, type GatewayHarness, type GatewayInstance } from "../../services/gateway/test/support/gateway-harness";
import { postJson, readChatStream, readSse, type SseReadResult } from "../../services/gateway/test/support/sse-client";
import { fetchJson as json } from "./support/http";
import { timed } from "./support/outage-server";
import { OutageRedis } from "./support/redis-outage";
import { startServiceProcess, type ServiceProcess } from "./support/service-process";

/**
 * Redis stops while the system serves chat, then starts again (empty: it keeps nothing on
 * disk). The gateways and the llm-proxy share that Redis and are never restarted; the
 * llm-proxy runs as its own process with per-caller limits and its answer cache on Redis.
 *
 * While Redis is down: chat (JSON and streamed) keeps working and is stored; rate limits
 * are counted per gateway instance; a stream resumes on the instance that generated it,
 * and elsewhere answers 503 stream_store_unavailable; the answer cache is skipped.
 * After it is back: everything is shared through Redis again.
 */

const LIMIT = 4;
/** Latency a chat may take while Redis is down: far below any wait on a dead Redis (the old default queued for seconds). */
const DEGRADED_CHAT_BUDGET_MS = scaledTimeout(1000);
/** With Redis frozen the first call on each connection waits out the 0.5 s socket timeout; the calls after it fail at once. */
const HUNG_CHAT_BUDGET_MS = scaledTimeout(2500);

let redis: OutageRedis;
let upstream: LlmUpstream;
let llmProxy: ServiceProcess;
let harness: GatewayHarness;
let second: GatewayInstance;
let firstUrl: string;
let secondUrl: string;
let limitedA: AccessApp;
let limitedB: AccessApp;
let limitedAUrl: string;
let limitedBUrl: string;
const rateLimitPrefix = `${uniqueName("rl")}:`;
const accessRegistry = createMetricsRegistry({ collectDefaults: false });
const accessLog: Record<string, unknown>[] = [];
const consoleErrors: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const originalConsoleError = console.error;
const measured: Record<string, number | number[]> = {};

beforeAll(async () => {
  console.error = (...args: unknown[]) => {
    consoleErrors.push(args.map(String).join(" "));
    originalConsoleError(...args);
  };
  process.on("unhandledRejection", onUnhandled);
  process.on("uncaughtException", onUnhandled);

  redis = new OutageRedis(await startDisposableRedis());
  upstream = await startLlmUpstream({ tokens: 12, tokenIntervalMs: 0 });
  llmProxy = await startServiceProcess({
    service: "llm-proxy",
    env: {
      LOG_LEVEL: "info",
      ...llmProxyEnvFor(upstream),
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: `${uniqueName("llm")}:`,
      // Limits far above this test's traffic: they are counted on every call, so a dead Redis would show.
      LLM_REQUESTS_PER_MINUTE: "1000",
      LLM_TOKENS_PER_MINUTE: "1000000",
    },
  });
  harness = await startGatewayHarness({}, { redis: true, redisUrl: redis.url, llmProxyAddress: llmProxy.address });
  second = await harness.secondInstance();
  firstUrl = await harness.listen();
  secondUrl = await second.listen();

  const logger = createLogger({
    service: "gateway-access",
    level: "warn",
    destination: { write: (line: string) => void accessLog.push(JSON.parse(line) as Record<string, unknown>) },
  });
  const env = {
    AUTH_MODE: "api_key",
    ADMIN_API_KEY: ADMIN_KEY,
    RATE_LIMIT_PER_MINUTE: String(LIMIT),
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: rateLimitPrefix,
  };
  const access = {
    access: (config: AccessApp["config"], clients: AccessApp["clients"]) =>
      createAccessControl(config, clients.apiKeys, { logger, useRedis: true, registry: accessRegistry }),
  };
  limitedA = await accessApp(harness, env, access);
  limitedB = await accessApp(harness, env, access);
  limitedAUrl = await limitedA.listen();
  limitedBUrl = await limitedB.listen();
}, scaledTimeout(45_000));

afterAll(async () => {
  try {
    for (const app of [limitedA, limitedB]) await app?.close();
    await harness?.close();
  } finally {
    await llmProxy?.dispose();
    await upstream?.close();
    await redis?.dispose();
    process.off("unhandledRejection", onUnhandled);
    process.off("uncaughtException", onUnhandled);
    console.error = originalConsoleError;
    reportMeasurement("redis-restart (ms)", measured);
  }
});

const chunksOf = (result: SseReadResult) => result.events.map((event) => event.data.chunk ?? "").join("");

const withKey = (key: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${key}` },
});

async function chatJson(baseUrl: string, message: string, init: (request: RequestInit) => RequestInit = (request) => request) {
  return timed(() => json(`${baseUrl}/api/chat`, init(postJson({ message }))));
}

async function storedReply(sessionId: string) {
  const messages = await json(`${firstUrl}/api/sessions/${sessionId}/messages`);
  return messages.body.messages?.at(-1) as Record<string, unknown> | undefined;
}

/** A stream read until `stopAfter` events, then resumed on `resumeUrl` from the last event seen. */
async function streamThenResume(streamUrl: string, resumeUrl: string, message: string) {
  const partial = await readSse(`${streamUrl}/api/chat/stream`, postJson({ message }), { stopAfter: 4 });
  const messageId = partial.events[0]!.data.message_id as string;
  const resumed = await readSse(`${resumeUrl}/api/chat/streams/${messageId}`, {
    headers: { "last-event-id": String(partial.events.at(-1)!.id) },
  });
  return { messageId, partial, resumed, all: [...partial.events, ...(resumed.events ?? [])] };
}

/** Statuses of one request after another for `key`, alternating over the given gateways. */
async function hits(key: string, urls: string[], count: number) {
  const statuses: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const response = await json(`${urls[index % urls.length]}/api/sessions`, withKey(key, postJson({ metadata: { 단계: "제한" } })));
    statuses.push(response.status);
  }
  return statuses;
}

/** Redis as /api/health reports it, for the gateway's own connection and the llm-proxy's (other peers are not part of this test). */
async function redisHealth(url: string) {
  const health = await json(`${url}/api/health`);
  return { gateway: health.body.stores?.["gateway.redis"]?.status, llmProxy: health.body.stores?.["llm-proxy.redis"]?.status, body: health.body };
}

function metricValue(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  let total = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    if (wanted.every((label) => line.includes(label))) total += Number(line.split(" ").at(-1));
  }
  return total;
}

/** Calls the llm-proxy's Complete (deterministic answers are cached in Redis) as the gateway's client would. */
function complete(message: string): Promise<{ content: string; cached: boolean }> {
  return harness.clients.llm.complete(
    { messages: [{ role: "user", content: message }], do_sample: false, max_new_tokens: 32, caller_id: "redis-restart" },
    { timeoutMs: 5000 },
  );
}

let streamedDuringOutage: string;

describe("Redis restarted while chat is served", () => {
  it(
    "before: chat works, a stream resumes on another instance, and a key's limit is shared by both instances",
    async () => {
      const chat = await chatJson(firstUrl, "안녕하세요, 반갑습니다. 오늘 날씨를 알려 주세요.");
      expect(chat.value.status).toBe(200);
      expect(chat.value.body.content).toBe(replyText(12));
      measured.chatBeforeMs = chat.ms;

      upstream.configure({ tokens: 24, tokenIntervalMs: 15 });
      const across = await streamThenResume(firstUrl, secondUrl, "다른 서버에서 이어 볼게요.");
      expect(across.all.map((event) => event.id)).toEqual(across.all.map((_, index) => index + 1));
      expect(across.all.map((event) => event.data.chunk ?? "").join("")).toBe(replyText(24));
      expect(across.all.at(-1)!.data).toMatchObject({ done: true, finish_reason: "stop" });

      const { key } = await createKey(limitedA.app, uniqueName("tenant_before"), "장애 전 키");
      expect(await hits(key, [limitedAUrl, limitedBUrl], LIMIT + 1)).toEqual([...Array(LIMIT).fill(201), 429]);

      const first = await complete("캐시 확인: 장애 전");
      const again = await complete("캐시 확인: 장애 전");
      expect([first.cached, again.cached]).toEqual([false, true]);
      expect(await redisHealth(firstUrl)).toMatchObject({ gateway: "ok", llmProxy: "ok" });
    },
    scaledTimeout(20_000),
  );

  it(
    "Redis stops in the middle of a stream: the reply streams to its end and is stored complete",
    async () => {
      upstream.configure({ tokens: 60, tokenIntervalMs: 20 });
      const marker = "레디스가 멈춰도 끝까지 말해 주세요.";
      const watching = readSse(`${firstUrl}/api/chat/stream`, postJson({ message: marker }));
      await waitFor(() => upstream.requests.find((recorded) => JSON.stringify(recorded.body).includes(marker) && recorded.tokensSent >= 5), {
        what: "the reply half-way",
      });
      measured.redisStopMs = await redis.stop();
      const result = await watching;
      expect(result.events.map((event) => event.id)).toEqual(result.events.map((_, index) => index + 1));
      expect(chunksOf(result)).toBe(replyText(60));
      expect(result.events.at(-1)!.data).toMatchObject({ done: true, finish_reason: "stop" });
      const stored = await storedReply(result.events[0]!.data.session_id as string);
      expect(stored).toMatchObject({ role: "assistant", status: "complete", content: replyText(60) });
    },
    scaledTimeout(15_000),
  );

  it(
    "while Redis is down: JSON and streamed chat keep working within a bounded latency and are stored",
    async () => {
      upstream.configure({ tokens: 12, tokenIntervalMs: 0 });
      const latencies: number[] = [];
      let sessionId: string | undefined;
      for (const message of ["레디스 없이도 대답해 주세요.", "같은 세션에서 한 번 더 물어볼게요.", "세 번째 질문입니다."]) {
        const chat = await chatJson(firstUrl, message, (request) => ({
          ...request,
          body: JSON.stringify({ message, ...(sessionId ? { session_id: sessionId } : {}) }),
        }));
        expect(chat.value.status).toBe(200);
        expect(chat.value.body.content).toBe(replyText(12));
        sessionId = chat.value.body.session_id as string;
        latencies.push(chat.ms);
      }
      const stored = await json(`${firstUrl}/api/sessions/${sessionId}/messages`);
      expect(stored.body.messages.map((message: Record<string, unknown>) => [message.role, message.status])).toEqual([
        ["user", "complete"],
        ["assistant", "complete"],
        ["user", "complete"],
        ["assistant", "complete"],
        ["user", "complete"],
        ["assistant", "complete"],
      ]);

      const streamed = await timed(() => readSse(`${secondUrl}/api/chat/stream`, postJson({ message: "스트리밍도 되나요? 🙂" })));
      expect(streamed.value.status).toBe(200);
      expect(chunksOf(streamed.value)).toBe(replyText(12));
      expect(streamed.value.events.at(-1)!.data).toMatchObject({ done: true });
      expect(await storedReply(streamed.value.events[0]!.data.session_id as string)).toMatchObject({ status: "complete", content: replyText(12) });

      measured.chatDuringMs = latencies;
      measured.streamDuringMs = streamed.ms;
      for (const ms of [...latencies, streamed.ms]) expect(ms).toBeLessThan(DEGRADED_CHAT_BUDGET_MS);

      // Health names Redis as down (both the gateway's and the llm-proxy's), readiness stays: traffic keeps coming.
      const down = await redisHealth(firstUrl);
      expect(down).toMatchObject({ gateway: "down", llmProxy: "down" });
      expect(down.body.status).toBe("degraded");
      expect((await json(`${firstUrl}/readyz`)).status).toBe(200);
    },
    scaledTimeout(20_000),
  );

  it(
    "while Redis is down: each gateway instance enforces the limit on its own, with one warning per instance",
    async () => {
      const { key } = await createKey(limitedA.app, uniqueName("tenant_during"), "장애 중 키");
      const timedHits = await timed(() => hits(key, [limitedAUrl], LIMIT + 1));
      expect(timedHits.value).toEqual([...Array(LIMIT).fill(201), 429]);
      expect(await hits(key, [limitedBUrl], LIMIT + 1)).toEqual([...Array(LIMIT).fill(201), 429]);
      measured.rateLimitedRequestDuringMs = Math.round(timedHits.ms / (LIMIT + 1));
      const limited = await json(`${limitedAUrl}/api/sessions`, withKey(key, postJson({})));
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(limited.headers.get("ratelimit-limit")).toBe(String(LIMIT));

      const fallbacks = metricValue(await accessRegistry.metrics(), "chatbot_redis_fallbacks_total", { service: "gateway", feature: "rate_limit" });
      expect(fallbacks).toBeGreaterThanOrEqual(2 * (LIMIT + 1) + 1);
      const warnings = accessLog.filter((line) => line.feature === "rate_limit");
      expect(warnings).toHaveLength(2);

      // A chat through a rate-limited gateway works too.
      const { key: chatKey } = await createKey(limitedA.app, uniqueName("tenant_chat"), "대화 키");
      const chat = await chatJson(limitedBUrl, "키로 인증된 대화도 되나요?", (request) => withKey(chatKey, request));
      expect(chat.value.status).toBe(200);
      expect(chat.value.body.content).toBe(replyText(12));
    },
    scaledTimeout(20_000),
  );

  it(
    "while Redis is down: a stream resumes on the instance that generated it; elsewhere 503 stream_store_unavailable",
    async () => {
      upstream.configure({ tokens: 24, tokenIntervalMs: 15 });
      const same = await streamThenResume(firstUrl, firstUrl, "같은 서버에서 이어 보기");
      expect(same.all.map((event) => event.id)).toEqual(same.all.map((_, index) => index + 1));
      expect(same.all.map((event) => event.data.chunk ?? "").join("")).toBe(replyText(24));
      expect(same.all.at(-1)!.data).toMatchObject({ done: true });
      streamedDuringOutage = same.messageId;

      const elsewhere = await timed(() => readSse(`${secondUrl}/api/chat/streams/${same.messageId}?after=0`));
      expect(elsewhere.value.status).toBe(503);
      expect(elsewhere.value.body!.error.code).toBe("stream_store_unavailable");
      expect(elsewhere.value.headers.get("retry-after")).toBe("1");
      measured.resumeElsewhereDuringMs = elsewhere.ms;
      const stop = await json(`${secondUrl}/api/chat/streams/${same.messageId}/stop`, { method: "POST" });
      expect(stop.status).toBe(503);

      // The answer cache is skipped: each deterministic call goes upstream, and answers.
      const before = upstream.requests.length;
      const first = await complete("캐시 확인: 장애 중");
      const again = await complete("캐시 확인: 장애 중");
      expect([first.cached, again.cached]).toEqual([false, false]);
      expect(upstream.requests.length - before).toBe(2);
    },
    scaledTimeout(20_000),
  );

  it(
    "after Redis starts again, without restarting anything: health, cross-instance resume and stops, shared limits and the cache are back",
    async () => {
      measured.redisStartMs = await redis.start();
      const recovery = await timed(() =>
        waitFor(
          async () => {
            const [first, other] = [await redisHealth(firstUrl), await redisHealth(secondUrl)];
            return [first.gateway, first.llmProxy, other.gateway].every((status) => status === "ok");
          },
          { timeoutMs: 10_000, intervalMs: 50, what: "Redis healthy again for both instances and the llm-proxy" },
        ),
      );
      measured.healthRecoveredMs = recovery.ms;
      // Every gateway listens for stops again (two harness instances, two rate-limited ones).
      await waitFor(async () => (await redis.subscribers("stop")) === 4, { timeoutMs: 5000, what: "stop subscriptions back" });

      upstream.configure({ tokens: 24, tokenIntervalMs: 15 });
      const across = await streamThenResume(firstUrl, secondUrl, "레디스가 돌아왔으니 다른 서버에서 이어 볼게요.");
      expect(across.resumed.status).toBe(200);
      expect(across.all.map((event) => event.id)).toEqual(across.all.map((_, index) => index + 1));
      expect(across.all.map((event) => event.data.chunk ?? "").join("")).toBe(replyText(24));

      // A stream generated while Redis was down was never shared: another instance does not know it.
      const unknown = await json(`${secondUrl}/api/chat/streams/${streamedDuringOutage}?after=0`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe("stream_not_found");

      upstream.configure({ tokens: 300, tokenIntervalMs: 20 });
      const marker = "멈출 때까지 길게 말해 주세요.";
      // Stopped with the id its stream announced: the stream is shared from then on.
      const { result: watching, started } = readChatStream(`${firstUrl}/api/chat/stream`, postJson({ message: marker, max_new_tokens: 300 }));
      const upstreamRequest = await waitFor(() => upstream.requests.find((recorded) => JSON.stringify(recorded.body).includes(marker) && recorded.tokensSent >= 2));
      const { messageId } = await started;
      expect((await json(`${secondUrl}/api/chat/streams/${messageId}/stop`, { method: "POST" })).status).toBe(202);
      await waitFor(() => upstreamRequest.closedEarly, { timeoutMs: 2000, what: "the upstream call cancelled" });
      expect((await watching).events.at(-1)!.data).toMatchObject({ done: true, finish_reason: "interrupted" });

      // Both rate-limited instances count in Redis again (a probe key's counter appears there), then share one limit.
      const probe = await createKey(limitedA.app, uniqueName("tenant_probe"), "확인 키");
      for (const url of [limitedAUrl, limitedBUrl]) {
        await waitFor(
          async () => {
            const counter = `${rateLimitPrefix}ratelimit:{key:${probe.key_id}}:60000`;
            const before = await redis.count(counter);
            await json(`${url}/api/sessions`, withKey(probe.key, postJson({})));
            return (await redis.count(counter)) === before + 1;
          },
          { timeoutMs: 5000, intervalMs: 100, what: `${url} counting in Redis` },
        );
      }
      const { key } = await createKey(limitedA.app, uniqueName("tenant_after"), "복구 후 키");
      expect(await hits(key, [limitedAUrl, limitedBUrl], LIMIT + 2)).toEqual([...Array(LIMIT).fill(201), 429, 429]);

      const first = await complete("캐시 확인: 복구 후");
      const again = await complete("캐시 확인: 복구 후");
      expect([first.cached, again.cached]).toEqual([false, true]);
    },
    scaledTimeout(30_000),
  );

  it(
    "Redis hangs (process frozen): chat still answers, the dead connection is dropped after 0.5 s; then all is back",
    async () => {
      upstream.configure({ tokens: 12, tokenIntervalMs: 0 });
      await redis.pause();
      try {
        const latencies: number[] = [];
        for (const message of ["레디스가 멈춰 있어도 대답하나요?", "한 번 더 물어볼게요."]) {
          const chat = await chatJson(firstUrl, message);
          expect(chat.value.status).toBe(200);
          expect(chat.value.body.content).toBe(replyText(12));
          latencies.push(chat.ms);
        }
        const streamed = await timed(() => readSse(`${secondUrl}/api/chat/stream`, postJson({ message: "멈춘 레디스와 스트리밍" })));
        expect(streamed.value.events.at(-1)!.data).toMatchObject({ done: true });
        measured.chatHungMs = latencies;
        measured.streamHungMs = streamed.ms;
        for (const ms of [...latencies, streamed.ms]) expect(ms).toBeLessThan(HUNG_CHAT_BUDGET_MS);
      } finally {
        redis.resume();
      }
      // Both instances: the stream is mirrored by the first and looked up by the second, whose
      // connection was dropped during the hang and reconnects on its own schedule.
      for (const url of [firstUrl, secondUrl]) {
        await waitFor(async () => (await redisHealth(url)).gateway === "ok", { timeoutMs: 5000, what: `Redis answering ${url} again` });
      }
      upstream.configure({ tokens: 24, tokenIntervalMs: 15 });
      const across = await streamThenResume(firstUrl, secondUrl, "다시 다른 서버에서 이어 볼게요.");
      expect({ status: across.resumed.status, body: across.resumed.body }).toEqual({ status: 200, body: undefined });
      expect(across.all.map((event) => event.data.chunk ?? "").join("")).toBe(replyText(24));
    },
    scaledTimeout(30_000),
  );

  it("nothing crashed and nothing went unhandled; each outage was logged once per process and every fallback counted", async () => {
    expect(llmProxy.running).toBe(true);
    expect(unhandled).toEqual([]);
    expect(consoleErrors.filter((line) => line.includes("ioredis"))).toEqual([]);
    const proxyOutput = llmProxy.output();
    expect(proxyOutput).not.toMatch(/Unhandled error event/);
    // Two outages (stopped, then frozen): one line each when it began and when it ended, not one per reconnect attempt.
    expect(proxyOutput.match(/Redis unreachable/g)).toHaveLength(2);
    expect(proxyOutput.match(/Redis reachable again/g)).toHaveLength(2);

    const gatewayMetrics = await fetch(`${firstUrl}/metrics`).then((response) => response.text());
    for (const feature of ["stream_mirror", "session_lock", "stream_resume"]) {
      expect(metricValue(gatewayMetrics, "chatbot_redis_fallbacks_total", { service: "gateway", feature })).toBeGreaterThan(0);
    }
  });
});
