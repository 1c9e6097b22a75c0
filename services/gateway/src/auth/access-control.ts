import { Redis } from "ioredis";
import type { Logger } from "@chatbot/core";
import type { apiKeysV1 } from "@chatbot/grpc";
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

/** Rate limits count in Redis when `useRedis` and REDIS_URL are set (shared by every instance), in memory otherwise. */
export function createAccessControl(
  config: AccessConfig,
  apiKeys: apiKeysV1.Client,
  options: { logger: Logger; useRedis: boolean },
): AccessControl {
  const resolver = new ApiKeyResolver(apiKeys, { ttlMs: config.API_KEY_CACHE_SECONDS * 1000 });
  const streams = new StreamSlots(config.MAX_CONCURRENT_STREAMS_PER_KEY);
  let limiter: RateLimiter | undefined;
  if (config.RATE_LIMIT_PER_MINUTE !== undefined) {
    if (options.useRedis && config.REDIS_URL) {
      const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableAutoPipelining: true });
      redis.on("error", (error: Error) => options.logger.warn({ err: error }, "Redis error (rate limits)"));
      limiter = new RedisRateLimiter(redis, { limit: config.RATE_LIMIT_PER_MINUTE, prefix: config.REDIS_KEY_PREFIX, ownsConnection: true });
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
