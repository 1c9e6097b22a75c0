import type { Redis } from "ioredis";
import { TOKEN_WINDOWS, positionIn, type TokenQuotaStore, type TokenUsage, type TokenWindowName, type TokenWindowUsage, type WindowPosition } from "../domain/access/token-quota.store";
import { MemoryTokenQuotaStore } from "./memory-token-quota.store";
import type { RedisFallbacks } from "./redis-connection";

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
