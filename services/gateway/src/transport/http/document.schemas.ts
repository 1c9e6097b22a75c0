import { containsUnstorableText, DOCUMENT_TITLE_MAX_CHARACTERS, dropControlCharacters, isStorableText, UNSTORABLE_TEXT_MESSAGE } from "@chatbot/core";
import { z } from "./openapi-zod";
import { PageSizeLimit } from "./common.schemas";
import { MAX_JSON_DEPTH, tooDeepField } from "./json-depth";

const metadata = z.record(z.string(), z.unknown(), { error: "must be a JSON object" });
/** Metadata as sent in a request: stored as jsonb, so every string in it must be storable. */
const metadataInput = metadata.refine((value) => !containsUnstorableText(value), UNSTORABLE_TEXT_MESSAGE);

/**
 * A passage sent as JSON is text whatever characters it holds: control characters (a BEL
 * or form feed from pdftotext) are dropped rather than making the passage look binary.
 * Each passage is checked before any is submitted, so one bad passage answers 422 naming
 * it (documents.3.content) and nothing of the batch is stored.
 */
const passageContent = z
  .string({ error: "must be a string" })
  .transform(dropControlCharacters)
  // NUL is a control character and went above; what is left to refuse is an unpaired surrogate.
  .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE)
  .refine((value) => value.trim().length > 0, "must contain text");

export const DocumentResponse = z
  .object({
    document_id: z.string(),
    filename: z.string().nullable(),
    title: z.string(),
    media_type: z.string(),
    status: z.enum(["queued", "processing", "ready", "failed"]),
    pages: z.number().int(),
    chunks: z.number().int(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    source: z.string().nullable(),
    size_bytes: z.number().int(),
    sha256: z.string(),
    metadata,
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Document");

export const DocumentIdParams = z.object({ document_id: z.string() });

export const JsonDocumentsBody = z
  .object({
    documents: z
      .array(
        z.object({
          content: passageContent,
          metadata: metadataInput.optional().openapi({ example: { title: "사내 규정", source: "wiki" } }),
        }),
        { error: "must be a list of documents" },
      )
      .min(1, "must hold at least one document")
      .max(100, "at most 100 documents per request"),
  })
  .openapi("JsonDocumentsRequest");

export const UploadForm = z
  .object({
    file: z.string().openapi({
      type: "string",
      format: "binary",
      description:
        "PDF, HWP (5.0), HWPX, DOCX, PPTX, XLSX, HTML, Markdown or plain text in UTF-8, EUC-KR/CP949 or UTF-16; the type and the text's " +
        "encoding are told from the bytes, not the file name",
    }),
    title: z.string().optional(),
    metadata: z.string().optional().openapi({ description: "A JSON object" }),
  })
  .openapi("DocumentUpload");

export const UploadFields = z.object({
  title: z
    .string()
    .max(DOCUMENT_TITLE_MAX_CHARACTERS, `must be at most ${DOCUMENT_TITLE_MAX_CHARACTERS} characters`)
    .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE)
    .optional(),
  metadata: z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value.trim() === "") return undefined;
      try {
        const parsed = JSON.parse(value) as unknown;
        if (tooDeepField(parsed) !== undefined) {
          context.addIssue({ code: "custom", message: `must not be nested more than ${MAX_JSON_DEPTH} levels deep` });
          return z.NEVER;
        }
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
          if (!containsUnstorableText(parsed)) return parsed as Record<string, unknown>;
          context.addIssue({ code: "custom", message: UNSTORABLE_TEXT_MESSAGE });
          return z.NEVER;
        }
      } catch {
        // reported below
      }
      context.addIssue({ code: "custom", message: "must be a JSON object" });
      return z.NEVER;
    }),
});

export const ListDocumentsQuery = z.object({
  limit: PageSizeLimit,
  cursor: z.string().optional(),
  status: z.enum(["queued", "processing", "ready", "failed"], { error: "must be queued, processing, ready or failed" }).optional(),
});

export const DocumentListResponse = z.object({ documents: z.array(DocumentResponse), next_cursor: z.string().nullable() }).openapi("DocumentList");

export const SubmittedDocuments = z.object({ documents: z.array(DocumentResponse) }).openapi("SubmittedDocuments");
