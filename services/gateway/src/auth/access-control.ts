import type { Logger } from "@chatbot/core";
import type { Registry } from "@chatbot/observability";
import type { apiKeysV1 } from "@chatbot/grpc";
import { connectBoundedRedis } from "../chat/redis-client";
import type { GatewayConfig } from "../config";
import { ApiKeyResolver } from "./api-key-resolver";
import { MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from "./rate-limiter";
import { StreamSlots } from "./stream-slots";

/** What the gateway needs to admit a request: who it is, and whether it may go on now. */
export interface AccessControl {
  resolver: ApiKeyResolver;
  /** Absent when RATE_LIMIT_PER_MINUTE is not set (unlimited). */
  limiter?: RateLimiter;
  streams: StreamSlots;
  close(): Promise<void>;
}

type AccessConfig = Pick<
  GatewayConfig,
  "API_KEY_CACHE_SECONDS" | "RATE_LIMIT_PER_MINUTE" | "MAX_CONCURRENT_STREAMS_PER_KEY" | "REDIS_URL" | "REDIS_KEY_PREFIX"
>;

/**
 * Rate limits count in Redis when `useRedis` and REDIS_URL are set (shared by every
 * instance; per instance while Redis is unreachable), in memory otherwise.
 */
export function createAccessControl(
  config: AccessConfig,
  apiKeys: apiKeysV1.Client,
  options: { logger: Logger; useRedis: boolean; registry?: Registry },
): AccessControl {
  const resolver = new ApiKeyResolver(apiKeys, { ttlMs: config.API_KEY_CACHE_SECONDS * 1000 });
  const streams = new StreamSlots(config.MAX_CONCURRENT_STREAMS_PER_KEY);
  let limiter: RateLimiter | undefined;
  if (config.RATE_LIMIT_PER_MINUTE !== undefined) {
    if (options.useRedis && config.REDIS_URL) {
      const { redis, fallbacks } = connectBoundedRedis(config.REDIS_URL, {
        logger: options.logger,
        ...(options.registry ? { registry: options.registry } : {}),
        purpose: "rate limits",
      });
      limiter = new RedisRateLimiter(redis, {
        limit: config.RATE_LIMIT_PER_MINUTE,
        prefix: config.REDIS_KEY_PREFIX,
        ownsConnection: true,
        fallbacks,
      });
    } else {
      limiter = new MemoryRateLimiter(config.RATE_LIMIT_PER_MINUTE);
    }
  }
  return {
    resolver,
    ...(limiter ? { limiter } : {}),
    streams,
    close: async () => {
      await limiter?.close();
    },
  };
}
