import type { NextFunction, Request, Response } from "express";
import { AppError } from "@chatbot/core";
import { isAdminPath, isStreamRequest } from "./access-paths";
import { rateLimitSubjectOf } from "./principal";
import type { RateLimiter } from "./rate-limiter";
import type { StreamSlots } from "./stream-slots";

/** Whether a path counts against limits: the API itself, not probes, metrics, docs or the admin API. */
function isLimited(path: string): boolean {
  return (path.startsWith("/api/") || path === "/api") && path !== "/api/health" && !isAdminPath(path);
}

/**
 * Requests per minute (when a limiter is configured) and concurrent streams per key.
 * Runs after authentication, so the subject is the key a request was accepted with.
 */
export function rateLimit(options: { limiter?: RateLimiter; streams: StreamSlots; onLimiterError?: (error: unknown) => void }) {
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    if (request.method === "OPTIONS" || !isLimited(request.path)) {
      next();
      return;
    }
    const subject = rateLimitSubjectOf(request, response);
    try {
      // A limiter that cannot count (Redis down) lets requests through rather than failing them all.
      const decision = await options.limiter?.hit(subject).catch((error: unknown) => {
        options.onLimiterError?.(error);
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
      if (isStreamRequest(request.method, request.path)) {
        const release = options.streams.acquire(subject);
        if (!release) {
          next(
            new AppError("resource_exhausted", "too_many_streams", `At most ${options.streams.limit} streams may be open at once`, {
              retryAfterSeconds: 1,
            }),
          );
          return;
        }
        response.once("close", release);
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
