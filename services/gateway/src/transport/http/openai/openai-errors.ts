import type { NextFunction, Request, Response } from "express";
import { AppError, type FieldIssue, type Logger } from "@chatbot/core";
import { errorHandler, type ErrorPresenter } from "../error-handler";

/** OpenAI's error object, as its SDKs read it into their typed `APIError` classes. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** Codes OpenAI has its own spelling for; any other code of ours is passed on as it is. */
const OPENAI_CODES: Record<string, string> = {
  rate_limited: "rate_limit_exceeded",
  too_many_streams: "rate_limit_exceeded",
  route_not_found: "unknown_url",
};

function isFieldIssues(details: unknown): details is FieldIssue[] {
  return Array.isArray(details) && details.length > 0 && details.every((issue) => typeof (issue as FieldIssue)?.field === "string");
}

/** A field as OpenAI names parameters: `messages[0].content` (ours: `messages.0.content`); the whole body is none. */
export function openAiParam(field: string): string | null {
  if (field === "body" || field === "query" || field === "path") return null;
  return field.replace(/\.(\d+)(?=\.|$)/g, "[$1]");
}

function describeIssue(issue: FieldIssue): string {
  const param = openAiParam(issue.field);
  if (param === null) return issue.message;
  return issue.message === "is required" ? `Missing required parameter: '${param}'.` : `Invalid '${param}': ${issue.message}.`;
}

/** OpenAI's error `type` for a status: rate limits name what ran out, server trouble is `server_error`. */
export function openAiErrorType(code: string, status: number): string {
  if (status === 429) return code === "token_quota_exceeded" ? "tokens" : "requests";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

/** The routes answered in OpenAI's shape (Express matches its mount point in any letter case). */
export function isOpenAiPath(path: string): boolean {
  return /^\/v1(?:[/?]|$)/i.test(path);
}

/**
 * An error on the OpenAI-compatible routes, as OpenAI writes it: `{"error": {"message",
 * "type", "param", "code"}}`. Invalid requests are 400 (OpenAI's status for them, where /api
 * answers 422), validation failures with the first field named in `param`; every other status is the one
 * /api answers, so SDKs raise the same typed errors (401 AuthenticationError, 404
 * NotFoundError, 429 RateLimitError with Retry-After, 5xx retried).
 */
export const openAiError: ErrorPresenter = (error, status) => {
  const issues = isFieldIssues(error.details) ? error.details : undefined;
  const validation = error.kind === "invalid_argument" && error.code === "validation_failed";
  // OpenAI answers every invalid request 400; it has no 422.
  const answered = status === 422 ? 400 : status;
  const message = validation && issues ? issues.map(describeIssue).join(" ") : error.message;
  const body: OpenAiErrorBody = {
    error: {
      message,
      type: openAiErrorType(error.code, answered),
      param: issues ? openAiParam(issues[0]!.field) : null,
      code: validation ? (issues?.[0]?.message === "is required" ? "missing_required_parameter" : "invalid_value") : (OPENAI_CODES[error.code] ?? error.code),
    },
  };
  return { status: answered, body };
};

export { modelNotFound, parameterError } from "../../../domain/chat/model-errors";

/** OpenAI's answer to a path it does not serve. */
function unknownUrl(request: Request, _response: Response, next: NextFunction): void {
  const path = request.originalUrl.split("?")[0];
  next(new AppError("not_found", "route_not_found", `Invalid URL (${request.method} ${path})`));
}

/**
 * Mounted at /v1 after the routes: whatever fails under /v1 (authentication, rate limits,
 * body parsing, validation, an unknown path) is answered in OpenAI's shape; /api keeps its own.
 */
export function openAiErrorHandling(logger: Logger) {
  return [unknownUrl, errorHandler(logger, openAiError)];
}
