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

const BOUNDED_REDIS_OPTIONS: RedisOptions = {
  commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
  socketTimeout: REDIS_COMMAND_TIMEOUT_MS,
  connectTimeout: 1000,
  maxRetriesPerRequest: 1,
  retryStrategy: (times) => Math.min(times * 100, 1000),
};

export interface RedisFallbacks<Feature extends string = string> {
  /** A feature did without Redis this time: counted always, logged once per outage and feature. */
  used(feature: Feature, error: unknown): void;
}

export interface BoundedRedis<Feature extends string = string> {
  redis: Redis;
  fallbacks: RedisFallbacks<Feature>;
}

export interface BoundedRedisOptions {
  /** The `service` label of `chatbot_redis_fallbacks_total`. */
  service: string;
  /** What the connection is for, named in its log lines. */
  purpose: string;
  logger?: Logger;
  registry?: Registry;
  keyPrefix?: string;
  /** Commands issued in the same tick go out as one write (many small commands per request). */
  autoPipelining?: boolean;
  /** Default REDIS_COMMAND_TIMEOUT_MS; longer only where a slow answer is still worth waiting for. */
  commandTimeoutMs?: number;
}

/**
 * A Redis connection whose outages are reported once (unreachable, reachable again)
 * rather than on every reconnect attempt, with a counter of the fallbacks taken meanwhile.
 */
export function connectBoundedRedis<Feature extends string>(url: string, options: BoundedRedisOptions): BoundedRedis<Feature> {
  const { logger, purpose, service } = options;
  // Until the first attempt settles, commands wait in the offline queue (bounded by the
  // command timeout) so a service that just started does not skip Redis for its first requests.
  const redis = new Redis(url, {
    ...BOUNDED_REDIS_OPTIONS,
    enableOfflineQueue: true,
    ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}),
    ...(options.autoPipelining ? { enableAutoPipelining: true } : {}),
    ...(options.commandTimeoutMs ? { commandTimeout: options.commandTimeoutMs, socketTimeout: options.commandTimeoutMs } : {}),
  });
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
  const warned = new Set<Feature>();
  // Connection trouble arrives as an event on every reconnect attempt: reported once per outage.
  redis.on("error", (error: Error) => {
    if (down) return;
    down = true;
    logger?.warn({ err: error, purpose }, "Redis unreachable; going on without it until it is back");
  });
  redis.on("ready", () => {
    if (down) logger?.info({ purpose }, "Redis reachable again");
    down = false;
    warned.clear();
  });

  return {
    redis,
    fallbacks: {
      used(feature, error) {
        fallbackCount?.inc({ service, feature });
        if (warned.has(feature)) return;
        warned.add(feature);
        logger?.warn({ err: error, feature, purpose }, "Redis unavailable; feature degraded");
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
