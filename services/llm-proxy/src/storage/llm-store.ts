/** A counter in a fixed time window, as read after an update. */
export interface WindowCount {
  total: number;
  /** Milliseconds until the window ends and the count starts again from zero. */
  resetInMs: number;
}

/**
 * What the proxy keeps outside its process: cached answers and rate-limit counters.
 * Redis in distributed mode (shared by replicas), memory in embedded mode; both
 * pass the same contract suite. Keys are used as given: the implementations add
 * their configured prefix, so test runs and deployments can share one Redis.
 * Only `ping` fails while Redis is unreachable: the Redis store then misses its cache
 * and counts windows per process rather than failing the generations that use it.
 */
export interface LlmStore {
  readonly kind: "redis" | "memory";
  getCompletion(key: string): Promise<string | undefined>;
  /** Kept `ttlSeconds`, then gone. */
  putCompletion(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Adds `amount` to `key`'s count in the current window of `windowMs` (0 reads without changing). */
  addToWindow(key: string, amount: number, windowMs: number): Promise<WindowCount>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Fixed windows aligned on the clock, so every replica agrees on where a window starts. */
export function windowOf(now: number, windowMs: number): { index: number; resetInMs: number } {
  const index = Math.floor(now / windowMs);
  return { index, resetInMs: (index + 1) * windowMs - now };
}
