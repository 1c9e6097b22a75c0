import type { NextFunction, Request, Response } from "express";
import { AppError } from "@chatbot/core";
import { contextOf } from "../request-context";
import type { ApiKeyResolver } from "../../../domain/access/api-key-resolver";
import { bearerValue, presentedKey } from "./credentials";
import { looksLikeJwt, type JwtVerifier } from "../../../domain/access/jwt-verifier";
import { QUERY_KEY_PARAMETER } from "./route-access";
import { subjectOfPrincipal, subjectOfToken } from "../../../domain/access/principal";
import { setRateLimitSubject } from "./request-subject";

function unauthenticated(response: Response, code: string, message: string): AppError {
  response.setHeader("WWW-Authenticate", 'Bearer realm="chatbot"');
  return new AppError("unauthenticated", code, message);
}

function invalidToken(response: Response, message: string): AppError {
  response.setHeader("WWW-Authenticate", 'Bearer realm="chatbot", error="invalid_token"');
  return new AppError("unauthenticated", "invalid_token", message);
}

function queryKey(request: Request): string | undefined {
  const value = request.query[QUERY_KEY_PARAMETER];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * AUTH_MODE=api_key: a request to a tenant's route carries a key, and the key's tenant
 * becomes the request's tenant, so every backend call is scoped by it. With `jwt`, an
 * `Authorization: Bearer` value shaped like a JWT is verified instead, and its tenant claim
 * is the tenant (the query parameter stays for API keys only). `queryKey`: the route also
 * takes a key from `?api_key=`.
 */
export function authenticate(resolver: ApiKeyResolver, jwt: JwtVerifier | undefined, options: { queryKey: boolean }) {
  const inQuery = options.queryKey;
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    const bearer = jwt ? bearerValue(request) : undefined;
    if (jwt && bearer && looksLikeJwt(bearer)) {
      try {
        const check = await jwt.verify(bearer);
        if (!check.ok) {
          next(invalidToken(response, check.reason));
          return;
        }
        contextOf(response).tenantId = check.principal.tenantId;
        setRateLimitSubject(response, subjectOfToken(check.principal));
        next();
      } catch (error) {
        next(error);
      }
      return;
    }
    const key = presentedKey(request) ?? (inQuery ? queryKey(request) : undefined);
    if (!key) {
      const ways = inQuery ? "Authorization: Bearer <key>, X-API-Key or ?api_key=<key>" : "Authorization: Bearer <key> or X-API-Key";
      next(unauthenticated(response, "missing_api_key", `An API key is required (${ways})`));
      return;
    }
    const context = contextOf(response);
    try {
      const principal = await resolver.resolve(key, context.signal);
      if (!principal) {
        next(unauthenticated(response, "invalid_api_key", "The API key is not valid"));
        return;
      }
      context.tenantId = principal.tenantId;
      setRateLimitSubject(response, subjectOfPrincipal(principal));
      next();
    } catch (error) {
      next(error);
    }
  };
}
