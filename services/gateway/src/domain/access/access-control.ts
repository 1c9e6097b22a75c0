import type { ApiKeyResolver } from "./api-key-resolver";
import type { JwtVerifier } from "./jwt-verifier";
import type { RateLimiter } from "./rate-limiter";
import type { StreamSlotStore } from "./stream-slot.store";
import type { TokenQuota } from "./token-quota";

/** What the gateway needs to admit a request: who it is, and whether it may go on now. */
export interface AccessControl {
  resolver: ApiKeyResolver;
  /** Absent when JWT_JWKS_URL is not set (API keys only). */
  jwt?: JwtVerifier;
  /** Absent when RATE_LIMIT_PER_MINUTE is not set (unlimited). */
  limiter?: RateLimiter;
  /** Absent when neither TOKEN_LIMIT_PER_MINUTE nor TOKEN_LIMIT_PER_DAY is set (unlimited). */
  tokens?: TokenQuota;
  /** Absent when MAX_CONCURRENT_STREAMS_PER_KEY is not set (no cap). */
  streams?: StreamSlotStore;
  close(): Promise<void>;
}
