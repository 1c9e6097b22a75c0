export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Requests left in the current window after this one. */
  remaining: number;
  /** Seconds until the window starts over. */
  resetSeconds: number;
}

/** Counts requests per subject in fixed one-minute windows. */
export interface RateLimitStore {
  hit(subject: string): Promise<RateLimitDecision>;
  close(): Promise<void>;
}

export const RATE_LIMIT_WINDOW_MS = 60_000;

export function decideRateLimit(limit: number, count: number, msLeft: number): RateLimitDecision {
  return {
    allowed: count <= limit,
    limit,
    remaining: Math.max(0, limit - count),
    resetSeconds: Math.max(1, Math.ceil(msLeft / 1000)),
  };
}
