import type { RequestHandler } from "express";
import type { Logger } from "@chatbot/core";
import type { AccessControl } from "../../../domain/access/access-control";
import { adminGuard } from "./admin-guard";
import { authenticate } from "./authenticate";
import { rateLimit } from "./rate-limit";
import { acceptsQueryKey, type GuardedRoute } from "./route-access";

export interface RouteGuardOptions {
  /** `api_key`: tenant routes need a key or token; `none`: every request acts for the default tenant. */
  authMode: "api_key" | "none";
  /** Required to register admin routes. */
  adminKey?: string;
  access: AccessControl;
  logger: Logger;
}

/** The middleware that admits a request to one route, from that route's declared access. */
export type RouteGuards = (route: GuardedRoute) => RequestHandler[];

export function routeGuards(options: RouteGuardOptions): RouteGuards {
  const { access, logger } = options;
  const limits = rateLimit({
    ...(access.limiter ? { limiter: access.limiter } : {}),
    ...(access.streams ? { streams: access.streams } : {}),
    onLimiterError: (error) => logger.warn({ err: error }, "rate limiter unavailable; request let through"),
  });
  const admin = options.adminKey ? adminGuard(options.adminKey) : undefined;
  const withKey = authenticate(access.resolver, access.jwt, { queryKey: false });
  const withKeyOrQueryKey = authenticate(access.resolver, access.jwt, { queryKey: true });
  const limited = limits(false);
  const limitedStream = limits(true);

  return (route) => {
    switch (route.access) {
      case "public":
        return [];
      case "admin":
        if (!admin) throw new Error("Admin routes are registered only with ADMIN_API_KEY set");
        return [admin];
      case "tenant": {
        const counted = route.stream ? limitedStream : limited;
        if (options.authMode !== "api_key") return [counted];
        return [acceptsQueryKey(route) ? withKeyOrQueryKey : withKey, counted];
      }
    }
  };
}
