/**
 * The small, closed set of failure categories every service speaks.
 * A kind decides transport statuses; a `code` (snake_case) tells clients the precise reason.
 */
export const ERROR_KINDS = [
  "invalid_argument",
  "malformed_request",
  "unauthenticated",
  "permission_denied",
  "not_found",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "resource_exhausted",
  "cancelled",
  "unavailable",
  "deadline_exceeded",
  "bad_gateway",
  "internal",
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === "string" && (ERROR_KINDS as readonly string[]).includes(value);
}
