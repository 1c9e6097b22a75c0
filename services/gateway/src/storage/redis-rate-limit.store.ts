import type { Redis } from "ioredis";
import { RATE_LIMIT_WINDOW_MS as WINDOW_MS, decideRateLimit as decide, type RateLimitDecision, type RateLimitStore } from "../domain/access/rate-limit.store";
import { MemoryRateLimitStore } from "./memory-rate-limit.store";
import type { RedisFallbacks } from "./redis-connection";

/** Increments and, for the window's first request, sets its expiry: atomic, one round trip. */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`;

/**
 * Shared by every gateway instance in front of the same Redis. While Redis is unreachable
 * each instance counts on its own (so a key gets up to the limit from every instance),
 * and the shared count starts again from wherever Redis has it once Redis answers.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly fallback: MemoryRateLimitStore;

  constructor(
    private readonly redis: Redis,
    private readonly options: { limit: number; prefix: string; fallbacks?: RedisFallbacks },
  ) {
    this.fallback = new MemoryRateLimitStore(options.limit);
  }

  async hit(subject: string): Promise<RateLimitDecision> {
    let reply: [number, number];
    try {
      reply = (await this.redis.eval(HIT_SCRIPT, 1, `${this.options.prefix}ratelimit:${subject}`, WINDOW_MS)) as [number, number];
    } catch (error) {
      this.options.fallbacks?.used("rate_limit", error);
      return this.fallback.hit(subject);
    }
    return decide(this.options.limit, Number(reply[0]), Number(reply[1]));
  }

  async close(): Promise<void> {
    await this.fallback.close();
  }
}
