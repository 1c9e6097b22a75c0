import type { Logger } from "@chatbot/core";
import type { Registry } from "@chatbot/observability";
import { connectBoundedRedis } from "@chatbot/redis";
import { windowOf, type LlmStore, type WindowCount } from "./llm-store";
import { createMemoryLlmStore } from "./memory-llm-store";

export interface RedisLlmStoreOptions {
  url: string;
  /** Prepended to every key, e.g. "chatbot:llm:". */
  keyPrefix: string;
  now?: () => number;
  /** Told once per outage when Redis becomes unreachable and when it is back. */
  logger?: Logger;
  /** Where `chatbot_redis_fallbacks_total` is counted. */
  registry?: Registry;
}

type Feature = "answer_cache" | "llm_rate_limit";

/**
 * The distributed-mode store: replicas share cached answers and rate-limit counters.
 *
 * While Redis is unreachable (or does not answer within its bounded command timeout) the
 * store degrades instead of failing generations: cache lookups miss and writes are
 * skipped, and rate-limit windows are counted in this process, so each replica enforces
 * the limits on its own. `ping` still fails, so health reports Redis as down. Nothing
 * needs restarting when Redis is back: the next command uses it again.
 */
export function createRedisLlmStore(options: RedisLlmStoreOptions): LlmStore {
  const now = options.now ?? Date.now;
  const { redis, fallbacks } = connectBoundedRedis<Feature>(options.url, {
    service: "llm-proxy",
    purpose: "answer cache and rate limits",
    keyPrefix: options.keyPrefix,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.registry ? { registry: options.registry } : {}),
  });
  const local = createMemoryLlmStore({ now });

  return {
    kind: "redis",
    async getCompletion(key) {
      try {
        return (await redis.get(`cache:${key}`)) ?? undefined;
      } catch (error) {
        fallbacks.used("answer_cache", error);
        return undefined;
      }
    },
    async putCompletion(key, value, ttlSeconds) {
      try {
        await redis.set(`cache:${key}`, value, "EX", Math.max(1, Math.round(ttlSeconds)));
      } catch (error) {
        fallbacks.used("answer_cache", error);
      }
    },
    async addToWindow(key, amount, windowMs): Promise<WindowCount> {
      const { index, resetInMs } = windowOf(now(), windowMs);
      const windowKey = `window:${windowMs}:${key}:${index}`;
      try {
        // The key outlives its window a little so that a late reader never sees a reset count.
        const results = await redis.multi().incrby(windowKey, amount).pexpire(windowKey, windowMs * 2).exec();
        const [error, total] = results?.[0] ?? [new Error("Redis returned no result"), 0];
        if (error) throw error;
        return { total: Number(total), resetInMs };
      } catch (error) {
        fallbacks.used("llm_rate_limit", error);
        return local.addToWindow(key, amount, windowMs);
      }
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      await local.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
