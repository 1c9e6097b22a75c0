import type { LlmStore } from "../storage/llm-store";
import { llmErrors } from "./llm-errors";

export interface RateLimits {
  /** Undefined: unlimited. */
  requestsPerMinute: number | undefined;
  tokensPerMinute: number | undefined;
}

const MINUTE_MS = 60_000;

/**
 * Per-caller limits on requests and tokens per minute, counted in the shared store so
 * that every replica enforces one budget. Tokens are charged when a generation ends
 * (its real usage); a request is refused while the minute's tokens are spent.
 */
export class RateLimiter {
  constructor(
    private readonly store: LlmStore,
    private readonly limits: RateLimits,
  ) {}

  get limitsTokens(): boolean {
    return this.limits.tokensPerMinute !== undefined;
  }

  async admit(callerId: string, promptTokens: number): Promise<void> {
    const { requestsPerMinute, tokensPerMinute } = this.limits;
    if (requestsPerMinute !== undefined) {
      const requests = await this.store.addToWindow(`requests:${callerId}`, 1, MINUTE_MS);
      if (requests.total > requestsPerMinute) {
        throw llmErrors.rateLimited(`Too many requests: at most ${requestsPerMinute} a minute`, requests.resetInMs / 1000);
      }
    }
    if (tokensPerMinute !== undefined) {
      const tokens = await this.store.addToWindow(`tokens:${callerId}`, 0, MINUTE_MS);
      if (tokens.total >= tokensPerMinute || (tokens.total > 0 && tokens.total + promptTokens > tokensPerMinute)) {
        throw llmErrors.rateLimited(`Too many tokens: at most ${tokensPerMinute} a minute`, tokens.resetInMs / 1000);
      }
    }
  }

  async charge(callerId: string, tokens: number): Promise<void> {
    if (this.limits.tokensPerMinute === undefined || tokens <= 0) return;
    await this.store.addToWindow(`tokens:${callerId}`, tokens, MINUTE_MS);
  }
}
