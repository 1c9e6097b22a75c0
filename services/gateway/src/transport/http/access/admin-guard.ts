import type { NextFunction, Request, Response } from "express";
import { AppError, secretCheck } from "@chatbot/core";
import { presentedKey } from "./credentials";

/** The admin API answers only to ADMIN_API_KEY (a tenant's key is not enough). */
export function adminGuard(adminKey: string) {
  const isAdminKey = secretCheck(adminKey);
  return (request: Request, response: Response, next: NextFunction): void => {
    const key = presentedKey(request);
    if (key && isAdminKey(key)) {
      next();
      return;
    }
    response.setHeader("WWW-Authenticate", 'Bearer realm="chatbot-admin"');
    next(
      key
        ? new AppError("unauthenticated", "invalid_admin_key", "The admin key is not valid")
        : new AppError("unauthenticated", "missing_admin_key", "The admin key is required (Authorization: Bearer <key> or X-API-Key)"),
    );
  };
}
