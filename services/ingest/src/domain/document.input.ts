import { z } from "zod";
import {
  AppError,
  DEFAULT_PAGE_SIZE as PAGE_SIZE_DEFAULT,
  DOCUMENT_TITLE_MAX_CHARACTERS,
  METADATA_MAX_BYTES,
  PAGE_SIZE_MAX,
  UNSTORABLE_TEXT_MESSAGE,
  containsUnstorableText,
  isStorableText,
  parseField,
  parseInput,
} from "@chatbot/core";
import { DOCUMENT_STATUSES, type DocumentStatus } from "./document.types";

export const MAX_METADATA_BYTES = METADATA_MAX_BYTES;
export const MAX_FILENAME_LENGTH = 255;
export const MAX_TITLE_LENGTH = DOCUMENT_TITLE_MAX_CHARACTERS;
export const DEFAULT_PAGE_SIZE = PAGE_SIZE_DEFAULT;
export const MAX_PAGE_SIZE = PAGE_SIZE_MAX;

// Requests are checked one rule at a time, in the order below: the first problem found is the answer.

const required = z.string().refine((value) => value.trim() !== "", "is required");

export const TenantIdSchema = required;
export const DocumentIdSchema = required;

/** A JSON object of at most 16 KiB; "" means {}. Stored as jsonb, which refuses NUL and unpaired surrogates. */
export const MetadataJsonSchema = z.string().transform((json, context): Record<string, unknown> => {
  if (json.trim() === "") return {};
  const refuse = (message: string) => {
    context.addIssue({ code: "custom", message });
    return z.NEVER;
  };
  if (Buffer.byteLength(json) > MAX_METADATA_BYTES) return refuse(`must be at most ${MAX_METADATA_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return refuse("must be valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return refuse("must be a JSON object");
  if (containsUnstorableText(value)) return refuse(UNSTORABLE_TEXT_MESSAGE);
  return value as Record<string, unknown>;
});

/** Text Postgres can store, of at most `maxLength` characters. */
const storableText = (maxLength = Infinity) =>
  z
    .string()
    .refine((value) => value.length <= maxLength, { message: `must be at most ${maxLength} characters`, abort: true })
    .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);

/** The names a document is stored under: every problem of the three is listed. */
export const DocumentNamesSchema = z.object({
  filename: storableText(MAX_FILENAME_LENGTH),
  title: storableText(MAX_TITLE_LENGTH),
  source: storableText(),
});

/** 0 (proto3's unset) means the default page size. */
export const PageSizeSchema = z
  .number()
  .refine((limit) => limit === 0 || (Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE_SIZE), `must be between 1 and ${MAX_PAGE_SIZE}`)
  .transform((limit) => (limit === 0 ? DEFAULT_PAGE_SIZE : limit));

/** "" means any status. */
export const StatusFilterSchema = z
  .union([z.literal(""), z.enum(DOCUMENT_STATUSES)], { error: `must be one of ${DOCUMENT_STATUSES.join(", ")}` })
  .transform((status): DocumentStatus | undefined => (status === "" ? undefined : status));

/** Cursor: the last row's position, opaque to clients; "" means the first page. */
export const CursorSchema = z.string().transform((cursor, context): { createdAt: Date; id: string } | undefined => {
  if (cursor === "") return undefined;
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(createdAt.getTime())) {
    context.addIssue({ code: "custom", message: "is not a cursor from a previous page" });
    return z.NEVER;
  }
  return { createdAt, id };
});

/** The media type a client may name for text, which bytes cannot tell apart; "" means none. */
export const DeclaredMediaTypeSchema = z.enum(["", "text/plain", "text/markdown"], { error: "must be text/plain or text/markdown" });

export const UploadContentSchema = z.custom<Uint8Array>((content) => content instanceof Uint8Array && content.length > 0, "is empty");

export function encodeCursor(position: { createdAt: Date; id: string }): string {
  return Buffer.from(`${position.createdAt.toISOString()}|${position.id}`).toString("base64url");
}

export const requireTenant = (tenantId: string): void => void parseField("tenant_id", TenantIdSchema, tenantId);
export const requireDocumentId = (documentId: string): void => void parseField("document_id", DocumentIdSchema, documentId);
export const parseMetadata = (json: string) => parseField("metadata_json", MetadataJsonSchema, json);
export const checkNames = (names: { filename: string; title: string; source: string }): void => void parseInput(DocumentNamesSchema, names);
export const parseLimit = (limit: number): number => parseField("limit", PageSizeSchema, limit);
export const parseStatusFilter = (status: string) => parseField("status", StatusFilterSchema, status);
export const decodeCursor = (cursor: string) => parseField("cursor", CursorSchema, cursor);

/** What an upload names and holds before its bytes are sniffed: first the declared type, then the content. */
export function checkUploadContent(declared: string, content: Buffer): void {
  parseField("declared_media_type", DeclaredMediaTypeSchema, declared);
  parseField("content", UploadContentSchema, content);
}

export function checkSize(sizeBytes: number, maxUploadMb: number): void {
  if (sizeBytes > maxUploadMb * 1024 * 1024) {
    throw new AppError("payload_too_large", "payload_too_large", `The document is larger than ${maxUploadMb} MB`, {
      details: { max_bytes: maxUploadMb * 1024 * 1024 },
    });
  }
}

/** The title given, else the file name without its extension, else the first line of text. */
export function deriveTitle(title: string, filename: string, firstText: string): string {
  if (title.trim() !== "") return title.trim();
  const base = filename
    .replace(/^.*[\\/]/, "")
    .replace(/\.[^.]+$/, "")
    .trim();
  if (base !== "") return base;
  const firstLine = firstText
    .split("\n")
    .map((line) => line.replace(/^#+\s*/, "").trim())
    .find((line) => line !== "");
  return (firstLine ?? "").slice(0, 200);
}
