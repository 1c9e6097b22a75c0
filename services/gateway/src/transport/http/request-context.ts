import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { LazyAbort } from "@chatbot/core";
import { DEFAULT_TENANT } from "../../domain/access/principal";

export interface RequestContext {
  requestId: string;
  /** Every record a request touches belongs to this tenant. */
  tenantId: string;
  /** Aborted when the client goes away before the response is finished. */
  signal: AbortSignal;
}

export { DEFAULT_TENANT };
const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * The signal is made when a handler first asks for it: an AbortController costs a few
 * microseconds, and requests that call no backend (probes, metrics, docs) never need one.
 */
class HttpRequestContext implements RequestContext {
  tenantId = DEFAULT_TENANT;
  private readonly abort = new LazyAbort();

  constructor(readonly requestId: string) {}

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  clientDisconnected(): void {
    this.abort.abort("client disconnected");
  }
}

export function contextOf(response: Response): RequestContext {
  return response.locals.context as RequestContext;
}

/** One listener for every response (called with the response as `this`), instead of a closure per request. */
function onResponseClose(this: Response): void {
  if (!this.writableFinished) (this.locals.context as HttpRequestContext).clientDisconnected();
}

/** Gives every request an id (the caller's X-Request-Id when sane), echoed on the response. */
export function requestContext(request: Request, response: Response, next: NextFunction): void {
  const offered = request.headers["x-request-id"];
  const requestId = typeof offered === "string" && CLIENT_REQUEST_ID.test(offered) ? offered : randomUUID();
  response.on("close", onResponseClose);
  response.setHeader("X-Request-Id", requestId);
  response.locals.context = new HttpRequestContext(requestId);
  next();
}
