import type { IncomingHttpHeaders } from "node:http";

export type UpstreamProtocol = "openai" | "anthropic" | "llm-server";

/** How a reply is produced; per server (`configure`) or per request (x-upstream-* headers). */
export interface UpstreamReplyOptions {
  /** Tokens in a reply, capped by the request's max_tokens / max_new_tokens (then finish reason "length"). */
  tokens: number;
  /** Pause between two streamed tokens. */
  tokenIntervalMs: number;
  /** Pause before the response headers. */
  latencyMs: number;
  /** The reply's tokens, in order and repeated up to `tokens`; absent: the built-in Korean reply. */
  script?: readonly string[] | undefined;
  /**
   * Decides per request (from its JSON body) a script or a fault of its own, e.g. to answer
   * summary requests differently from chat ones; undefined keeps the server's behaviour.
   */
  respond?: ((body: Record<string, unknown>) => { script?: readonly string[]; fault?: UpstreamFault } | undefined) | undefined;
  /** Which of the common llm-server reply shapes to speak. */
  llmServer: {
    replyField: "content" | "response" | "text" | "generated_text";
    streamField: "chunk" | "token" | "text" | "content";
    /** "[DONE]" line, a {"done": true} event, or just closing the connection. */
    end: "done-marker" | "done-flag" | "close";
  };
}

/** A scripted failure, consumed by the next matching request. */
export type UpstreamFault =
  /** An error status with a body in the protocol's error shape. */
  | { kind: "status"; status: number; retryAfter?: string; message?: string; code?: string }
  /** Accepts the request and never answers (until the caller gives up). */
  | { kind: "hang" }
  /** Streams `afterTokens` tokens, then goes silent. */
  | { kind: "stall"; afterTokens: number }
  /** Streams `afterTokens` tokens, then destroys the connection. */
  | { kind: "disconnect"; afterTokens: number }
  /** Streams `afterTokens` tokens, then a chunk that is not valid JSON. */
  | { kind: "malformed"; afterTokens: number }
  /** Streams `afterTokens` tokens, then the protocol's in-stream error event. */
  | { kind: "error-event"; afterTokens: number };

/** What the upstream saw of one request. */
export interface RecordedUpstreamRequest {
  protocol: UpstreamProtocol;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  receivedAt: number;
  /** Which TCP connection carried the request (numbered from 1 in order of arrival). */
  connection: number;
  /** The caller closed the connection before the reply was complete. */
  closedEarly: boolean;
  closedAt: number | undefined;
  tokensSent: number;
  fault: UpstreamFault | undefined;
}

/** What a protocol handler receives: the request, its reply plan and helpers to stream it. */
export interface UpstreamExchange {
  record: RecordedUpstreamRequest;
  options: UpstreamReplyOptions;
  fault: UpstreamFault | undefined;
  /** Tokens to send (after max_tokens capping) and whether the cap cut the reply. */
  tokens: number;
  truncated: boolean;
  stream: boolean;
  /** Writes raw bytes; false once the connection is gone. */
  write(text: string): boolean;
  /** Sends a whole JSON response. */
  json(status: number, body: unknown, headers?: Record<string, string>): void;
  /** Starts an SSE response. */
  startEvents(): void;
  end(): void;
  /** Cuts the connection mid-reply (no proper end of the response). */
  destroy(): void;
  /** Resolves after `ms`, or at once when the caller has gone. */
  pause(ms: number): Promise<void>;
  get open(): boolean;
}
