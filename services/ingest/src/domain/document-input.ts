import { AppError, containsUnstorableText, errors, isStorableText, UNSTORABLE_TEXT_MESSAGE, type FieldIssue } from "@chatbot/core";
import { DOCUMENT_STATUSES, type DocumentStatus } from "./document.types";

export const MAX_METADATA_BYTES = 16 * 1024;
export const MAX_FILENAME_LENGTH = 255;
export const MAX_TITLE_LENGTH = 500;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export function requireTenant(tenantId: string): void {
  if (tenantId.trim() === "") throw errors.validation([{ field: "tenant_id", message: "is required" }]);
}

export function requireDocumentId(documentId: string): void {
  if (documentId.trim() === "") throw errors.validation([{ field: "document_id", message: "is required" }]);
}

/** A JSON object of at most 16 KiB; "" means {}. */
export function parseMetadata(json: string): Record<string, unknown> {
  if (json.trim() === "") return {};
  const issue = (message: string) => errors.validation([{ field: "metadata_json", message }]);
  if (Buffer.byteLength(json) > MAX_METADATA_BYTES) throw issue(`must be at most ${MAX_METADATA_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw issue("must be valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw issue("must be a JSON object");
  // Stored as jsonb, which refuses NUL and unpaired surrogates.
  if (containsUnstorableText(value)) throw issue(UNSTORABLE_TEXT_MESSAGE);
  return value as Record<string, unknown>;
}

export function checkSize(sizeBytes: number, maxUploadMb: number): void {
  if (sizeBytes > maxUploadMb * 1024 * 1024) {
    throw new AppError("payload_too_large", "payload_too_large", `The document is larger than ${maxUploadMb} MB`, {
      details: { max_bytes: maxUploadMb * 1024 * 1024 },
    });
  }
}

/** The names a document is stored under: text Postgres can store, file name and title bounded. */
export function checkNames(names: { filename: string; title: string; source: string }): void {
  const issues: FieldIssue[] = [];
  const check = (field: keyof typeof names, maxLength = Infinity) => {
    const value = names[field];
    if (value.length > maxLength) issues.push({ field, message: `must be at most ${maxLength} characters` });
    else if (!isStorableText(value)) issues.push({ field, message: UNSTORABLE_TEXT_MESSAGE });
  };
  check("filename", MAX_FILENAME_LENGTH);
  check("title", MAX_TITLE_LENGTH);
  check("source");
  if (issues.length > 0) throw errors.validation(issues);
}

/** The title given, else the file name without its extension, else the first line of text. */
export function deriveTitle(title: string, filename: string, firstText: string): string {
  if (title.trim() !== "") return title.trim();
  const base = filename.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "").trim();
  if (base !== "") return base;
  const firstLine = firstText
    .split("\n")
    .map((line) => line.replace(/^#+\s*/, "").trim())
    .find((line) => line !== "");
  return (firstLine ?? "").slice(0, 200);
}

export function parseLimit(limit: number): number {
  if (limit === 0) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw errors.validation([{ field: "limit", message: `must be between 1 and ${MAX_PAGE_SIZE}` }]);
  }
  return limit;
}

export function parseStatusFilter(status: string): DocumentStatus | undefined {
  if (status === "") return undefined;
  if (!(DOCUMENT_STATUSES as readonly string[]).includes(status)) {
    throw errors.validation([{ field: "status", message: `must be one of ${DOCUMENT_STATUSES.join(", ")}` }]);
  }
  return status as DocumentStatus;
}

/** Cursor: the last row's position, opaque to clients. */
export function encodeCursor(position: { createdAt: Date; id: string }): string {
  return Buffer.from(`${position.createdAt.toISOString()}|${position.id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  if (cursor === "") return undefined;
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(createdAt.getTime())) {
    throw errors.validation([{ field: "cursor", message: "is not a cursor from a previous page" }]);
  }
  return { createdAt, id };
}
