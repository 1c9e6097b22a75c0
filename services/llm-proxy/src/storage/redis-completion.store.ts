import type { Redis } from "ioredis";
import type { RedisFallbacks } from "@chatbot/redis";
import type { CompletionStore } from "../domain/completion.store";

export type LlmRedisFeature = "answer_cache" | "llm_rate_limit";

export interface RedisCompletionStoreOptions {
  /** A bounded connection (connectBoundedRedis) with the deployment's key prefix; its owner closes it. */
  redis: Redis;
  fallbacks?: RedisFallbacks<LlmRedisFeature>;
}

/**
 * The distributed-mode store: replicas share cached answers.
 *
 * While Redis is unreachable (or does not answer within its bounded command timeout) the
 * store degrades instead of failing generations: cache lookups miss and writes are
 * skipped. `ping` still fails, so health reports Redis as down. Nothing needs restarting
 * when Redis is back: the next command uses it again.
 */
export function createRedisCompletionStore({ redis, fallbacks }: RedisCompletionStoreOptions): CompletionStore {
  return {
    kind: "redis",
    async getCompletion(key) {
      try {
        return (await redis.get(`cache:${key}`)) ?? undefined;
      } catch (error) {
        fallbacks?.used("answer_cache", error);
        return undefined;
      }
    },
    async putCompletion(key, value, ttlSeconds) {
      try {
        await redis.set(`cache:${key}`, value, "EX", Math.max(1, Math.round(ttlSeconds)));
      } catch (error) {
        fallbacks?.used("answer_cache", error);
      }
    },
    async ping() {
      await redis.ping();
    },
    async close() {},
  };
}
