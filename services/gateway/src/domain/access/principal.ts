import type { Request, Response } from "express";
import type { Principal } from "./api-key-resolver";

/** Who a request is counted against for rate limits: its API key, or its client address without keys. */
export function setRateLimitSubject(response: Response, subject: string): void {
  response.locals.rateLimitSubject = subject;
}

export function rateLimitSubjectOf(request: Request, response: Response): string {
  const subject = response.locals.rateLimitSubject as string | undefined;
  return subject ?? `address:${request.ip ?? "unknown"}`;
}

export function subjectOfPrincipal(principal: Principal): string {
  return `key:${principal.keyId}`;
}

/** A token's user, whichever of the identity provider's tenants they act for. */
export function subjectOfToken(principal: { issuer: string | undefined; subject: string | undefined }): string {
  return `jwt:${principal.issuer ?? ""}:${principal.subject ?? ""}`;
}
