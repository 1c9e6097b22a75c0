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

export const TOKEN_WINDOW_MS: Record<TokenWindowName, number> = { minute: 60_000, day: 86_400_000 };
export const TOKEN_WINDOWS = Object.keys(TOKEN_WINDOW_MS) as TokenWindowName[];

export interface WindowPosition {
  /** Which window (milliseconds since the epoch divided by its length): epoch-aligned, so a day is a UTC day. */
  id: number;
  resetMs: number;
}

export function positionIn(window: TokenWindowName, now: number): WindowPosition {
  const size = TOKEN_WINDOW_MS[window];
  const id = Math.floor(now / size);
  return { id, resetMs: (id + 1) * size - now };
}
