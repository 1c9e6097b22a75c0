import { createParser, type EventSourceMessage } from "eventsource-parser";

/** The API's error shape, or one made up here for a failure that never reached the server. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

export interface Source {
  document_id: string;
  title: string;
  page: number | null;
  chunk_index: number;
  snippet: string;
  score: number;
}

export interface StoredMessage {
  message_id: string;
  session_id: string;
  role: "user" | "assistant" | "system";
  content: string;
  created_at: string;
  status: "complete" | "interrupted" | "failed";
  sources: Source[];
  error_code: string | null;
}

export type DocumentStatus = "queued" | "processing" | "ready" | "failed";

export interface DocumentInfo {
  document_id: string;
  filename: string | null;
  title: string;
  status: DocumentStatus;
  pages: number;
  chunks: number;
  error: { code: string; message: string } | null;
  created_at: string;
}

export interface DocumentEvent {
  type: string;
  document: DocumentInfo;
  chunks_done?: number;
  chunks_total?: number;
}

/**
 * The HTTP API as the page uses it. The key, when there is one, goes in the Authorization
 * header of every request, streams included (they are read with fetch, not EventSource,
 * precisely so that the key never has to go into a URL).
 */
export class Api {
  constructor(
    private key: string | undefined,
    private readonly onUnauthorized: (error: ApiError) => void,
  ) {}

  setKey(key: string | undefined): void {
    this.key = key;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.key ? { authorization: `Bearer ${this.key}` } : {}), ...extra };
  }

  /** A response whose status is 2xx; anything else is thrown as an ApiError. */
  async request(
    path: string,
    init: { method?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(path, {
        method: init.method ?? "GET",
        headers: this.headers({ ...(init.json === undefined ? {} : { "content-type": "application/json" }), ...init.headers }),
        body: init.json === undefined ? init.body : JSON.stringify(init.json),
        cache: "no-store",
        ...(init.signal ? { signal: init.signal } : {}),
      });
    } catch (error) {
      if (isAbort(error)) throw error;
      throw new ApiError(0, "network_error", String(error));
    }
    if (response.ok) return response;
    const error = await errorOf(response);
    if (response.status === 401) this.onUnauthorized(error);
    throw error;
  }

  async json<T>(path: string, init: Parameters<Api["request"]>[1] = {}): Promise<T> {
    const response = await this.request(path, init);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  /** Opens an event stream (POST chat, or a GET resume or progress stream with Last-Event-ID). */
  stream(path: string, init: { method?: string; json?: unknown; lastEventId?: number; signal: AbortSignal }): Promise<Response> {
    return this.request(path, {
      method: init.method ?? "GET",
      json: init.json,
      headers: { accept: "text/event-stream", ...(init.lastEventId ? { "last-event-id": String(init.lastEventId) } : {}) },
      signal: init.signal,
    });
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  const requestId = response.headers.get("x-request-id") ?? undefined;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: unknown }; request_id?: string };
    if (body.error?.code) return new ApiError(response.status, body.error.code, body.error.message ?? "", body.error.details, body.request_id ?? requestId);
  } catch {
    // Not the API's JSON (a proxy's page): described by its status below.
  }
  return new ApiError(response.status, response.status >= 500 ? "service_unavailable" : "bad_request", response.statusText, undefined, requestId);
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

/**
 * Reads Server-Sent Events from a fetch response until the server ends it or `signal`
 * aborts. Resolves normally in both cases; a broken connection rejects.
 */
export async function readEvents(response: Response, onEvent: (event: EventSourceMessage) => void, signal: AbortSignal): Promise<void> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const parser = createParser({ onEvent });
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener("abort", cancel, { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      parser.feed(value);
    }
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  } finally {
    signal.removeEventListener("abort", cancel);
  }
}
