import { createHash, timingSafeEqual } from "node:crypto";

/**
 * A constant-time check of presented values against one secret. Both sides are hashed
 * first, so neither the comparison time nor an early length check tells a caller how much
 * of a guess was right; the secret's digest is made once.
 */
export function secretCheck(secret: string): (presented: unknown) => boolean {
  const expected = digest(secret);
  return (presented) => typeof presented === "string" && timingSafeEqual(digest(presented), expected);
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
