import { AppError, type Logger } from "@chatbot/core";
import { TOKEN_WINDOWS, type TokenQuotaStore, type TokenWindowName } from "./token-quota.store";

/** Where the answer's headers go (an HTTP response). */
export interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

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
 * limit finishes and the next one waits for the window to reset.
 */
export class TokenQuota {
  constructor(
    private readonly store: TokenQuotaStore,
    private readonly limits: TokenLimits,
    private readonly logger: Logger,
  ) {}

  /**
   * The exhausted window a subject must wait for (the one that resets last when both are),
   * or null. A store that cannot answer lets the chat through.
   */
  async exhausted(subject: string): Promise<TokenQuotaExhausted | null> {
    let usage;
    try {
      usage = await this.store.usage(subject);
    } catch (error) {
      this.logger.warn({ err: error }, "token quota unavailable; chat let through");
      return null;
    }
    let found: TokenQuotaExhausted | null = null;
    for (const window of TOKEN_WINDOWS) {
      const limit = this.limits[window];
      const { used, resetMs } = usage[window];
      if (limit === undefined || used < limit) continue;
      const resetSeconds = Math.max(1, Math.ceil(resetMs / 1000));
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

  charge(subject: string, tokens: number): Promise<void> {
    return this.store.charge(subject, tokens);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
