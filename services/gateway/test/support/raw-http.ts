import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";

/** A request sent byte for byte as written: no client-side JSON encoding, charset fixing or path escaping. */
export interface RawRequest {
  method: string;
  /** Sent as is (it must only hold bytes 0x21..0xff; see `latin1Bytes`). */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Send the body with Transfer-Encoding: chunked instead of a Content-Length. */
  chunked?: boolean;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body was cut off after `maxStreamMs` (an open event stream). */
  truncated: boolean;
}

export interface SendOptions {
  /** Whole-request deadline: a server that does not answer in time fails the request. */
  timeoutMs?: number;
  /** Event streams are read for at most this long, then the client hangs up. */
  maxStreamMs?: number;
}

/**
 * Text as the bytes of its UTF-8 form, one latin1 character per byte: Node writes header
 * values and paths as latin1, so this puts raw UTF-8 (or any bytes) on the wire.
 */
export function latin1Bytes(text: string | Buffer): string {
  return (typeof text === "string" ? Buffer.from(text, "utf8") : text).toString("latin1");
}

/** One request on a fresh connection, so a broken request cannot poison the next one. */
export function sendRaw(baseUrl: string, raw: RawRequest, options: SendOptions = {}): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxStreamMs = options.maxStreamMs ?? 5_000;
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: url.hostname,
      port: url.port,
      method: raw.method,
      path: raw.path,
      headers: raw.headers ?? {},
      agent: false,
      setHost: true,
    });
    const deadline = setTimeout(() => {
      request.destroy(new Error(`no complete answer within ${timeoutMs} ms`));
    }, timeoutMs);
    request.on("error", (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let truncated = false;
      let streamTimer: NodeJS.Timeout | undefined;
      if (String(response.headers["content-type"] ?? "").startsWith("text/event-stream")) {
        streamTimer = setTimeout(() => {
          truncated = true;
          response.destroy();
        }, maxStreamMs);
      }
      const finish = () => {
        clearTimeout(deadline);
        clearTimeout(streamTimer);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), truncated });
      };
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", finish);
      response.on("close", () => {
        if (truncated || response.complete) finish();
        else {
          clearTimeout(deadline);
          clearTimeout(streamTimer);
          reject(new Error(`the server closed the connection mid-response (status ${response.statusCode})`));
        }
      });
    });
    // Node sends a GET or DELETE body without any framing unless told its length.
    if (raw.body && !raw.chunked) request.setHeader("Content-Length", raw.body.length);
    if (raw.body && raw.chunked) {
      request.setHeader("Transfer-Encoding", "chunked");
      // Two chunks, split mid-body (possibly mid-character).
      const middle = Math.floor(raw.body.length / 2);
      request.write(raw.body.subarray(0, middle));
      request.end(raw.body.subarray(middle));
    } else {
      request.end(raw.body);
    }
  });
}

const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
/** What leaks when an exception escapes: stack frames, source paths, module folders. */
const LEAK = /\n\s+at |\bat [\w$.<>]+ \(|node_modules|\/work\/|[\w-]+\.(?:ts|js|mjs|cjs):\d+|\bTypeError\b|\bRangeError\b|\bSyntaxError\b/;
const UPSTREAM_STATUSES = new Set([502, 503, 504]);
/** The OpenAI-compatible routes answer errors in OpenAI's shape (Express matches the mount point in any letter case). */
const OPENAI_PATH = /^\/v1(?:[/?]|$)/i;
/**
 * Errors answered from the socket before a request's path is read (a connection over its
 * address's share, headers that never end) carry the API's own shape whatever the path.
 */
const BEFORE_PATH_CODES = new Set(["request_timeout", "too_many_connections"]);

export interface CheckedResponse {
  status: number;
  code?: string;
}

/**
 * The public error contract for one response (`documentedStatuses`: statuses the route
 * documents with a schema other than the error shape, such as /api/health's 503). Throws a description of what is wrong
 * (with the request) so a failing fuzz case reads as a bug report.
 */
export function checkContract(raw: RawRequest, response: RawResponse, options: { documentedStatuses?: ReadonlySet<number> } = {}): CheckedResponse {
  const problems: string[] = [];
  const { status } = response;
  const text = response.body.toString("utf8");
  const requestId = response.headers["x-request-id"];
  const contentType = String(response.headers["content-type"] ?? "");
  let code: string | undefined;

  if (typeof requestId !== "string" || requestId.length === 0) problems.push("no X-Request-Id header");
  if (status >= 500 && !UPSTREAM_STATUSES.has(status)) problems.push(`status ${status}`);
  const isError = status < 200 || status >= 300;
  const isEventStream = contentType.startsWith("text/event-stream");
  // Static assets (Swagger UI's JavaScript) legitimately mention errors and files; API bodies never do.
  if ((isError || isEventStream || contentType.startsWith("application/json")) && LEAK.test(text)) {
    problems.push("the body leaks a stack trace or a source path");
  }
  // A status the route documents with a body of its own (a health report's 503) is not an error body.
  if (isError && raw.method !== "HEAD" && !options.documentedStatuses?.has(status)) {
    if (!contentType.startsWith("application/json")) {
      problems.push(`error answered as ${contentType || "no content type"}`);
    } else {
      const header = typeof requestId === "string" ? requestId : undefined;
      const openAi = OPENAI_PATH.test(raw.path) && !(errorShapeProblem(text, header) === undefined && BEFORE_PATH_CODES.has(JSON.parse(text).error.code));
      const shapeProblem = openAi ? openAiErrorShapeProblem(text) : errorShapeProblem(text, header);
      if (shapeProblem) problems.push(shapeProblem);
      else code = (JSON.parse(text) as { error: { code: string | null } }).error.code ?? undefined;
    }
    if (UPSTREAM_STATUSES.has(status) && code === "internal_error") problems.push("upstream status without a typed code");
  }
  if (isEventStream) {
    const events = text.split("\n\n");
    // A stream cut off by the client may end mid-event.
    if (response.truncated) events.pop();
    for (const line of events.flatMap((event) => event.split("\n"))) {
      if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
      let event: { error?: { code?: unknown } };
      try {
        event = JSON.parse(line.slice(6)) as typeof event;
      } catch {
        problems.push(`stream data is not JSON: ${line.slice(0, 100)}`);
        continue;
      }
      if (event.error && (typeof event.error.code !== "string" || !SNAKE_CASE.test(event.error.code) || event.error.code === "internal_error")) {
        problems.push(`stream error event ${JSON.stringify(event.error)}`);
      }
    }
  }

  if (problems.length > 0) {
    throw new Error(`${problems.join("; ")}\n  request: ${describeRequest(raw)}\n  response: ${status} ${contentType} ${JSON.stringify(text.slice(0, 400))}`);
  }
  return code === undefined ? { status } : { status, code };
}

function errorShapeProblem(text: string, headerRequestId: string | undefined): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return "error body is not JSON";
  }
  if (!isPlainObject(body)) return "error body is not an object";
  const keys = Object.keys(body).sort().join(",");
  if (keys !== "error,request_id") return `error body has keys ${keys}`;
  const error = body.error;
  if (!isPlainObject(error)) return "`error` is not an object";
  const errorKeys = Object.keys(error);
  if (errorKeys.some((key) => !["code", "message", "details"].includes(key))) return `\`error\` has keys ${errorKeys.join(",")}`;
  if (typeof error.code !== "string" || !SNAKE_CASE.test(error.code)) return `error.code ${JSON.stringify(error.code)} is not snake_case`;
  if (typeof error.message !== "string" || error.message.length === 0) return "error.message is not a non-empty string";
  if (typeof body.request_id !== "string" || body.request_id.length === 0) return "request_id is not a non-empty string";
  if (headerRequestId !== undefined && body.request_id !== headerRequestId) return "request_id differs from X-Request-Id";
  return undefined;
}

/** OpenAI's error object: `{"error": {"message", "type", "param", "code"}}` and nothing else. */
function openAiErrorShapeProblem(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return "error body is not JSON";
  }
  if (!isPlainObject(body)) return "error body is not an object";
  if (Object.keys(body).join(",") !== "error") return `OpenAI error body has keys ${Object.keys(body).join(",")}`;
  const error = body.error;
  if (!isPlainObject(error)) return "`error` is not an object";
  if (Object.keys(error).sort().join(",") !== "code,message,param,type") return `OpenAI \`error\` has keys ${Object.keys(error).join(",")}`;
  if (error.code !== null && (typeof error.code !== "string" || !SNAKE_CASE.test(error.code))) return `error.code ${JSON.stringify(error.code)} is not snake_case`;
  if (typeof error.message !== "string" || error.message.length === 0) return "error.message is not a non-empty string";
  if (typeof error.type !== "string" || !SNAKE_CASE.test(error.type)) return `error.type ${JSON.stringify(error.type)} is not snake_case`;
  if (error.param !== null && typeof error.param !== "string") return "error.param is neither a string nor null";
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function describeRequest(raw: RawRequest): string {
  const headers = Object.entries(raw.headers ?? {})
    .map(([name, value]) => `${name}: ${value.length > 80 ? `${value.slice(0, 80)}…(${value.length})` : value}`)
    .join(" | ");
  const body = raw.body
    ? raw.body.length > 300
      ? `${raw.body.length} bytes starting ${JSON.stringify(raw.body.subarray(0, 120).toString("latin1"))}`
      : JSON.stringify(raw.body.toString("latin1"))
    : "no body";
  const path = raw.path.length > 200 ? `${raw.path.slice(0, 200)}…(${raw.path.length})` : raw.path;
  return `${raw.method} ${JSON.stringify(path)} [${headers}]${raw.chunked ? " chunked" : ""} ${body}`;
}

/**
 * Writes bytes straight to a TCP connection (framing Node's client would never produce:
 * both Content-Length and chunked, no Host, bad chunk sizes, pipelining) and parses every
 * response that comes back until the server closes or `timeoutMs` passes.
 */
export function exchangeRaw(baseUrl: string, bytes: Buffer, options: { halfClose?: boolean; timeoutMs?: number } = {}): Promise<RawResponse[]> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: url.hostname, port: Number(url.port) }, () => {
      if (options.halfClose) socket.end(bytes);
      else socket.write(bytes);
    });
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      try {
        resolve(parseResponses(Buffer.concat(chunks)));
      } catch (error) {
        reject(error as Error);
      }
    };
    const timer = setTimeout(done, options.timeoutMs ?? 3_000);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("close", done);
    socket.on("error", () => undefined);
  });
}

function parseResponses(data: Buffer): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = data;
  while (rest.length > 0) {
    const end = rest.indexOf("\r\n\r\n");
    if (end < 0) throw new Error(`incomplete response head: ${JSON.stringify(rest.toString("latin1").slice(0, 200))}`);
    const [statusLine = "", ...lines] = rest.subarray(0, end).toString("latin1").split("\r\n");
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
    if (!status) throw new Error(`not an HTTP response: ${JSON.stringify(statusLine)}`);
    const headers: IncomingHttpHeaders = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    rest = rest.subarray(end + 4);
    let body: Buffer;
    if (headers["transfer-encoding"] === "chunked") {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = rest.indexOf("\r\n");
        const size = Number.parseInt(rest.subarray(0, lineEnd).toString("latin1"), 16);
        rest = rest.subarray(lineEnd + 2);
        if (!size) break;
        parts.push(rest.subarray(0, size));
        rest = rest.subarray(size + 2);
      }
      rest = rest.subarray(rest.indexOf("\r\n") + 2);
      body = Buffer.concat(parts);
    } else {
      const length = status === 204 || status === 304 ? 0 : Number(headers["content-length"] ?? rest.length);
      body = rest.subarray(0, length);
      rest = rest.subarray(length);
    }
    responses.push({ status, headers, body, truncated: false });
  }
  return responses;
}
