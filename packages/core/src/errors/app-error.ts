import type { ErrorKind } from "./error-kind";

export interface AppErrorOptions {
  details?: unknown;
  cause?: unknown;
  /** Seconds a client should wait before retrying (429/503). */
  retryAfterSeconds?: number;
}

/**
 * The one error type domain code throws. It names what went wrong without knowing
 * about HTTP or gRPC; each transport edge maps `kind` to its own status once.
 */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly details: unknown;
  readonly retryAfterSeconds: number | undefined;

  constructor(kind: ErrorKind, code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.kind = kind;
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** Retrying the same call later may succeed. */
  get isRetryable(): boolean {
    return this.kind === "unavailable" || this.kind === "deadline_exceeded" || this.kind === "resource_exhausted" || this.kind === "bad_gateway";
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export interface FieldIssue {
  field: string;
  message: string;
}

export const errors = {
  validation: (issues: FieldIssue[], message = "Request validation failed") => new AppError("invalid_argument", "validation_failed", message, { details: issues }),
  notFound: (what: string, code = "not_found") => new AppError("not_found", code, `${what} not found`),
  conflict: (code: string, message: string) => new AppError("conflict", code, message),
  unavailable: (code: string, message: string, cause?: unknown) => new AppError("unavailable", code, message, { cause }),
};
