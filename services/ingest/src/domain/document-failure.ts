import { AppError } from "@chatbot/core";

/** Codes a document can fail with; each names what the uploader can fix. */
export type DocumentFailureCode =
  | "pdf_encrypted"
  | "pdf_malformed"
  | "hwp_encrypted"
  | "hwp_distribution"
  | "hwp_malformed"
  | "hwpx_encrypted"
  | "hwpx_malformed"
  | "docx_malformed"
  | "pptx_malformed"
  | "xlsx_malformed"
  | "unpacked_too_large"
  | "too_many_entries"
  | "no_text_layer"
  | "empty_document"
  | "too_many_pages"
  | "text_too_large"
  | "too_many_chunks"
  | "parse_timeout"
  | "retries_exhausted"
  | "processing_failed";

/**
 * A document that can never be processed as it is: retrying the same bytes gives the same
 * answer, so the worker fails it at once instead of retrying.
 */
export function documentFailure(code: DocumentFailureCode, message: string, cause?: unknown): AppError {
  return new AppError("invalid_argument", code, message, { cause });
}
