import type { WindowedCounter } from "@chatbot/core";

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Requests left in the current window after this one. */
  remaining: number;
  /** Seconds until the window starts over. */
  resetSeconds: number;
}

export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * Requests per subject per minute. Each subject's window opens with its first request and
 * lasts a minute, so the counter must open windows on the first add ("first-add").
 */
export class RateLimiter {
  constructor(
    private readonly counter: WindowedCounter,
    readonly limit: number,
  ) {
    if (counter.windowStart !== "first-add") throw new Error("A rate limiter counts in windows opened by a subject's first request");
  }

  /** Counts one request and says whether it is within the limit. */
  async hit(subject: string): Promise<RateLimitDecision> {
    const { count, resetInMs } = await this.counter.add(subject, 1, RATE_LIMIT_WINDOW_MS);
    return {
      allowed: count <= this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - count),
      resetSeconds: Math.max(1, Math.ceil(resetInMs / 1000)),
    };
  }
}
