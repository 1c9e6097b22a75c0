import { isAppError, type AppError } from "@chatbot/core";
import { errorFromHttpStatus, llmErrors, parseRetryAfter } from "../../domain/llm-errors";
import type { ProviderName } from "../../domain/generation.types";

/**
 * The shape both official SDKs give their API errors (status, headers, parsed body).
 * Matched structurally so one mapping serves both SDKs.
 */
interface SdkApiError extends Error {
  status?: number;
  headers?: { get(name: string): string | null };
  error?: unknown;
}

/** Turns anything an SDK call threw into a typed LLM error; an aborted signal wins over whatever the SDK reported. */
export function fromSdkError(caught: unknown, provider: ProviderName, signal: AbortSignal): AppError {
  if (signal.aborted) return abortReason(signal);
  if (isAppError(caught)) return caught;
  // Structural checks, not instanceof: fetch errors come from Node's own realm, which is not always the caller's.
  if (!caught || typeof caught !== "object" || typeof (caught as { message?: unknown }).message !== "string") {
    return llmErrors.protocol(`The ${provider} provider failed unexpectedly`, { provider, cause: caught });
  }
  const error = caught as SdkApiError;
  const apiError = error;
  const name = error.constructor?.name ?? "";
  if (name === "APIConnectionTimeoutError") return llmErrors.timeout("connect", 0, { provider, cause: error });
  if (name === "APIConnectionError" || isConnectionFailure(error)) {
    return llmErrors.unavailable(`Could not reach the ${provider} provider: ${describeCause(error)}`, { provider, cause: error });
  }
  if (typeof apiError.status === "number") {
    return errorFromHttpStatus(apiError.status, upstreamMessage(apiError.error) ?? "", {
      provider,
      cause: error,
      retryAfterSeconds: parseRetryAfter(apiError.headers),
    });
  }
  if (name === "APIError") {
    // An error event inside a stream (no HTTP status): overloaded and rate-limit events are transient.
    const type = upstreamType(apiError.error);
    const message = upstreamMessage(apiError.error) ?? error.message;
    if (type === "overloaded_error" || type === "api_error" || type === "server_error")
      return llmErrors.unavailable(`The ${provider} provider failed mid-stream: ${message}`, { provider, cause: error });
    if (type === "rate_limit_error") return llmErrors.rateLimited(`The ${provider} provider is rate limiting: ${message}`, undefined, { provider, cause: error });
    return llmErrors.protocol(`The ${provider} provider sent an error event: ${message}`, { provider, cause: error });
  }
  if (name === "SyntaxError" || name === "OpenAIError" || name === "AnthropicError") {
    return llmErrors.protocol(`The ${provider} provider sent a reply that could not be read: ${error.message}`, { provider, cause: error });
  }
  return llmErrors.protocol(`The ${provider} provider failed: ${error.message}`, { provider, cause: error });
}

/** The reason a signal was aborted, as a typed error (our timeouts abort with one; a caller's cancel does not). */
export function abortReason(signal: AbortSignal): AppError {
  return isAppError(signal.reason) ? signal.reason : llmErrors.cancelled();
}

/**
 * undici's fetch reports a dropped connection as a TypeError ("terminated", "fetch failed")
 * with a socket error as cause; its request API throws the socket error itself.
 */
function isConnectionFailure(error: Error): boolean {
  const codes = [(error as { code?: unknown }).code, (error.cause as { code?: unknown } | undefined)?.code];
  if (codes.some((code) => typeof code === "string" && /^(ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EAI_AGAIN|UND_ERR_\w+)$/.test(code))) return true;
  return error.name === "TypeError" && /terminated|fetch failed|other side closed/i.test(error.message);
}

function describeCause(error: Error): string {
  const cause = error.cause as { message?: unknown } | undefined;
  return typeof cause?.message === "string" ? cause.message : error.message;
}

function upstreamMessage(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return typeof body === "string" ? body : undefined;
  const record = body as { message?: unknown; error?: unknown };
  if (typeof record.message === "string") return record.message;
  return upstreamMessage(record.error);
}

function upstreamType(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const record = body as { type?: unknown; error?: unknown };
  if (record.error && typeof record.error === "object") return upstreamType(record.error);
  return typeof record.type === "string" ? record.type : undefined;
}
