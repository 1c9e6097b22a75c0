import { Redis } from "ioredis";
import { windowOf, type LlmStore, type WindowCount } from "./llm-store";

export interface RedisLlmStoreOptions {
  url: string;
  /** Prepended to every key, e.g. "chatbot:llm:". */
  keyPrefix: string;
  now?: () => number;
}

/** The distributed-mode store: replicas share cached answers and rate-limit counters. */
export function createRedisLlmStore(options: RedisLlmStoreOptions): LlmStore {
  const now = options.now ?? Date.now;
  const redis = new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    // Fail calls fast while Redis is away instead of queueing them behind a reconnect.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
  // ioredis reports connection trouble as events; the calls themselves reject and are handled there.
  redis.on("error", () => undefined);

  return {
    kind: "redis",
    async getCompletion(key) {
      const value = await redis.get(`cache:${key}`);
      return value ?? undefined;
    },
    async putCompletion(key, value, ttlSeconds) {
      await redis.set(`cache:${key}`, value, "EX", Math.max(1, Math.round(ttlSeconds)));
    },
    async addToWindow(key, amount, windowMs): Promise<WindowCount> {
      const { index, resetInMs } = windowOf(now(), windowMs);
      const windowKey = `window:${windowMs}:${key}:${index}`;
      // The key outlives its window a little so that a late reader never sees a reset count.
      const results = await redis.multi().incrby(windowKey, amount).pexpire(windowKey, windowMs * 2).exec();
      const [error, total] = results?.[0] ?? [new Error("Redis returned no result"), 0];
      if (error) throw error;
      return { total: Number(total), resetInMs };
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
