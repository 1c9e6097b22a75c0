import { SEARCH_QUERY_MAX_CHARACTERS, dropUnstorableText, errors, type FieldIssue } from "@chatbot/core";
import type { Chunk, SearchFilters } from "./chunk.types";

export const LIMITS = {
  tenantIdLength: 128,
  idLength: 512,
  chunksPerRequest: 256,
  textLength: 32_000,
  titleLength: 1_000,
  metadataBytes: 16 * 1024,
  queryLength: SEARCH_QUERY_MAX_CHARACTERS,
  k: { min: 1, max: 50 },
  filterEntries: 100,
} as const;

// PDF extraction produces NUL and lone surrogates now and then, which Postgres cannot
// store; in chunks they are dropped rather than refused.
const storable = dropUnstorableText;

/** Collects field problems so one answer lists all of them. */
class Issues {
  readonly list: FieldIssue[] = [];
  add(field: string, message: string): void {
    this.list.push({ field, message });
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw errors.validation(this.list);
  }
}

function checkTenant(tenantId: string, issues: Issues): void {
  if (tenantId.trim() === "") issues.add("tenant_id", "is required");
  else if (tenantId.length > LIMITS.tenantIdLength) issues.add("tenant_id", `must be at most ${LIMITS.tenantIdLength} characters`);
}

export function checkTenantId(tenantId: string): void {
  const issues = new Issues();
  checkTenant(tenantId, issues);
  issues.throwIfAny();
}

export function checkDocumentRequest(tenantId: string, documentId: string): void {
  const issues = new Issues();
  checkTenant(tenantId, issues);
  if (documentId.trim() === "") issues.add("document_id", "is required");
  issues.throwIfAny();
}

/** The id a chunk gets when the caller names none: re-ingesting a document overwrites it. */
export function deriveChunkId(documentId: string, chunkIndex: number): string {
  return `${documentId}#${chunkIndex}`;
}

export interface ChunkDraft {
  chunkId: string;
  documentId: string;
  text: string;
  title: string;
  source: string;
  page: number;
  chunkIndex: number;
  section: string;
  /** Empty means {}. */
  metadataJson: string;
}

export function validateUpsert(tenantId: string, drafts: readonly ChunkDraft[]): Chunk[] {
  const issues = new Issues();
  checkTenant(tenantId, issues);
  if (drafts.length === 0) issues.add("chunks", "must contain at least one chunk");
  if (drafts.length > LIMITS.chunksPerRequest) issues.add("chunks", `must contain at most ${LIMITS.chunksPerRequest} chunks`);
  const seen = new Set<string>();
  const chunks = drafts.slice(0, LIMITS.chunksPerRequest).map((draft, index) => {
    const field = (name: string) => `chunks[${index}].${name}`;
    const documentId = draft.documentId.trim();
    if (documentId === "") issues.add(field("document_id"), "is required");
    else if (documentId.length > LIMITS.idLength) issues.add(field("document_id"), `must be at most ${LIMITS.idLength} characters`);
    const text = storable(draft.text);
    if (text.trim() === "") issues.add(field("text"), "is required");
    else if (text.length > LIMITS.textLength) issues.add(field("text"), `must be at most ${LIMITS.textLength} characters`);
    if (draft.title.length > LIMITS.titleLength) issues.add(field("title"), `must be at most ${LIMITS.titleLength} characters`);
    if (!Number.isInteger(draft.chunkIndex) || draft.chunkIndex < 0) issues.add(field("chunk_index"), "must not be negative");
    if (!Number.isInteger(draft.page) || draft.page < 0) issues.add(field("page"), "must not be negative");
    const chunkId = draft.chunkId.trim() || deriveChunkId(documentId, draft.chunkIndex);
    if (chunkId.length > LIMITS.idLength * 2) issues.add(field("chunk_id"), `must be at most ${LIMITS.idLength * 2} characters`);
    if (seen.has(chunkId)) issues.add(field("chunk_id"), "appears twice in one request");
    seen.add(chunkId);
    return {
      chunkId,
      documentId,
      text,
      title: storable(draft.title),
      source: storable(draft.source),
      page: draft.page,
      chunkIndex: draft.chunkIndex,
      section: storable(draft.section),
      metadata: parseMetadata(draft.metadataJson, field("metadata_json"), issues),
    };
  });
  issues.throwIfAny();
  return chunks;
}

function parseMetadata(json: string, field: string, issues: Issues): Record<string, unknown> {
  if (json.trim() === "") return {};
  if (Buffer.byteLength(json) > LIMITS.metadataBytes) {
    issues.add(field, `must be at most ${LIMITS.metadataBytes} bytes`);
    return {};
  }
  try {
    const value = JSON.parse(storable(json)) as unknown;
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  issues.add(field, "must be a JSON object");
  return {};
}

export interface SearchInput {
  tenantId: string;
  query: string;
  k: number;
  filters: SearchFilters;
}

export function validateSearch(input: SearchInput): SearchInput {
  const issues = new Issues();
  checkTenant(input.tenantId, issues);
  const query = storable(input.query).trim();
  if (query === "") issues.add("query", "is required");
  else if (query.length > LIMITS.queryLength) issues.add("query", `must be at most ${LIMITS.queryLength} characters`);
  if (!Number.isInteger(input.k) || input.k < LIMITS.k.min || input.k > LIMITS.k.max) {
    issues.add("k", `must be between ${LIMITS.k.min} and ${LIMITS.k.max}`);
  }
  if (input.filters.documentIds.length > LIMITS.filterEntries) {
    issues.add("filters.document_ids", `must have at most ${LIMITS.filterEntries} entries`);
  }
  if (input.filters.sources.length > LIMITS.filterEntries) {
    issues.add("filters.sources", `must have at most ${LIMITS.filterEntries} entries`);
  }
  issues.throwIfAny();
  return { ...input, query };
}
