import { testStores, uniqueName, waitFor } from "@chatbot/testkit";
import { Redis } from "ioredis";
import type { LlmStore } from "../src/storage/llm-store";
import { createMemoryLlmStore } from "../src/storage/memory-llm-store";
import { createRedisLlmStore } from "../src/storage/redis-llm-store";

/** One suite, run against real Redis and the in-memory store. */
function llmStoreContract(name: string, create: (keyPrefix: string) => LlmStore) {
  describe(`${name} LLM store`, () => {
    let store: LlmStore;
    beforeAll(() => {
      store = create(`${uniqueName("llm_store")}:`);
    });
    afterAll(() => store.close());

    it("answers ping", async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it("keeps a cached completion until its TTL passes", async () => {
      const value = JSON.stringify({ content: "캐시된 답변입니다 ✅" });
      await store.putCompletion("답변-1", value, 1);
      expect(await store.getCompletion("답변-1")).toBe(value);
      expect(await store.getCompletion("없는-키")).toBeUndefined();
      await waitFor(async () => (await store.getCompletion("답변-1")) === undefined, { timeoutMs: 3000, intervalMs: 100, what: "expiry" });
    });

    it("replaces a cached completion written again", async () => {
      await store.putCompletion("답변-2", "첫 번째", 60);
      await store.putCompletion("답변-2", "두 번째", 60);
      expect(await store.getCompletion("답변-2")).toBe("두 번째");
    });

    it("counts within a window, per key, and reports when the window resets", async () => {
      expect(await store.addToWindow("요청:가", 1, 60_000)).toMatchObject({ total: 1 });
      expect(await store.addToWindow("요청:가", 5, 60_000)).toMatchObject({ total: 6 });
      expect(await store.addToWindow("요청:나", 1, 60_000)).toMatchObject({ total: 1 });
      const read = await store.addToWindow("요청:가", 0, 60_000);
      expect(read.total).toBe(6);
      expect(read.resetInMs).toBeGreaterThan(0);
      expect(read.resetInMs).toBeLessThanOrEqual(60_000);
    });

    it("starts a new count in the next window", async () => {
      await store.addToWindow("짧은-창", 3, 200);
      await waitFor(async () => (await store.addToWindow("짧은-창", 0, 200)).total === 0, { timeoutMs: 2000, what: "next window" });
    });

    it("keeps stores with different prefixes apart", async () => {
      const other = create(`${uniqueName("llm_store_other")}:`);
      try {
        await store.putCompletion("공유-키", "이 저장소", 60);
        expect(await other.getCompletion("공유-키")).toBeUndefined();
      } finally {
        await other.close();
      }
    });
  });
}

const redisPrefixes: string[] = [];
llmStoreContract("redis", (keyPrefix) => {
  redisPrefixes.push(keyPrefix);
  return createRedisLlmStore({ url: testStores.redisUrl, keyPrefix });
});
llmStoreContract("memory", () => createMemoryLlmStore());

afterAll(async () => {
  const redis = new Redis(testStores.redisUrl);
  for (const prefix of redisPrefixes) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  await redis.quit();
});
