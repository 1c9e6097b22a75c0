import { Agent, errors as undiciErrors, request } from "undici";
import { AppError } from "@chatbot/core";

/**
 * The few Qdrant REST calls the chunk store makes, over undici's `request`.
 *
 * Why not the official client (`@qdrant/js-client-rest` 1.19.0): it sends through
 * `fetch`, and on Node 20.20 a `fetch` POST to Qdrant 1.16.3 waits ~40 ms for a delayed
 * TCP acknowledgement on every call (the body leaves in a second write), which is most
 * of a search: measured against a 100k-chunk collection whose own query time was 1.6 ms,
 * p50 46.9 ms through `fetch`, 3.5 ms through `request` (the same body, the same
 * connection pool), 2.1 ms through `node:http`. `request` writes the body with the
 * headers and takes the caller's AbortSignal, so a cancelled search stops its call.
 */
export interface QdrantHttpOptions {
  url: string;
  apiKey?: string;
  /** Longest wait for an answer to one call; searches are also bounded by their caller's deadline. */
  timeoutMs?: number;
}

export class QdrantHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface QdrantHttp {
  call<T>(method: "GET" | "PUT" | "POST", path: string, body?: unknown, signal?: AbortSignal): Promise<T>;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Qdrant closes an idle connection after a few seconds, and a request sent on it just as
 * it closes fails with a socket error. Every call here is idempotent (upserts by id,
 * deletes by filter, reads), so such a failure is sent once more on a fresh connection.
 */
const STALE_CONNECTION_CODES = new Set(["UND_ERR_SOCKET", "UND_ERR_CLOSED", "ECONNRESET", "EPIPE"]);
const isStaleConnection = (error: unknown) => STALE_CONNECTION_CODES.has((error as { code?: string } | undefined)?.code ?? "");

export function createQdrantHttp(options: QdrantHttpOptions): QdrantHttp {
  const base = options.url.replace(/\/+$/, "");
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Idle connections are dropped before Qdrant's own keep-alive (5 s) would drop them.
  const dispatcher = new Agent({ connections: 32, headersTimeout: timeout, bodyTimeout: timeout, keepAliveTimeout: 4_000, keepAliveMaxTimeout: 4_000 });
  const headers: Record<string, string> = { "content-type": "application/json", ...(options.apiKey ? { "api-key": options.apiKey } : {}) };

  return {
    async call<T>(method: "GET" | "PUT" | "POST", path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
      const send = () =>
        request(`${base}${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          ...(signal ? { signal } : {}),
          dispatcher,
        });
      let response;
      try {
        response = await send().catch((error: unknown) => {
          if (signal?.aborted || !isStaleConnection(error)) throw error;
          return send();
        });
      } catch (error) {
        if (signal?.aborted) throw new AppError("cancelled", "cancelled", "The search was cancelled", { cause: error });
        const timedOut = error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError;
        throw new AppError("unavailable", "vector_store_unavailable", `The vector store (Qdrant) is unavailable${timedOut ? " (timed out)" : ""}`, {
          cause: error,
        });
      }
      const text = await response.body.text();
      let parsed: { result?: T; status?: unknown } | undefined;
      try {
        parsed = text ? (JSON.parse(text) as { result?: T; status?: unknown }) : undefined;
      } catch {
        parsed = undefined;
      }
      if (response.statusCode >= 200 && response.statusCode < 300 && parsed && "result" in parsed) return parsed.result as T;
      const detail = typeof parsed?.status === "object" && parsed.status !== null ? JSON.stringify(parsed.status) : text.slice(0, 300);
      throw new QdrantHttpError(response.statusCode, `Qdrant answered ${response.statusCode} to ${method} ${path}: ${detail}`);
    },
    close: () => dispatcher.close(),
  };
}
