import express, { type NextFunction, type Request, type Response } from "express";
import { AppError } from "@chatbot/core";

function hasBody(request: Request): boolean {
  const length = request.headers["content-length"];
  return request.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/**
 * JSON bodies only: a body of another type is 415 before it is read, and malformed or
 * oversized JSON is turned into typed errors by the error handler.
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
    parse(request, response, next);
  };
}
