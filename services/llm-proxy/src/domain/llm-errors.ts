import { AppError } from "@chatbot/core";
import type { ProviderName } from "./generation.types";

/** The precise reasons an LLM call fails; each rides on an existing error kind (and so on one status mapping). */
export type LlmErrorCode =
  "rate_limited" | "upstream_timeout" | "upstream_unavailable" | "bad_request" | "context_length_exceeded" | "auth_failed" | "upstream_protocol_error";

export type TimeoutPhase = "connect" | "first_token" | "idle" | "total" | "deadline";

interface UpstreamFacts {
  provider?: ProviderName;
  status?: number;
  cause?: unknown;
}

function details(facts: UpstreamFacts, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const result: Record<string, unknown> = { ...extra };
  if (facts.provider) result.provider = facts.provider;
  if (facts.status !== undefined) result.upstream_status = facts.status;
  return result;
}

export const llmErrors = {
  rateLimited: (message: string, retryAfterSeconds: number | undefined, facts: UpstreamFacts = {}) =>
    new AppError("resource_exhausted", "rate_limited", message, {
      details: details(facts, retryAfterSeconds === undefined ? {} : { retry_after_ms: Math.round(retryAfterSeconds * 1000) }),
      cause: facts.cause,
      retryAfterSeconds: retryAfterSeconds === undefined ? undefined : Math.max(1, Math.ceil(retryAfterSeconds)),
    }),
  timeout: (phase: TimeoutPhase, afterMs: number, facts: UpstreamFacts = {}) =>
    new AppError("deadline_exceeded", "upstream_timeout", `The LLM did not answer in time (${phase.replace("_", " ")} timeout, ${afterMs} ms)`, {
      details: details(facts, { phase, after_ms: afterMs }),
      cause: facts.cause,
    }),
  unavailable: (message: string, facts: UpstreamFacts = {}) =>
    new AppError("unavailable", "upstream_unavailable", message, { details: details(facts), cause: facts.cause }),
  badRequest: (message: string, facts: UpstreamFacts = {}) => new AppError("invalid_argument", "bad_request", message, { details: details(facts), cause: facts.cause }),
  contextLengthExceeded: (message: string, facts: UpstreamFacts = {}) =>
    new AppError("invalid_argument", "context_length_exceeded", message, { details: details(facts), cause: facts.cause }),
  authFailed: (message: string, facts: UpstreamFacts = {}) => new AppError("bad_gateway", "auth_failed", message, { details: details(facts), cause: facts.cause }),
  protocol: (message: string, facts: UpstreamFacts = {}) =>
    new AppError("bad_gateway", "upstream_protocol_error", message, { details: details(facts), cause: facts.cause }),
  cancelled: () => new AppError("cancelled", "cancelled", "The generation was cancelled"),
};

/** Worth another attempt at the same provider (429, 5xx, connection errors) — before the first token only. */
export function isRetryableLlmError(error: AppError): boolean {
  return error.code === "rate_limited" || error.code === "upstream_unavailable";
}

/** Worth trying the next provider: anything but a request that no provider would accept. */
export function isFallbackWorthy(error: AppError): boolean {
  return error.code !== "bad_request" && error.code !== "context_length_exceeded" && error.code !== "cancelled";
}

/** Counts against a provider's circuit breaker: the provider misbehaved, not the caller. */
export function isProviderFault(error: AppError): boolean {
  return error.code === "upstream_unavailable" || error.code === "upstream_timeout" || error.code === "upstream_protocol_error" || error.code === "rate_limited";
}

const CONTEXT_LENGTH_HINTS = ["context_length_exceeded", "maximum context length", "context length", "prompt is too long", "too many tokens", "input is too long"];

/**
 * Maps an upstream HTTP failure to a typed error. Shared by every adapter so that
 * the same status means the same thing whichever provider sent it.
 */
export function errorFromHttpStatus(status: number, upstreamMessage: string, facts: UpstreamFacts & { retryAfterSeconds?: number | undefined }): AppError {
  const label = facts.provider ?? "LLM";
  const text = upstreamMessage ? `: ${upstreamMessage}` : "";
  const withStatus = { ...facts, status };
  if (status === 429) return llmErrors.rateLimited(`The ${label} provider is rate limiting${text}`, facts.retryAfterSeconds ?? undefined, withStatus);
  if (status === 401 || status === 403) return llmErrors.authFailed(`The ${label} provider rejected the credentials${text}`, withStatus);
  if (status === 408 || status === 504) return llmErrors.timeout("total", 0, withStatus);
  if (status >= 500) return llmErrors.unavailable(`The ${label} provider failed (${status})${text}`, withStatus);
  const lower = upstreamMessage.toLowerCase();
  if (status === 413 || CONTEXT_LENGTH_HINTS.some((hint) => lower.includes(hint))) {
    return llmErrors.contextLengthExceeded(`The request does not fit the model's context window${text}`, withStatus);
  }
  return llmErrors.badRequest(`The ${label} provider refused the request (${status})${text}`, withStatus);
}

/** `Retry-After` in seconds or as an HTTP date; OpenAI's `retry-after-ms` when present. */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const milliseconds = headers.get("retry-after-ms");
  if (milliseconds && Number.isFinite(Number(milliseconds))) return Number(milliseconds) / 1000;
  const value = headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/** The exact wait an upstream asked for, in ms (the AppError's seconds are rounded up for clients). */
export function retryAfterMsOf(error: AppError): number | undefined {
  const value = (error.details as { retry_after_ms?: unknown } | undefined)?.retry_after_ms;
  return typeof value === "number" ? value : undefined;
}
