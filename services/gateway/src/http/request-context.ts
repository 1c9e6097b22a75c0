import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

export interface RequestContext {
  requestId: string;
  /** Every record a request touches belongs to this tenant. */
  tenantId: string;
  /** Aborted when the client goes away before the response is finished. */
  signal: AbortSignal;
}

export const DEFAULT_TENANT = "default";
const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;

export function contextOf(response: Response): RequestContext {
  return response.locals.context as RequestContext;
}

/** Gives every request an id (the caller's X-Request-Id when sane), echoed on the response. */
export function requestContext(request: Request, response: Response, next: NextFunction): void {
  const offered = request.get("x-request-id");
  const requestId = offered && CLIENT_REQUEST_ID.test(offered) ? offered : randomUUID();
  const controller = new AbortController();
  response.on("close", () => {
    if (!response.writableFinished) controller.abort(new Error("client disconnected"));
  });
  response.setHeader("X-Request-Id", requestId);
  const context: RequestContext = { requestId, tenantId: DEFAULT_TENANT, signal: controller.signal };
  response.locals.context = context;
  next();
}
