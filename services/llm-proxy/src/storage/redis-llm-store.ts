import { Redis } from "ioredis";
import type { Logger } from "@chatbot/core";
import { counter, type Registry } from "@chatbot/observability";
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

/** A command without an answer after this long counts as Redis being unavailable. */
const REDIS_COMMAND_TIMEOUT_MS = 500;

type Feature = "answer_cache" | "llm_rate_limit";

/**
 * The distributed-mode store: replicas share cached answers and rate-limit counters.
 *
 * While Redis is unreachable (or does not answer within REDIS_COMMAND_TIMEOUT_MS) the
 * store degrades instead of failing generations: cache lookups miss and writes are
 * skipped, and rate-limit windows are counted in this process, so each replica enforces
 * the limits on its own. `ping` still fails, so health reports Redis as down. Nothing
 * needs restarting when Redis is back: the next command uses it again.
 */
export function createRedisLlmStore(options: RedisLlmStoreOptions): LlmStore {
  const now = options.now ?? Date.now;
  const redis = new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    // A connection that stops answering is dropped, so the calls after it fail at once
    // until Redis answers again rather than each waiting out the command timeout.
    socketTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: 1000,
    maxRetriesPerRequest: 1,
    // Reconnect at least every second, so Redis coming back is used again within about a second.
    retryStrategy: (times) => Math.min(times * 100, 1000),
    // Queue only until the first connection attempt settles; after that, fail at once while disconnected.
    enableOfflineQueue: true,
    lazyConnect: false,
  });
  const failFast = () => {
    redis.options.enableOfflineQueue = false;
  };
  redis.once("ready", failFast);
  redis.once("error", failFast);

  const local = createMemoryLlmStore({ now });
  const fallbackCount = options.registry
    ? counter(options.registry, {
        name: "chatbot_redis_fallbacks_total",
        help: "Operations that went on without Redis (Redis unreachable or too slow), by service and feature",
        labelNames: ["service", "feature"] as const,
      })
    : undefined;
  let down = false;
  const warned = new Set<Feature>();
  // Connection trouble arrives as events on every reconnect attempt: reported once per outage.
  redis.on("error", (error: Error) => {
    if (down) return;
    down = true;
    options.logger?.warn({ err: error }, "Redis unreachable; answer cache skipped and rate limits counted per replica until it is back");
  });
  redis.on("ready", () => {
    if (down) options.logger?.info("Redis reachable again");
    down = false;
    warned.clear();
  });
  const fellBack = (feature: Feature, error: unknown) => {
    fallbackCount?.inc({ service: "llm-proxy", feature });
    if (warned.has(feature)) return;
    warned.add(feature);
    options.logger?.warn({ err: error, feature }, "Redis unavailable; feature degraded");
  };

  return {
    kind: "redis",
    async getCompletion(key) {
      try {
        return (await redis.get(`cache:${key}`)) ?? undefined;
      } catch (error) {
        fellBack("answer_cache", error);
        return undefined;
      }
    },
    async putCompletion(key, value, ttlSeconds) {
      try {
        await redis.set(`cache:${key}`, value, "EX", Math.max(1, Math.round(ttlSeconds)));
      } catch (error) {
        fellBack("answer_cache", error);
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
        fellBack("llm_rate_limit", error);
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
