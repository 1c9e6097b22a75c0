import { TOKEN_WINDOWS, TOKEN_WINDOW_MS as WINDOW_MS, positionIn, type TokenQuotaStore, type TokenUsage, type TokenWindowName, type TokenWindowUsage } from "../domain/access/token-quota.store";

/** One gateway instance's count (used without REDIS_URL, and while Redis is unreachable). */
export class MemoryTokenQuotaStore implements TokenQuotaStore {
  private readonly counts = new Map<string, Record<TokenWindowName, { id: number; used: number }>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    // Subjects that went quiet would otherwise stay forever.
    this.sweeper = setInterval(() => this.sweep(), WINDOW_MS.minute);
    this.sweeper.unref();
  }

  async usage(subject: string): Promise<TokenUsage> {
    const now = this.now();
    const counts = this.counts.get(subject);
    const usageIn = (window: TokenWindowName): TokenWindowUsage => {
      const position = positionIn(window, now);
      const count = counts?.[window];
      return { used: count && count.id === position.id ? count.used : 0, resetMs: position.resetMs };
    };
    return { minute: usageIn("minute"), day: usageIn("day") };
  }

  async charge(subject: string, tokens: number): Promise<void> {
    const now = this.now();
    const counts = this.counts.get(subject) ?? { minute: { id: -1, used: 0 }, day: { id: -1, used: 0 } };
    for (const window of TOKEN_WINDOWS) {
      const { id } = positionIn(window, now);
      counts[window] = counts[window].id === id ? { id, used: counts[window].used + tokens } : { id, used: tokens };
    }
    this.counts.set(subject, counts);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const today = positionIn("day", this.now()).id;
    for (const [subject, counts] of this.counts) if (counts.day.id < today) this.counts.delete(subject);
  }
}
