import { Redis } from "ioredis";
import { REDIS_COMMAND_TIMEOUT_MS, connectBoundedRedis, createMemoryWindowedCounter, createRedisWindowedCounter } from "@chatbot/redis";
import type { WindowedCounter } from "@chatbot/core";
import { replyText, scaledTimeout, startLlmUpstream, testLogger, testStores, uniqueName, type LlmUpstream } from "@chatbot/testkit";
import type { CompletionStore } from "../src/domain/completion.store";
import { createMemoryCompletionStore } from "../src/storage/memory-completion.store";
import { createRedisCompletionStore, type LlmRedisFeature } from "../src/storage/redis-completion.store";
import { providerFor, rejection } from "./support/providers";
import { generationRequest } from "./support/requests";
import { buildService, drain, metricValue } from "./support/service";

const logger = testLogger("llm-proxy");

interface Storage {
  store: CompletionStore;
  counter: WindowedCounter;
  close(): Promise<void>;
}

/** The cache and the rate limits behave the same on real Redis and in memory. */
function cacheAndLimitsContract(name: string, createStorage: () => Storage) {
  describe(`cache and rate limits (${name})`, () => {
    let upstream: LlmUpstream;
    let storage: Storage;
    let store: CompletionStore;
    let counter: WindowedCounter;

    beforeAll(async () => {
      upstream = await startLlmUpstream({ tokens: 4 });
    });
    beforeEach(() => {
      storage = createStorage();
      ({ store, counter } = storage);
    });
    afterEach(async () => {
      upstream.reset();
      await storage.close();
    });
    afterAll(() => upstream.close());

    const openai = () => providerFor("openai", upstream, logger);
    const signal = () => new AbortController().signal;

    it("answers a repeated deterministic Complete from the cache without calling the provider", async () => {
      const { service, registry } = buildService({ providers: [openai()], store });
      const request = generationRequest({ parameters: { doSample: false }, messages: [{ role: "user", content: "대한민국의 수도는?  " }] });
      const first = await service.complete(request, signal());
      // Same question, other caller, other request id, trailing space and CRLF differences: the same answer.
      const second = await service.complete(
        { ...request, requestId: "요청-2", callerId: "테넌트-2", messages: [{ role: "user", content: "대한민국의 수도는?" }] },
        signal(),
      );
      expect(first).toMatchObject({ cached: false, content: replyText(4) });
      expect(second).toMatchObject({ cached: true, content: replyText(4), provider: "openai", usage: first.usage });
      expect(upstream.requests).toHaveLength(1);
      expect(await metricValue(registry, "chatbot_llm_cache_requests_total", { result: "hit" })).toBe(1);
      expect(await metricValue(registry, "chatbot_llm_cache_requests_total", { result: "miss" })).toBe(1);
    });

    it("misses the cache for a different question or different parameters", async () => {
      const { service } = buildService({ providers: [openai()], store });
      await service.complete(generationRequest({ parameters: { doSample: false }, messages: [{ role: "user", content: "서울의 인구는?" }] }), signal());
      await service.complete(generationRequest({ parameters: { doSample: false }, messages: [{ role: "user", content: "부산의 인구는?" }] }), signal());
      await service.complete(generationRequest({ parameters: { doSample: false, maxNewTokens: 10 }, messages: [{ role: "user", content: "서울의 인구는?" }] }), signal());
      expect(upstream.requests).toHaveLength(3);
    });

    it("never caches sampled answers", async () => {
      const { service } = buildService({ providers: [openai()], store });
      const request = generationRequest({ parameters: { doSample: true } });
      await service.complete(request, signal());
      const second = await service.complete(request, signal());
      expect(second.cached).toBe(false);
      expect(upstream.requests).toHaveLength(2);
    });

    it("limits requests per minute per caller with a retry-after", async () => {
      const caller = uniqueName("호출자");
      const { service } = buildService({ providers: [openai()], store, counter, limits: { requestsPerMinute: 2 } });
      await service.complete(generationRequest({ callerId: caller }), signal());
      await drain((onText) => service.generate(generationRequest({ callerId: caller }), signal(), onText));
      const error = await rejection(service.complete(generationRequest({ callerId: caller }), signal()));
      expect(error).toMatchObject({ kind: "resource_exhausted", code: "rate_limited" });
      expect((error as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect((error as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(60);
      // Another caller is not affected, and the refused request never reached the provider.
      await service.complete(generationRequest({ callerId: uniqueName("다른-호출자") }), signal());
      expect(upstream.requests).toHaveLength(3);
    });

    it("limits tokens per minute per caller once the minute's budget is spent", async () => {
      const caller = uniqueName("호출자");
      const { service } = buildService({ providers: [openai()], store, counter, limits: { tokensPerMinute: 20 } });
      const first = await service.complete(generationRequest({ callerId: caller }), signal());
      expect(first.usage.totalTokens).toBeGreaterThan(0);
      await service.complete(generationRequest({ callerId: caller }), signal()).catch(() => undefined);
      const { error } = await drain((onText) => service.generate(generationRequest({ callerId: caller }), signal(), onText));
      expect(error).toMatchObject({ code: "rate_limited", retryAfterSeconds: expect.any(Number) });
    });
  });
}

const redisPrefixes: string[] = [];
cacheAndLimitsContract("redis", () => {
  const keyPrefix = `${uniqueName("llm_cache")}:`;
  redisPrefixes.push(keyPrefix);
  // Fast failure is the service's choice; here a busy machine's slow answer must not turn a hit into a miss.
  const connection = connectBoundedRedis<LlmRedisFeature>(testStores.redisUrl, {
    service: "llm-proxy",
    purpose: "test",
    keyPrefix,
    commandTimeoutMs: scaledTimeout(REDIS_COMMAND_TIMEOUT_MS),
  });
  const counter = createRedisWindowedCounter({ redis: connection.redis, fallbacks: connection.fallbacks, feature: "llm_rate_limit", keyPrefix: "window:" });
  return {
    store: createRedisCompletionStore(connection),
    counter,
    async close() {
      await counter.close();
      await connection.redis.quit();
    },
  };
});
cacheAndLimitsContract("memory", () => {
  const [store, counter] = [createMemoryCompletionStore(), createMemoryWindowedCounter()];
  return {
    store,
    counter,
    async close() {
      await store.close();
      await counter.close();
    },
  };
});

afterAll(async () => {
  const redis = new Redis(testStores.redisUrl);
  for (const prefix of redisPrefixes) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  await redis.quit();
});
