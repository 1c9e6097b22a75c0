import { secretCheck } from "@chatbot/core";

/** The metadata key the token travels in, as `Bearer <token>`. */
export const INTERNAL_TOKEN_METADATA_KEY = "authorization";

/** The code a server answers (with UNAUTHENTICATED) when a call's token is missing or wrong. */
export const INTERNAL_TOKEN_REJECTED = "internal_token_rejected";

export function bearer(token: string): string {
  return `Bearer ${token}`;
}

/** A constant-time check of a presented metadata value against the token. */
export function internalTokenCheck(token: string): (presented: unknown) => boolean {
  return secretCheck(bearer(token));
}
