import type { NextFunction, Request, RequestHandler, Response } from "express";
import multer from "multer";
import { AppError } from "@chatbot/core";
import { jsonBody } from "./json-body";

const MULTER_ERRORS: Record<string, (limitMb: number) => AppError> = {
  LIMIT_FILE_SIZE: (limitMb) => new AppError("payload_too_large", "file_too_large", `The file is larger than ${limitMb} MB`),
  LIMIT_FIELD_VALUE: () => new AppError("payload_too_large", "field_too_large", "A form field is too large"),
  LIMIT_FILE_COUNT: () => new AppError("invalid_argument", "too_many_files", "Upload one file at a time", { details: [{ field: "file", message: "only one file" }] }),
  LIMIT_UNEXPECTED_FILE: () =>
    new AppError("invalid_argument", "validation_failed", "The file must be sent in the `file` field", {
      details: [{ field: "file", message: "must be the form field named `file`" }],
    }),
  LIMIT_FIELD_COUNT: () => new AppError("invalid_argument", "validation_failed", "Too many form fields"),
  LIMIT_PART_COUNT: () => new AppError("invalid_argument", "validation_failed", "Too many form parts"),
};

/**
 * `POST /api/documents` takes either a multipart upload (`file`, `title`, `metadata`) or
 * JSON `{"documents": [...]}`; anything else is 415. Files are held in memory up to
 * `maxUploadMb`: the bytes go to the ingest service, which stores them; JSON up to
 * `maxJsonMb`.
 */
export function documentUpload(limits: { maxUploadMb: number; maxJsonMb: number }): RequestHandler {
  const { maxUploadMb } = limits;
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxUploadMb * 1024 * 1024, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 },
  }).single("file");
  const json = jsonBody(limits.maxJsonMb * 1024);
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.is("multipart/form-data")) {
      upload(request, response, (error?: unknown) => {
        if (!error) return next();
        const code = (error as { code?: string }).code;
        if (code && MULTER_ERRORS[code]) return next(MULTER_ERRORS[code](maxUploadMb));
        next(new AppError("malformed_request", "malformed_multipart", "The multipart body could not be read"));
      });
      return;
    }
    if (request.is("application/json")) {
      json(request, response, next);
      return;
    }
    next(new AppError("unsupported_media_type", "unsupported_media_type", "Send documents as multipart/form-data (field `file`) or as application/json"));
  };
}
