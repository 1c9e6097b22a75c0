import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";

/** Node's HTTP parser errors that have a more precise status than 400 (as Node's own default answer). */
const PARSER_STATUSES: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: "headers_too_large", message: "The request headers are too large" },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: "request_timeout", message: "The request was not received in time" },
};
const MALFORMED = { status: 400, code: "malformed_http", message: "The request is not valid HTTP" };

/**
 * For the server's `clientError` event: a request Node's HTTP parser refuses (raw
 * non-ASCII bytes in the path, oversized headers, broken framing) never reaches Express,
 * so Node would answer a bare `400` with no body. This answers with the public error
 * shape and a request id instead, then closes the connection as Node does.
 *
 * Wire it where the server is created: `server.on("clientError", answerClientError)`.
 */
export function answerClientError(error: Error & { code?: string; rawPacket?: unknown }, socket: Duplex): void {
  // Nothing to answer on a dead socket, or in the middle of a response already on its way.
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const { status, code, message } = PARSER_STATUSES[error.code ?? ""] ?? MALFORMED;
  // A HEAD answer has no body (its Content-Length still says how long the body would be).
  const isHead = Buffer.isBuffer(error.rawPacket) && error.rawPacket.subarray(0, 5).toString("latin1") === "HEAD ";
  socket.end(rawErrorResponse(status, code, message, {}, { withBody: !isHead }), () => socket.destroy());
}

/**
 * A whole HTTP/1.1 error response in the public error shape, for answers written straight
 * to a socket (before or instead of Node's HTTP machinery); it closes the connection.
 */
export function rawErrorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  options: { withBody: boolean } = { withBody: true },
): string {
  const requestId = randomUUID();
  const body = JSON.stringify({ error: { code, message }, request_id: requestId });
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
    "Content-Type: application/json; charset=utf-8\r\n" +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Request-Id: ${requestId}\r\n` +
    extra +
    "Connection: close\r\n\r\n" +
    (options.withBody ? body : "")
  );
}
