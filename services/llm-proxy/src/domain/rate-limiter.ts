import type { WindowedCounter } from "@chatbot/core";
import { llmErrors } from "./llm-errors";

export interface RateLimits {
  /** Undefined: unlimited. */
  requestsPerMinute: number | undefined;
  tokensPerMinute: number | undefined;
}

export interface RateLimiter {
  readonly limitsTokens: boolean;
  /** Counts the request and refuses it (rate_limited, with a retry-after) when a limit is spent. */
  admit(callerId: string, promptTokens: number): Promise<void>;
  /** Charges a finished generation's tokens to its caller's minute. */
  charge(callerId: string, tokens: number): Promise<void>;
}

const MINUTE_MS = 60_000;

/**
 * Per-caller limits on requests and tokens per minute, counted in clock-aligned windows of
 * the shared counter so that every replica enforces one budget. Tokens are charged when a
 * generation ends (its real usage); a request is refused while the minute's tokens are spent.
 */
export function createRateLimiter(counter: WindowedCounter, limits: RateLimits): RateLimiter {
  const { requestsPerMinute, tokensPerMinute } = limits;
  return {
    limitsTokens: tokensPerMinute !== undefined,
    async admit(callerId, promptTokens) {
      if (requestsPerMinute !== undefined) {
        const requests = await counter.add(`requests:${callerId}`, 1, MINUTE_MS);
        if (requests.count > requestsPerMinute) {
          throw llmErrors.rateLimited(`Too many requests: at most ${requestsPerMinute} a minute`, requests.resetInMs / 1000);
        }
      }
      if (tokensPerMinute !== undefined) {
        const tokens = await counter.peek(`tokens:${callerId}`, MINUTE_MS);
        if (tokens.count >= tokensPerMinute || (tokens.count > 0 && tokens.count + promptTokens > tokensPerMinute)) {
          throw llmErrors.rateLimited(`Too many tokens: at most ${tokensPerMinute} a minute`, tokens.resetInMs / 1000);
        }
      }
    },
    async charge(callerId, tokens) {
      if (tokensPerMinute === undefined || tokens <= 0) return;
      await counter.add(`tokens:${callerId}`, Math.round(tokens), MINUTE_MS);
    },
  };
}
