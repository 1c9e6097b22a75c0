import { connectBoundedRedis } from "@chatbot/redis";
import { testStores, uniqueName, waitFor } from "@chatbot/testkit";
import { Redis } from "ioredis";
import type { CompletionStore } from "../src/domain/completion.store";
import { createMemoryCompletionStore } from "../src/storage/memory-completion.store";
import { createRedisCompletionStore } from "../src/storage/redis-completion.store";

interface Made {
  store: CompletionStore;
  close(): Promise<void>;
}

/** One suite, run against real Redis and the in-memory store. (Rate-limit windows: packages/redis's windowed counter suite.) */
function completionStoreContract(name: string, create: (keyPrefix: string) => Made) {
  describe(`${name} completion store`, () => {
    let made: Made;
    let store: CompletionStore;
    beforeAll(() => {
      made = create(`${uniqueName("llm_store")}:`);
      store = made.store;
    });
    afterAll(() => made.close());

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

    it("keeps stores with different prefixes apart", async () => {
      const other = create(`${uniqueName("llm_store_other")}:`);
      try {
        await store.putCompletion("공유-키", "이 저장소", 60);
        expect(await other.store.getCompletion("공유-키")).toBeUndefined();
      } finally {
        await other.close();
      }
    });
  });
}

const redisPrefixes: string[] = [];
completionStoreContract("redis", (keyPrefix) => {
  redisPrefixes.push(keyPrefix);
  const { redis, fallbacks } = connectBoundedRedis(testStores.redisUrl, { service: "llm-proxy", purpose: "test", keyPrefix });
  const store = createRedisCompletionStore({ redis, fallbacks });
  return {
    store,
    async close() {
      await store.close();
      await redis.quit();
    },
  };
});
completionStoreContract("memory", () => {
  const store = createMemoryCompletionStore();
  return { store, close: () => store.close() };
});

afterAll(async () => {
  const redis = new Redis(testStores.redisUrl);
  for (const prefix of redisPrefixes) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  await redis.quit();
});
