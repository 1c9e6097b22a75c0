import { createHash, randomBytes } from "node:crypto";

/** Recognisable in logs and secret scanners; the 32 random bytes carry the strength. */
export const API_KEY_PREFIX = "cbk_";

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString("base64url");
}

/** Lower-case hex SHA-256: a key has 256 random bits, so a fast hash is enough (no password stretching). */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}
