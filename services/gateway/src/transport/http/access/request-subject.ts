import type { Request, Response } from "express";

/** Who a request is counted against for rate limits: its API key, or its client address without keys. */
export function setRateLimitSubject(response: Response, subject: string): void {
  response.locals.rateLimitSubject = subject;
}

export function rateLimitSubjectOf(request: Request, response: Response): string {
  const subject = response.locals.rateLimitSubject as string | undefined;
  return subject ?? `address:${request.ip ?? "unknown"}`;
}
