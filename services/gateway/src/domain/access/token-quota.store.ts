import type { Redis } from "ioredis";
import type { RedisFallbacks } from "../../storage/redis-connection";

export type TokenWindowName = "minute" | "day";

export interface TokenWindowUsage {
  /** Tokens charged in the current window. */
  used: number;
  /** Milliseconds until the window starts over. */
  resetMs: number;
}

export type TokenUsage = Record<TokenWindowName, TokenWindowUsage>;

/** LLM tokens charged per subject in fixed windows aligned on the clock: the minute, and the UTC day. */
export interface TokenQuotaStore {
  /** Tokens used in both current windows. */
  usage(subject: string): Promise<TokenUsage>;
  /** Adds to both current windows. */
  charge(subject: string, tokens: number): Promise<void>;
  close(): Promise<void>;
}

const WINDOW_MS: Record<TokenWindowName, number> = { minute: 60_000, day: 86_400_000 };
export const TOKEN_WINDOWS = Object.keys(WINDOW_MS) as TokenWindowName[];

interface WindowPosition {
  /** Which window (milliseconds since the epoch divided by its length): epoch-aligned, so a day is a UTC day. */
  id: number;
  resetMs: number;
}

function positionIn(window: TokenWindowName, now: number): WindowPosition {
  const size = WINDOW_MS[window];
  const id = Math.floor(now / size);
  return { id, resetMs: (id + 1) * size - now };
}

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

/**
 * Adds the tokens to every window's key and (re)sets each key's expiry, atomically in one
 * round trip. The window is part of the key's name, so the expiry only clears old windows.
 */
const CHARGE_SCRIPT = `
for i = 1, #KEYS do
  redis.call('INCRBY', KEYS[i], ARGV[1])
  redis.call('PEXPIRE', KEYS[i], ARGV[i + 1])
end
return 0
`;

/** Keys outlive their window by this much, so an instance whose clock lags a little still finds them. */
const EXPIRY_SLACK_MS = 60_000;

/**
 * Shared by every gateway instance in front of the same Redis; windows follow each
 * instance's clock. While Redis is unreachable each instance counts on its own (so a key
 * can use up to the limit from every instance), and the shared count goes on from
 * wherever Redis has it once Redis answers.
 */
export class RedisTokenQuotaStore implements TokenQuotaStore {
  private readonly fallback: MemoryTokenQuotaStore;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    private readonly options: { prefix: string; fallbacks?: RedisFallbacks; now?: () => number },
  ) {
    this.now = options.now ?? Date.now;
    this.fallback = new MemoryTokenQuotaStore(this.now);
  }

  async usage(subject: string): Promise<TokenUsage> {
    const now = this.now();
    const positions = TOKEN_WINDOWS.map((window) => positionIn(window, now));
    let reply: (string | null)[];
    try {
      reply = await this.redis.mget(...TOKEN_WINDOWS.map((window, index) => this.keyOf(subject, window, positions[index]!)));
    } catch (error) {
      this.options.fallbacks?.used("token_quota", error);
      return this.fallback.usage(subject);
    }
    const usageIn = (index: number): TokenWindowUsage => ({ used: Number(reply[index] ?? 0), resetMs: positions[index]!.resetMs });
    return { minute: usageIn(0), day: usageIn(1) };
  }

  async charge(subject: string, tokens: number): Promise<void> {
    const now = this.now();
    const positions = TOKEN_WINDOWS.map((window) => positionIn(window, now));
    const keys = TOKEN_WINDOWS.map((window, index) => this.keyOf(subject, window, positions[index]!));
    try {
      await this.redis.eval(CHARGE_SCRIPT, keys.length, ...keys, tokens, ...positions.map((position) => position.resetMs + EXPIRY_SLACK_MS));
    } catch (error) {
      this.options.fallbacks?.used("token_quota", error);
      await this.fallback.charge(subject, tokens);
    }
  }

  async close(): Promise<void> {
    await this.fallback.close();
  }

  /** The subject in braces keeps both of its keys in one hash slot, as a script over both needs on a cluster. */
  private keyOf(subject: string, window: TokenWindowName, position: WindowPosition): string {
    return `${this.options.prefix}tokens:{${subject}}:${window}:${position.id}`;
  }
}
