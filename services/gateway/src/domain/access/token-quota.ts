import { AppError, type Logger, type WindowedCounter } from "@chatbot/core";

/** Where the answer's headers go (an HTTP response). */
export interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

export type TokenWindowName = "minute" | "day";

/** The windows' lengths; the counter aligns them on the clock, so a day is a UTC day. */
export const TOKEN_WINDOW_MS: Record<TokenWindowName, number> = { minute: 60_000, day: 86_400_000 };
const TOKEN_WINDOWS = Object.keys(TOKEN_WINDOW_MS) as TokenWindowName[];
const WINDOWS_MS = TOKEN_WINDOWS.map((window) => TOKEN_WINDOW_MS[window]);

export type TokenLimits = Partial<Record<TokenWindowName, number>>;

export interface TokenQuotaExhausted {
  window: TokenWindowName;
  limit: number;
  used: number;
  resetSeconds: number;
}

/**
 * LLM tokens per subject per minute and per day. A chat may start while the subject is
 * under both limits; what it uses is charged when it ends, so the chat that crosses a
 * limit finishes and the next one waits for the window to reset. Counted in windows aligned
 * on the clock ("clock"): the minute, and the UTC day.
 */
export class TokenQuota {
  constructor(
    private readonly counter: WindowedCounter,
    private readonly limits: TokenLimits,
    private readonly logger: Logger,
  ) {
    if (counter.windowStart !== "clock") throw new Error("Token quotas count in windows aligned on the clock");
  }

  /**
   * The exhausted window a subject must wait for (the one that resets last when both are),
   * or null. A counter that cannot answer lets the chat through.
   */
  async exhausted(subject: string): Promise<TokenQuotaExhausted | null> {
    let usage;
    try {
      usage = await this.counter.peekInWindows(subject, WINDOWS_MS);
    } catch (error) {
      this.logger.warn({ err: error }, "token quota unavailable; chat let through");
      return null;
    }
    let found: TokenQuotaExhausted | null = null;
    for (const [index, window] of TOKEN_WINDOWS.entries()) {
      const limit = this.limits[window];
      const { count: used, resetInMs } = usage[index]!;
      if (limit === undefined || used < limit) continue;
      const resetSeconds = Math.max(1, Math.ceil(resetInMs / 1000));
      if (!found || resetSeconds > found.resetSeconds) found = { window, limit, used, resetSeconds };
    }
    return found;
  }

  /** Throws 429 `token_quota_exceeded` (with Retry-After and RateLimit-* for that window) when the subject may not chat now. */
  async admit(subject: string, response: HeaderSink): Promise<void> {
    const exhausted = await this.exhausted(subject);
    if (!exhausted) return;
    const { window, limit, used, resetSeconds } = exhausted;
    // These replace any request-limit headers: on this answer the token window is what the client waits for.
    response.setHeader("RateLimit-Limit", String(limit));
    response.setHeader("RateLimit-Remaining", "0");
    response.setHeader("RateLimit-Reset", String(resetSeconds));
    throw new AppError("resource_exhausted", "token_quota_exceeded", `Token quota of ${limit} tokens per ${window} used up`, {
      details: { window, limit, used },
      retryAfterSeconds: resetSeconds,
    });
  }

  /** Adds a chat's tokens to both windows; a fraction counts as a whole token, nothing (or less) is not counted. */
  async charge(subject: string, tokens: number): Promise<void> {
    const whole = Math.ceil(tokens);
    if (!(whole > 0)) return;
    await this.counter.addInWindows(subject, whole, WINDOWS_MS);
  }
}
