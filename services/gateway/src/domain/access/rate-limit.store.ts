import type { Redis } from "ioredis";
import type { RedisFallbacks } from "../../storage/redis-connection";

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Requests left in the current window after this one. */
  remaining: number;
  /** Seconds until the window starts over. */
  resetSeconds: number;
}

/** Counts requests per subject in fixed one-minute windows. */
export interface RateLimiter {
  hit(subject: string): Promise<RateLimitDecision>;
  close(): Promise<void>;
}

const WINDOW_MS = 60_000;

function decide(limit: number, count: number, msLeft: number): RateLimitDecision {
  return {
    allowed: count <= limit,
    limit,
    remaining: Math.max(0, limit - count),
    resetSeconds: Math.max(1, Math.ceil(msLeft / 1000)),
  };
}

/** One gateway instance's count (used without REDIS_URL). */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {
    // Windows of subjects that went quiet would otherwise stay forever.
    this.sweeper = setInterval(() => this.sweep(), WINDOW_MS);
    this.sweeper.unref();
  }

  async hit(subject: string): Promise<RateLimitDecision> {
    const now = this.now();
    let window = this.windows.get(subject);
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + WINDOW_MS };
      this.windows.set(subject, window);
    }
    window.count += 1;
    return decide(this.limit, window.count, window.endsAt - now);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const now = this.now();
    for (const [subject, window] of this.windows) if (window.endsAt <= now) this.windows.delete(subject);
  }
}

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
export class RedisRateLimiter implements RateLimiter {
  private readonly fallback: MemoryRateLimiter;

  constructor(
    private readonly redis: Redis,
    private readonly options: { limit: number; prefix: string; fallbacks?: RedisFallbacks },
  ) {
    this.fallback = new MemoryRateLimiter(options.limit);
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
