import type { Logger } from "@chatbot/core";
import type { Registry } from "@chatbot/observability";
import type { AccessControl } from "../domain/access/access-control";
import type { ApiKeysClient } from "../domain/access/api-keys.client";
import { connectGatewayRedis } from "./redis-connection";
import type { GatewayConfig } from "../config";
import { createApiKeyResolver } from "../domain/access/api-key-resolver";
import { JwtVerifier } from "../domain/access/jwt-verifier";
import type { RateLimitStore } from "../domain/access/rate-limit.store";
import { MemoryRateLimitStore } from "./memory-rate-limit.store";
import { RedisRateLimitStore } from "./redis-rate-limit.store";
import type { StreamSlotStore } from "../domain/access/stream-slot.store";
import { MemoryStreamSlotStore } from "./memory-stream-slot.store";
import { RedisStreamSlotStore } from "./redis-stream-slot.store";
import { TokenQuota } from "../domain/access/token-quota";
import { MemoryTokenQuotaStore } from "./memory-token-quota.store";
import { RedisTokenQuotaStore } from "./redis-token-quota.store";

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
 * otherwise. `now` is the token quotas' clock (tests move it).
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

  let limiter: RateLimitStore | undefined;
  if (config.RATE_LIMIT_PER_MINUTE !== undefined) {
    limiter = shared
      ? new RedisRateLimitStore(shared.redis, { limit: config.RATE_LIMIT_PER_MINUTE, prefix: config.REDIS_KEY_PREFIX, fallbacks: shared.fallbacks })
      : new MemoryRateLimitStore(config.RATE_LIMIT_PER_MINUTE);
  }
  let streams: StreamSlotStore | undefined;
  if (streamCap !== undefined) {
    streams = shared
      ? new RedisStreamSlotStore(shared.redis, { limit: streamCap, prefix: config.REDIS_KEY_PREFIX, fallbacks: shared.fallbacks })
      : new MemoryStreamSlotStore(streamCap);
  }
  let tokens: TokenQuota | undefined;
  if (limitsTokens) {
    const store = shared
      ? new RedisTokenQuotaStore(shared.redis, {
          prefix: config.REDIS_KEY_PREFIX,
          fallbacks: shared.fallbacks,
          ...(options.now ? { now: options.now } : {}),
        })
      : new MemoryTokenQuotaStore(options.now);
    tokens = new TokenQuota(store, { minute: config.TOKEN_LIMIT_PER_MINUTE, day: config.TOKEN_LIMIT_PER_DAY }, options.logger);
  }
  return {
    resolver,
    ...(jwt ? { jwt } : {}),
    ...(limiter ? { limiter } : {}),
    ...(tokens ? { tokens } : {}),
    ...(streams ? { streams } : {}),
    close: async () => {
      await limiter?.close();
      await streams?.close();
      await tokens?.close();
      shared?.redis.disconnect();
    },
  };
}
