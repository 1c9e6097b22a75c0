import { createHash, timingSafeEqual } from "node:crypto";
import type { Request } from "express";

/** The key a request carries: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(request: Request): string | undefined {
  const authorization = request.get("authorization");
  if (authorization) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (match) return match[1];
  }
  const header = request.get("x-api-key")?.trim();
  return header ? header : undefined;
}

/** Compares secrets in time independent of where they differ (digests first, so lengths leak nothing either). */
export function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
