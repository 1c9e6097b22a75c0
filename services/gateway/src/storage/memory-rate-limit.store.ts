import { RATE_LIMIT_WINDOW_MS as WINDOW_MS, decideRateLimit as decide, type RateLimitDecision, type RateLimitStore } from "../domain/access/rate-limit.store";

/** One gateway instance's count (used without REDIS_URL). */
export class MemoryRateLimitStore implements RateLimitStore {
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
