import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "@chatbot/core";
import { counter, type Registry } from "@chatbot/observability";

/**
 * No request waits long for a dead or hung Redis. A command that gets no answer fails
 * after REDIS_COMMAND_TIMEOUT_MS, and a connection that stops answering is dropped after
 * as long (socket timeout), so the commands after it fail at once until Redis answers a
 * new connection's ready check, instead of each waiting out its own timeout. Once the
 * first connection attempt has settled, commands issued while disconnected fail at once
 * rather than queueing for a reconnect. Reconnects are tried at least every second, so
 * Redis coming back is used again within about a second.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 500;

export const BOUNDED_REDIS_OPTIONS: RedisOptions = {
  commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
  socketTimeout: REDIS_COMMAND_TIMEOUT_MS,
  connectTimeout: 1000,
  maxRetriesPerRequest: 1,
  retryStrategy: (times) => Math.min(times * 100, 1000),
  enableAutoPipelining: true,
};

/** What works without Redis, each in its own reduced way (see where each is used). */
export type RedisFeature = "rate_limit" | "token_quota" | "session_lock" | "stream_mirror" | "stream_resume" | "stop_bus";

export interface RedisFallbacks {
  /** A feature did without Redis this time: counted always, logged once per outage and feature. */
  used(feature: RedisFeature, error: unknown): void;
}

export interface BoundedRedis {
  redis: Redis;
  fallbacks: RedisFallbacks;
}

/**
 * A Redis connection whose outages are reported once (unreachable, reachable again)
 * rather than on every reconnect attempt, with a counter of the fallbacks taken meanwhile.
 */
export function connectBoundedRedis(
  url: string,
  options: { logger: Logger; registry?: Registry; purpose: string },
): BoundedRedis {
  const { logger, purpose } = options;
  // Until the first attempt settles, commands wait in the offline queue (bounded by the
  // command timeout) so a gateway that just started does not skip Redis for its first requests.
  const redis = new Redis(url, { ...BOUNDED_REDIS_OPTIONS, enableOfflineQueue: true });
  const failFast = () => {
    redis.options.enableOfflineQueue = false;
  };
  redis.once("ready", failFast);
  redis.once("error", failFast);

  const fallbackCount = options.registry
    ? counter(options.registry, {
        name: "chatbot_redis_fallbacks_total",
        help: "Operations that went on without Redis (Redis unreachable or too slow), by service and feature",
        labelNames: ["service", "feature"] as const,
      })
    : undefined;
  let down = false;
  const warned = new Set<RedisFeature>();
  redis.on("error", (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ err: error, purpose }, "Redis unreachable; going on without it until it is back");
  });
  redis.on("ready", () => {
    if (down) logger.info({ purpose }, "Redis reachable again");
    down = false;
    warned.clear();
  });

  return {
    redis,
    fallbacks: {
      used(feature, error) {
        fallbackCount?.inc({ service: "gateway", feature });
        if (warned.has(feature)) return;
        warned.add(feature);
        logger.warn({ err: error, feature, purpose }, "Redis unavailable; feature degraded");
      },
    },
  };
}

/**
 * A second connection for subscribing or blocking reads: those wait for a connection
 * (offline queue) rather than failing at once, and a blocking read is bounded by its own
 * BLOCK time instead of the command or socket timeout (both would cut a legitimate wait).
 * Connection errors are reported by the parent.
 */
export function duplicateForWaiting(redis: Redis): Redis {
  const duplicate = redis.duplicate({
    enableOfflineQueue: true,
    commandTimeout: undefined,
    socketTimeout: undefined,
    blockingTimeout: 1000,
  });
  duplicate.on("error", () => undefined);
  return duplicate;
}
