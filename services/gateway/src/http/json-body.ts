import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { AppError } from "@chatbot/core";

function hasBody(request: Request): boolean {
  const length = request.headers["content-length"];
  return request.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/** The Content-Type headers nearly every client sends with JSON. */
const PLAIN_JSON_TYPES = new Set(["application/json", "application/json; charset=utf-8", "application/json;charset=utf-8"]);
const UTF8_BOM = "\ufeff";
const FIRST_NON_WHITESPACE = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/;

/** A UTF-8 JSON body, uncompressed, of a stated length: the only kind `readBuffered` takes. */
function isPlainJson(request: Request): boolean {
  const type = request.headers["content-type"];
  return (
    type !== undefined &&
    PLAIN_JSON_TYPES.has(type.toLowerCase()) &&
    request.headers["content-encoding"] === undefined &&
    request.headers["transfer-encoding"] === undefined
  );
}

/** An error shaped as body-parser's (`status`, `type`), which the error handler turns into a typed answer. */
function parseFailed(message: string): Error {
  return Object.assign(new Error(message), { status: 400, statusCode: 400, expose: true, type: "entity.parse.failed" });
}

/** A whole body parsed as body-parser's strict JSON parser does. */
function parseJson(body: Buffer): { value: unknown } | { error: Error } {
  let text = body.toString("utf8");
  // body-parser decodes with iconv-lite, which drops a leading byte order mark, and takes nothing left as `{}`.
  if (text.startsWith(UTF8_BOM)) text = text.slice(1);
  if (text.length === 0) return { value: {} };
  const first = text[0] === "{" || text[0] === "[" ? text[0] : FIRST_NON_WHITESPACE.exec(text)?.[1];
  if (first !== "{" && first !== "[") return { error: parseFailed("JSON bodies must be an object or an array") };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: parseFailed((error as Error).message) };
  }
}

/**
 * Nearly always a body comes in the same read as its headers, and once that read is handled
 * Node has all of it buffered: it is then taken in one synchronous read and parsed, without
 * body-parser's listeners, decoder and async-context wrapping (about 10 µs per request).
 * Anything else (a body still arriving, over the limit, already read, cut off) is left to
 * body-parser, which has not been passed a byte.
 */
function readBuffered(request: Request, response: Response, next: NextFunction, limitBytes: number, bodyParser: RequestHandler): void {
  queueMicrotask(() => {
    const length = Number(request.headers["content-length"]);
    const whole =
      !request.destroyed && request.complete && request.readableFlowing === null && length <= limitBytes && request.readableLength === length;
    if (!whole) {
      bodyParser(request, response, next);
      return;
    }
    const parsed = parseJson(request.read() as Buffer);
    if ("error" in parsed) {
      next(parsed.error);
      return;
    }
    request.body = parsed.value;
    next();
  });
}

/**
 * JSON bodies only: a body of another type is 415 before it is read, and malformed or
 * oversized JSON is turned into typed errors by the error handler.
 */
export function jsonBody(limitKb: number) {
  const limitBytes = limitKb * 1024;
  const parse = express.json({ limit: `${limitKb}kb`, strict: true, type: () => true });
  return (request: Request, response: Response, next: NextFunction): void => {
    if (!hasBody(request)) {
      request.body = undefined;
      next();
      return;
    }
    if (isPlainJson(request)) {
      readBuffered(request, response, next, limitBytes, parse);
      return;
    }
    if (!request.is("application/json") && !request.is("application/*+json")) {
      next(new AppError("unsupported_media_type", "unsupported_media_type", "The request body must be application/json"));
      return;
    }
    parse(request, response, next);
  };
}
