import { z } from "zod";
import {
  METADATA_MAX_BYTES,
  SEARCH_FILTER_MAX_ENTRIES,
  SEARCH_QUERY_MAX_CHARACTERS,
  SEARCH_RESULTS_MAX,
  SEARCH_RESULTS_MIN,
  TENANT_ID_MAX_CHARACTERS,
  UPSERT_CHUNKS_MAX,
  dropUnstorableText,
  fieldIssues,
  inputIssues,
  parseField,
  parseInput,
  throwIfIssues,
} from "@chatbot/core";
import type { Chunk, ChunkDraft, SearchFilters } from "./chunk.types";

export const LIMITS = {
  tenantIdLength: TENANT_ID_MAX_CHARACTERS,
  idLength: 512,
  chunksPerRequest: UPSERT_CHUNKS_MAX,
  textLength: 32_000,
  titleLength: 1_000,
  metadataBytes: METADATA_MAX_BYTES,
  queryLength: SEARCH_QUERY_MAX_CHARACTERS,
  k: { min: SEARCH_RESULTS_MIN, max: SEARCH_RESULTS_MAX },
  filterEntries: SEARCH_FILTER_MAX_ENTRIES,
} as const;

/** Texts one Embed call may carry: OpenAI's own limit for one embeddings request. */
export const EMBED_MAX_INPUTS = 2_048;

// PDF extraction produces NUL and lone surrogates now and then, which Postgres cannot
// store; in chunks they are dropped rather than refused.
const storable = dropUnstorableText;

export const TenantIdSchema = z
  .string()
  .refine((tenantId) => tenantId.trim() !== "", { message: "is required", abort: true })
  .max(LIMITS.tenantIdLength, `must be at most ${LIMITS.tenantIdLength} characters`);

const required = (message = "is required") => z.string().refine((value) => value.trim() !== "", { message, abort: true });

export const DocumentRequestSchema = z.object({ tenantId: TenantIdSchema, documentId: required() });

/** The id a chunk gets when the caller names none: re-ingesting a document overwrites it. */
export function deriveChunkId(documentId: string, chunkIndex: number): string {
  return `${documentId}#${chunkIndex}`;
}

const notNegative = z.number().refine((value) => Number.isInteger(value) && value >= 0, "must not be negative");

/** "" means {}; otherwise a JSON object of at most 16 KiB, its unstorable characters dropped. */
const MetadataJsonSchema = z
  .string()
  .refine((json) => json.trim() === "" || Buffer.byteLength(json) <= LIMITS.metadataBytes, { message: `must be at most ${LIMITS.metadataBytes} bytes`, abort: true })
  .transform((json, context): Record<string, unknown> => {
    if (json.trim() === "") return {};
    try {
      const value = JSON.parse(storable(json)) as unknown;
      if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // reported below
    }
    context.addIssue({ code: "custom", message: "must be a JSON object" });
    return z.NEVER;
  });

/**
 * One chunk of an upsert. `seen` holds the chunk ids met so far in the request, so a repeated
 * id is named where it appears again.
 */
function chunkDraftSchema(seen: Set<string>) {
  return z
    .object({
      chunkId: z.string(),
      documentId: z.string(),
      text: z.string(),
      title: z.string(),
      source: z.string(),
      page: z.number(),
      chunkIndex: z.number(),
      section: z.string(),
      metadataJson: z.string(),
    })
    .transform((draft) => ({
      ...draft,
      documentId: draft.documentId.trim(),
      chunkId: draft.chunkId.trim() || deriveChunkId(draft.documentId.trim(), draft.chunkIndex),
      text: storable(draft.text),
    }))
    .pipe(
      z.object({
        documentId: required().pipe(z.string().max(LIMITS.idLength, `must be at most ${LIMITS.idLength} characters`)),
        text: required().pipe(z.string().max(LIMITS.textLength, `must be at most ${LIMITS.textLength} characters`)),
        title: z.string().max(LIMITS.titleLength, `must be at most ${LIMITS.titleLength} characters`).transform(storable),
        chunkIndex: notNegative,
        page: notNegative,
        chunkId: z
          .string()
          .max(LIMITS.idLength * 2, `must be at most ${LIMITS.idLength * 2} characters`)
          .refine((chunkId) => {
            const first = !seen.has(chunkId);
            seen.add(chunkId);
            return first;
          }, "appears twice in one request"),
        source: z.string().transform(storable),
        section: z.string().transform(storable),
        metadataJson: MetadataJsonSchema,
      }),
    )
    .transform((chunk): Chunk => ({
      chunkId: chunk.chunkId,
      documentId: chunk.documentId,
      text: chunk.text,
      title: chunk.title,
      source: chunk.source,
      page: chunk.page,
      chunkIndex: chunk.chunkIndex,
      section: chunk.section,
      metadata: chunk.metadataJson,
    }));
}

const UpsertRequestSchema = z.object({
  tenantId: TenantIdSchema,
  chunks: z.array(z.unknown()).min(1, "must contain at least one chunk").max(LIMITS.chunksPerRequest, `must contain at most ${LIMITS.chunksPerRequest} chunks`),
});

export interface SearchInput {
  tenantId: string;
  query: string;
  k: number;
  filters: SearchFilters;
}

export const SearchInputSchema = z.object({
  tenantId: TenantIdSchema,
  query: z
    .string()
    .transform((query) => storable(query).trim())
    .pipe(required().pipe(z.string().max(LIMITS.queryLength, `must be at most ${LIMITS.queryLength} characters`))),
  k: z.number().refine((k) => Number.isInteger(k) && k >= LIMITS.k.min && k <= LIMITS.k.max, `must be between ${LIMITS.k.min} and ${LIMITS.k.max}`),
  filters: z.object({
    documentIds: z.array(z.string()).max(LIMITS.filterEntries, `must have at most ${LIMITS.filterEntries} entries`).readonly(),
    sources: z.array(z.string()).max(LIMITS.filterEntries, `must have at most ${LIMITS.filterEntries} entries`).readonly(),
  }),
});

export const EmbedInputSchema = z.object({
  tenantId: z.string().refine((tenantId) => tenantId !== "", "is required"),
  input: z
    .array(z.string())
    .max(EMBED_MAX_INPUTS, `must hold at most ${EMBED_MAX_INPUTS} texts`)
    .superRefine((texts, context) => {
      const index = texts.findIndex((text) => text.length === 0 || text.length > LIMITS.textLength);
      if (index >= 0) context.addIssue({ code: "custom", path: [index], message: `must be 1 to ${LIMITS.textLength} characters` });
    }),
});

export function checkTenantId(tenantId: string): void {
  parseField("tenantId", TenantIdSchema, tenantId);
}

export function checkDocumentRequest(tenantId: string, documentId: string): void {
  parseInput(DocumentRequestSchema, { tenantId, documentId });
}

/** The chunks to store: the request's drafts checked (every problem of the first 256 named), ids derived, metadata parsed. */
export function validateUpsert(tenantId: string, drafts: readonly ChunkDraft[]): Chunk[] {
  const requestIssues = inputIssues(UpsertRequestSchema, { tenantId, chunks: drafts });
  const chunks = z.array(chunkDraftSchema(new Set())).safeParse(drafts.slice(0, LIMITS.chunksPerRequest));
  throwIfIssues([...requestIssues, ...(chunks.success ? [] : fieldIssues(chunks.error, "chunks"))]);
  return chunks.data!;
}

export function validateSearch(input: SearchInput): SearchInput {
  return { ...input, ...parseInput(SearchInputSchema, input) };
}
