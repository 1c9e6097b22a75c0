import type { NextFunction, Request, Response } from "express";
import { AppError } from "@chatbot/core";
import { rateLimitSubjectOf } from "./principal";
import type { RateLimiter } from "./rate-limiter";
import type { StreamSlots } from "./stream-slots";

/**
 * Requests per minute (when a limiter is configured) and concurrent streams per key, for
 * the tenant routes (`stream`: the route's responses hold a stream slot while open).
 * Runs after authentication, so the subject is the key a request was accepted with.
 * Without a limiter, a request that is not a stream has nothing to count and goes on at
 * once (no subject, no promise).
 */
export function rateLimit(options: { limiter?: RateLimiter; streams: StreamSlots; onLimiterError?: (error: unknown) => void }) {
  const { limiter, streams, onLimiterError } = options;

  /** Takes a stream slot for the rest of the response; false when the subject has none left. */
  const takeStreamSlot = (subject: string, response: Response, next: NextFunction): boolean => {
    const release = streams.acquire(subject);
    if (!release) {
      next(
        new AppError("resource_exhausted", "too_many_streams", `At most ${streams.limit} streams may be open at once`, {
          retryAfterSeconds: 1,
        }),
      );
      return false;
    }
    response.once("close", release);
    return true;
  };

  const countThenAdmit = async (request: Request, response: Response, next: NextFunction, stream: boolean): Promise<void> => {
    const subject = rateLimitSubjectOf(request, response);
    try {
      // A limiter that cannot count (Redis down) lets requests through rather than failing them all.
      const decision = await limiter?.hit(subject).catch((error: unknown) => {
        onLimiterError?.(error);
        return undefined;
      });
      if (decision) {
        response.setHeader("RateLimit-Limit", String(decision.limit));
        response.setHeader("RateLimit-Remaining", String(decision.remaining));
        response.setHeader("RateLimit-Reset", String(decision.resetSeconds));
        if (!decision.allowed) {
          next(
            new AppError("resource_exhausted", "rate_limited", `Rate limit of ${decision.limit} requests per minute exceeded`, {
              retryAfterSeconds: decision.resetSeconds,
            }),
          );
          return;
        }
      }
      if (stream && !takeStreamSlot(subject, response, next)) return;
      next();
    } catch (error) {
      next(error);
    }
  };

  return (stream: boolean) => (request: Request, response: Response, next: NextFunction): void => {
    if (limiter) {
      void countThenAdmit(request, response, next, stream);
      return;
    }
    if (stream && !takeStreamSlot(rateLimitSubjectOf(request, response), response, next)) return;
    next();
  };
}
