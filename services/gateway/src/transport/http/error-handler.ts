import type { NextFunction, Request, Response } from "express";
import { AppError, httpStatusOf, isAppError, type Logger } from "@chatbot/core";

/** Errors raised by Express's body parser carry a `type`; each becomes a typed client error. */
const BODY_PARSER_ERRORS: Record<string, () => AppError> = {
  "entity.parse.failed": () => new AppError("malformed_request", "malformed_json", "The request body is not valid JSON"),
  "entity.too.large": () => new AppError("payload_too_large", "payload_too_large", "The request body is too large"),
  "encoding.unsupported": () => new AppError("unsupported_media_type", "unsupported_encoding", "The request body's content encoding is not supported"),
  "charset.unsupported": () => new AppError("unsupported_media_type", "unsupported_charset", "The request body's charset is not supported"),
  "request.aborted": () => new AppError("malformed_request", "request_aborted", "The request body was not received completely"),
  "request.size.invalid": () => new AppError("malformed_request", "request_size_mismatch", "The request body does not match its Content-Length"),
};

export function toAppError(error: unknown, request?: Request): AppError {
  if (isAppError(error)) return error;
  const type = (error as { type?: unknown })?.type;
  if (typeof type === "string" && BODY_PARSER_ERRORS[type]) return BODY_PARSER_ERRORS[type]();
  // A compressed body that does not inflate: the body parser's 400 around a zlib or brotli error (numeric errno).
  const { errno, status } = (error ?? {}) as { errno?: unknown; status?: unknown };
  const encoding = request?.headers["content-encoding"];
  if (status === 400 && typeof errno === "number" && encoding !== undefined && encoding !== "identity") {
    return new AppError("malformed_request", "malformed_encoding", "The request body is not valid for its Content-Encoding");
  }
  // The router could not percent-decode a path parameter (`/api/sessions/%E0%A4%A`).
  if ((error as { name?: unknown })?.name === "URIError") {
    return new AppError("malformed_request", "malformed_path", "The path is not valid percent-encoded UTF-8");
  }
  if (typeof status === "number" && status >= 400 && status < 500) {
    return new AppError("malformed_request", "bad_request", "The request could not be read");
  }
  return new AppError("internal", "internal_error", "Internal error", { cause: error });
}

/** How an error is written: the status and body for an error whose kind maps to `status`. */
export type ErrorPresenter = (error: AppError, status: number, requestId: string, request: Request) => { status: number; body: unknown };

/** The API's own shape: `{error: {code, message, details}, request_id}`. */
export const standardError: ErrorPresenter = (error, status, requestId) => ({
  status,
  body: {
    error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) },
    request_id: requestId,
  },
});

/** The one place an error becomes an HTTP response, in the shape `present` gives it (the API's own by default). */
export function errorHandler(logger: Logger, present: ErrorPresenter = standardError) {
  return (error: unknown, request: Request, response: Response, next: NextFunction): void => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const appError = toAppError(error, request);
    const status = httpStatusOf(appError.kind);
    const requestId = (response.locals.context as { requestId?: string } | undefined)?.requestId ?? "";
    if (appError.kind === "internal") {
      logger.error({ err: appError.cause ?? appError, request_id: requestId, code: appError.code }, "request failed");
    } else if (status >= 500) {
      // Upstream trouble is expected operationally (a peer restarting); one line, no stack.
      logger.warn({ request_id: requestId, code: appError.code, status }, appError.message);
    }
    if (appError.retryAfterSeconds !== undefined) {
      response.setHeader("Retry-After", String(Math.max(1, Math.ceil(appError.retryAfterSeconds))));
    }
    const answer = present(appError, status, requestId, request);
    response.status(answer.status).json(answer.body);
  };
}

export function notFoundHandler(request: Request, _response: Response, next: NextFunction): void {
  next(new AppError("not_found", "route_not_found", `No route for ${request.method} ${request.path}`));
}
