import type { Logger, WindowedCounter } from "@chatbot/core";
import { createMemoryWindowedCounter, createRedisWindowedCounter } from "@chatbot/redis";
import type { Registry } from "@chatbot/observability";
import type { AccessControl } from "../domain/access/access-control";
import type { ApiKeysClient } from "../domain/access/api-keys.client";
import { connectGatewayRedis } from "./redis-connection";
import type { GatewayConfig } from "../config";
import { createApiKeyResolver } from "../domain/access/api-key-resolver";
import { JwtVerifier } from "../domain/access/jwt-verifier";
import { RateLimiter } from "../domain/access/rate-limiter";
import type { StreamSlotStore } from "../domain/access/stream-slot.store";
import { MemoryStreamSlotStore } from "./memory-stream-slot.store";
import { RedisStreamSlotStore } from "./redis-stream-slot.store";
import { TokenQuota } from "../domain/access/token-quota";

type AccessConfig = Pick<
  GatewayConfig,
  | "API_KEY_CACHE_SECONDS"
  | "JWT_JWKS_URL"
  | "JWT_ISSUER"
  | "JWT_AUDIENCE"
  | "JWT_TENANT_CLAIM"
  | "RATE_LIMIT_PER_MINUTE"
  | "TOKEN_LIMIT_PER_MINUTE"
  | "TOKEN_LIMIT_PER_DAY"
  | "MAX_CONCURRENT_STREAMS_PER_KEY"
  | "REDIS_URL"
  | "REDIS_KEY_PREFIX"
>;

/**
 * Rate limits, token quotas and stream slots count in Redis when `useRedis` and REDIS_URL are set
 * (shared by every instance; per instance while Redis is unreachable), in memory
 * otherwise. Requests and tokens are counted by the shared windowed counter (keys
 * `<prefix>ratelimit:{<subject>}:60000` and `<prefix>tokens:{<subject>}:<window ms>:<window number>`).
 * `now` is the token quotas' clock (tests move it).
 */
export function createAccessControl(
  config: AccessConfig,
  apiKeys: ApiKeysClient,
  options: { logger: Logger; useRedis: boolean; registry?: Registry; now?: () => number },
): AccessControl {
  const resolver = createApiKeyResolver(apiKeys, { ttlMs: config.API_KEY_CACHE_SECONDS * 1000 });
  const jwt = config.JWT_JWKS_URL
    ? new JwtVerifier({
        jwksUrl: config.JWT_JWKS_URL,
        tenantClaim: config.JWT_TENANT_CLAIM,
        ...(config.JWT_ISSUER !== undefined ? { issuer: config.JWT_ISSUER } : {}),
        ...(config.JWT_AUDIENCE !== undefined ? { audience: config.JWT_AUDIENCE } : {}),
      })
    : undefined;
  const limitsTokens = config.TOKEN_LIMIT_PER_MINUTE !== undefined || config.TOKEN_LIMIT_PER_DAY !== undefined;
  const streamCap = config.MAX_CONCURRENT_STREAMS_PER_KEY;
  const needsCounts = config.RATE_LIMIT_PER_MINUTE !== undefined || limitsTokens || streamCap !== undefined;
  const shared =
    needsCounts && options.useRedis && config.REDIS_URL
      ? connectGatewayRedis(config.REDIS_URL, {
          logger: options.logger,
          ...(options.registry ? { registry: options.registry } : {}),
          purpose: "rate limits, token quotas and stream slots",
        })
      : undefined;

  let requestCounter: WindowedCounter | undefined;
  let limiter: RateLimiter | undefined;
  if (config.RATE_LIMIT_PER_MINUTE !== undefined) {
    // A subject's minute starts with its first request.
    requestCounter = shared
      ? createRedisWindowedCounter({
          redis: shared.redis,
          keyPrefix: `${config.REDIS_KEY_PREFIX}ratelimit:`,
          windowStart: "first-add",
          fallbacks: shared.fallbacks,
          feature: "rate_limit",
        })
      : createMemoryWindowedCounter({ windowStart: "first-add" });
    limiter = new RateLimiter(requestCounter, config.RATE_LIMIT_PER_MINUTE);
  }
  let streams: StreamSlotStore | undefined;
  if (streamCap !== undefined) {
    streams = shared
      ? new RedisStreamSlotStore(shared.redis, { limit: streamCap, prefix: config.REDIS_KEY_PREFIX, fallbacks: shared.fallbacks })
      : new MemoryStreamSlotStore(streamCap);
  }
  let tokenCounter: WindowedCounter | undefined;
  let tokens: TokenQuota | undefined;
  if (limitsTokens) {
    // Minutes and UTC days on each instance's clock.
    const clock = options.now ? { now: options.now } : {};
    tokenCounter = shared
      ? createRedisWindowedCounter({
          redis: shared.redis,
          keyPrefix: `${config.REDIS_KEY_PREFIX}tokens:`,
          windowStart: "clock",
          fallbacks: shared.fallbacks,
          feature: "token_quota",
          ...clock,
        })
      : createMemoryWindowedCounter({ windowStart: "clock", ...clock });
    tokens = new TokenQuota(tokenCounter, { minute: config.TOKEN_LIMIT_PER_MINUTE, day: config.TOKEN_LIMIT_PER_DAY }, options.logger);
  }
  return {
    resolver,
    ...(jwt ? { jwt } : {}),
    ...(limiter ? { limiter } : {}),
    ...(tokens ? { tokens } : {}),
    ...(streams ? { streams } : {}),
    close: async () => {
      await requestCounter?.close();
      await streams?.close();
      await tokenCounter?.close();
      shared?.redis.disconnect();
    },
  };
}
