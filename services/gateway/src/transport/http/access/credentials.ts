import type { Request } from "express";

/** The key a request carries: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(request: Request): string | undefined {
  const bearer = bearerValue(request);
  if (bearer) return bearer;
  const header = request.get("x-api-key")?.trim();
  return header ? header : undefined;
}

/** The value of `Authorization: Bearer <value>`, if that is how the request authenticates. */
export function bearerValue(request: Request): string | undefined {
  const authorization = request.get("authorization");
  if (!authorization) return undefined;
  return /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization)?.[1];
}
