import { randomUUID } from "node:crypto";
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { isOpenAiPath, openAiErrorType } from "./openai/openai-errors";

/** Node's HTTP parser errors that have a more precise status than 400 (as Node's own default answer). */
const PARSER_STATUSES: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: "headers_too_large", message: "The request headers are too large" },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: "request_timeout", message: "The request was not received in time" },
};
const MALFORMED = { status: 400, code: "malformed_http", message: "The request is not valid HTTP" };

/**
 * The response each connection is on, from the server's `request` event: a request whose
 * body stalls has been routed as far as its path, so its 408 can take the shape its route
 * answers in; and an answer already on its way must not be interrupted by another.
 */
const responses = new WeakMap<Duplex, ServerResponse>();

/** The path of the request a refused packet carries (`GET /v1/models HTTP/1.1`), when its request line is readable. */
function pathInPacket(rawPacket: unknown): string | undefined {
  if (!Buffer.isBuffer(rawPacket)) return undefined;
  const requestLine = rawPacket.subarray(0, 8192).toString("latin1").split("\r\n", 1)[0] ?? "";
  return requestLine.split(" ")[1];
}

/**
 * A request Node's HTTP parser refuses (raw non-ASCII bytes in the path, oversized headers,
 * broken framing) or that is not received in time never reaches Express, so Node would
 * answer a bare `400` or `408` with no body. These answer with the error shape of the path
 * asked for (OpenAI's under /v1, the API's own elsewhere and when no path was read) and a
 * request id, then close the connection as Node does.
 */
export function answerRefusedRequests(server: Server): void {
  server.on("request", (request: IncomingMessage, response: ServerResponse) => responses.set(request.socket, response));
  server.on("clientError", answerClientError);
}

function answerClientError(error: Error & { code?: string; rawPacket?: unknown }, socket: Duplex): void {
  const current = responses.get(socket);
  // Nothing to answer on a dead socket, or in the middle of a response already on its way
  // (a response lets go of its socket once it has finished).
  if (error.code === "ECONNRESET" || !socket.writable || (current?.headersSent && current.socket === socket)) {
    socket.destroy();
    return;
  }
  const { status, code, message } = PARSER_STATUSES[error.code ?? ""] ?? MALFORMED;
  // A finished response belongs to an earlier request on this connection, not the refused one.
  const path = pathInPacket(error.rawPacket) ?? (current && !current.writableEnded ? current.req.url : undefined);
  // A HEAD answer has no body (its Content-Length still says how long the body would be).
  const isHead = Buffer.isBuffer(error.rawPacket) && error.rawPacket.subarray(0, 5).toString("latin1") === "HEAD ";
  socket.end(rawErrorResponse(status, code, message, {}, { withBody: !isHead, path }), () => socket.destroy());
}

/**
 * A whole HTTP/1.1 error response in the public error shape (OpenAI's for a /v1 `path`),
 * for answers written straight to a socket (before or instead of Node's HTTP machinery);
 * it closes the connection.
 */
export function rawErrorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  options: { withBody: boolean; path?: string | undefined } = { withBody: true },
): string {
  const requestId = randomUUID();
  const openAi = options.path !== undefined && isOpenAiPath(options.path);
  const body = JSON.stringify(
    openAi ? { error: { message, type: openAiErrorType(code, status), param: null, code } } : { error: { code, message }, request_id: requestId },
  );
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
