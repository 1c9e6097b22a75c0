import express, { type NextFunction, type Request, type Response } from "express";
import { AppError, errors } from "@chatbot/core";
import { MAX_JSON_DEPTH, tooDeepField } from "./json-depth";

function hasBody(request: Request): boolean {
  const length = request.headers["content-length"];
  return request.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/** 422 naming the field a value nests too deeply under; nothing after the edge walks such a value. */
export function refuseTooDeep(value: unknown, prefix = ""): void {
  const field = tooDeepField(value);
  if (field !== undefined) {
    throw errors.validation([{ field: `${prefix}${field}`, message: `must not be nested more than ${MAX_JSON_DEPTH} levels deep` }]);
  }
}

/**
 * JSON bodies only: a body of another type is 415 before it is read, malformed or
 * oversized JSON is turned into typed errors by the error handler, and JSON nested deeper
 * than any field needs is 422.
 */
export function jsonBody(limitKb: number) {
  const parse = express.json({ limit: `${limitKb}kb`, strict: true, type: () => true });
  return (request: Request, response: Response, next: NextFunction): void => {
    if (!hasBody(request)) {
      request.body = undefined;
      next();
      return;
    }
    if (!request.is("application/json") && !request.is("application/*+json")) {
      next(new AppError("unsupported_media_type", "unsupported_media_type", "The request body must be application/json"));
      return;
    }
    parse(request, response, (error?: unknown) => {
      if (error) return next(error);
      try {
        refuseTooDeep(request.body);
        next();
      } catch (tooDeep) {
        next(tooDeep);
      }
    });
  };
}
