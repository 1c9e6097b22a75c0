import type { ProviderCompletion, ProviderName, ProviderRequest, StreamPart } from "./generation.types";

/**
 * One LLM backend. Implementations receive a small config object and never read the
 * environment; every call takes an AbortSignal that must reach the HTTP request, so
 * that aborting closes the upstream connection.
 *
 * Failures are thrown as AppError with one of the LLM codes (see llm-errors.ts);
 * a chunk that cannot be understood ends the stream with `upstream_protocol_error`.
 * When the signal aborts, implementations throw `signal.reason`.
 */
export interface LlmProvider {
  readonly name: ProviderName;
  /** The model used when a request names none. */
  readonly defaultModel: string;
  /**
   * True when the provider answers a "summary" request itself (the local one, extractively);
   * other providers receive it turned into an ordinary chat asking for a summary.
   */
  readonly writesSummaries?: boolean;
  stream(request: ProviderRequest, signal: AbortSignal): AsyncIterable<StreamPart>;
  complete(request: ProviderRequest, signal: AbortSignal): Promise<ProviderCompletion>;
}
