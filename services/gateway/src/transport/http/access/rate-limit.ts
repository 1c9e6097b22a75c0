import type { NextFunction, Request, Response } from "express";
import { AppError } from "@chatbot/core";
import { rateLimitSubjectOf } from "./request-subject";
import type { RateLimiter } from "../../../domain/access/rate-limiter";
import type { StreamSlotStore } from "../../../domain/access/stream-slot.store";

/**
 * Requests per minute (when a limiter is configured) and concurrent streams per key (when
 * capped), for the tenant routes (`stream`: the route's responses hold a stream slot while
 * open). Runs after authentication, so the subject is the key a request was accepted with.
 * With nothing to count, a request goes on at once (no subject, no promise).
 */
export function rateLimit(options: { limiter?: RateLimiter; streams?: StreamSlotStore; onLimiterError?: (error: unknown) => void }) {
  const { limiter, streams, onLimiterError } = options;

  /** Holds a stream slot for the rest of the response; false (and the error passed on) when the subject has none left. */
  const takeStreamSlot = async (slots: StreamSlotStore, subject: string, response: Response, next: NextFunction): Promise<boolean> => {
    const release = await slots.acquire(subject);
    if (!release) {
      next(
        new AppError("resource_exhausted", "too_many_streams", `At most ${slots.limit} streams may be open at once`, {
          retryAfterSeconds: 1,
        }),
      );
      return false;
    }
    // A client gone while the slot was being taken must not hold it.
    if (response.destroyed || response.writableEnded) release();
    else response.once("close", release);
    return true;
  };

  const countThenAdmit = async (request: Request, response: Response, next: NextFunction, stream: boolean): Promise<void> => {
    const subject = rateLimitSubjectOf(request, response);
    try {
      if (limiter) {
        // A limiter that cannot count (Redis down) lets requests through rather than failing them all.
        const decision = await limiter.hit(subject).catch((error: unknown) => {
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
      }
      if (stream && streams && !(await takeStreamSlot(streams, subject, response, next))) return;
      next();
    } catch (error) {
      next(error);
    }
  };

  return (stream: boolean) =>
    (request: Request, response: Response, next: NextFunction): void => {
      if (limiter || (stream && streams)) {
        void countThenAdmit(request, response, next, stream);
        return;
      }
      next();
    };
}
