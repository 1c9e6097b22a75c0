import { createHash, timingSafeEqual } from "node:crypto";

/** The metadata key the token travels in, as `Bearer <token>`. */
export const INTERNAL_TOKEN_METADATA_KEY = "authorization";

/** The code a server answers (with UNAUTHENTICATED) when a call's token is missing or wrong. */
export const INTERNAL_TOKEN_REJECTED = "internal_token_rejected";

export function bearer(token: string): string {
  return `Bearer ${token}`;
}

/**
 * A constant-time check of a presented metadata value against the token. Both sides are
 * hashed first, so that neither the comparison time nor an early length check tells a
 * caller how much of a guess was right.
 */
export function internalTokenCheck(token: string): (presented: unknown) => boolean {
  const expected = digest(bearer(token));
  return (presented) => typeof presented === "string" && timingSafeEqual(digest(presented), expected);
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
