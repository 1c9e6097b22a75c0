import { createHash } from "node:crypto";
import { AppError } from "@chatbot/core";
import type { ChunkStore, StoreQuery } from "../domain/chunk.store";
import type { Chunk, SearchFilters } from "../domain/chunk.types";
import { RRF_K } from "../domain/rank-fusion";
import { assertDimensions, assertSameSpace, type EmbeddingSpace } from "./embedding-space";
import { createQdrantHttp, QdrantHttpError, type QdrantHttp } from "./qdrant-http";

export interface QdrantChunkStoreOptions {
  url: string;
  apiKey?: string;
  collection: string;
  /** The dense side's model and size; `NO_DENSE_SPACE` keeps the collection keyword only. */
  space: EmbeddingSpace;
}

/** Named vectors of a point: the keyword side (sparse, IDF applied by Qdrant) and the dense side. */
const KEYWORDS = "keywords";
const DENSE = "dense";

/** What each point carries besides its vectors; tenant_id, document_id and source are indexed for filters. */
interface ChunkPayload {
  tenant_id: string;
  chunk_id: string;
  document_id: string;
  text: string;
  title: string;
  source: string;
  page: number;
  chunk_index: number;
  section: string;
  metadata: Record<string, unknown>;
}

/**
 * Qdrant point ids must be unsigned integers or UUIDs; a name-based (version 5 style)
 * UUID of tenant and chunk id keeps upserts idempotent and tenants apart.
 */
export function pointIdOf(tenantId: string, chunkId: string): string {
  const bytes = createHash("sha1").update(`chatbot-chunk\u0000${tenantId}\u0000${chunkId}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function filterOf(tenantId: string, filters?: SearchFilters, documentId?: string) {
  const must: object[] = [{ key: "tenant_id", match: { value: tenantId } }];
  if (documentId !== undefined) must.push({ key: "document_id", match: { value: documentId } });
  if (filters?.documentIds.length) must.push({ key: "document_id", match: { any: [...filters.documentIds] } });
  if (filters?.sources.length) must.push({ key: "source", match: { any: [...filters.sources] } });
  return { must };
}

function chunkOf(payload: ChunkPayload): Chunk {
  return {
    chunkId: payload.chunk_id,
    documentId: payload.document_id,
    text: payload.text,
    title: payload.title,
    source: payload.source,
    page: payload.page,
    chunkIndex: payload.chunk_index,
    section: payload.section,
    metadata: payload.metadata ?? {},
  };
}

/** A Qdrant answer that is not a success: its 5xx mean unavailable (503), anything else is a fault here. */
function storeError(error: unknown): never {
  if (error instanceof AppError) throw error;
  if (error instanceof QdrantHttpError && error.status < 500) {
    throw new AppError("internal", "vector_store_error", "The vector store (Qdrant) refused a request", { cause: error });
  }
  throw new AppError("unavailable", "vector_store_unavailable", "The vector store (Qdrant) is unavailable", { cause: error });
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    storeError(error);
  }
}

interface CollectionInfo {
  config: {
    params: { vectors?: Record<string, { size?: number }>; sparse_vectors?: Record<string, { modifier?: string }> };
    metadata?: Record<string, unknown>;
  };
}

/**
 * Creates the collection and its payload indexes unless they exist. Safe to run from any
 * number of replicas at once: a replica that loses the race to create the collection
 * gets 409 and goes on, and creating an index that exists is a no-op in Qdrant.
 */
async function ensureCollection(http: QdrantHttp, collection: string, space: EmbeddingSpace): Promise<void> {
  const path = `/collections/${encodeURIComponent(collection)}`;
  const { exists } = await guarded(() => http.call<{ exists: boolean }>("GET", `${path}/exists`));
  if (!exists) {
    try {
      await http.call("PUT", path, {
        vectors: space.dimensions > 0 ? { [DENSE]: { size: space.dimensions, distance: "Cosine" } } : {},
        sparse_vectors: { [KEYWORDS]: { modifier: "idf" } },
        metadata: { embedding_model: space.model, embedding_dimensions: space.dimensions },
      });
    } catch (error) {
      if (!(error instanceof QdrantHttpError && error.status === 409)) storeError(error);
    }
  }
  // The tenant index is marked `is_tenant`, so Qdrant keeps a tenant's points together.
  const indexes: [string, unknown][] = [
    ["tenant_id", { type: "keyword", is_tenant: true }],
    ["document_id", "keyword"],
    ["source", "keyword"],
  ];
  for (const [field, schema] of indexes) {
    await guarded(() => http.call("PUT", `${path}/index?wait=true`, { field_name: field, field_schema: schema }));
  }
}

/** Refuses a collection made for another embedding space or before the keyword side moved into Qdrant. */
async function checkCollection(http: QdrantHttp, collection: string, space: EmbeddingSpace): Promise<void> {
  const info = await guarded(() => http.call<CollectionInfo>("GET", `/collections/${encodeURIComponent(collection)}`));
  const sparse = info.config.params.sparse_vectors?.[KEYWORDS];
  if (!sparse || sparse.modifier !== "idf") {
    throw new AppError(
      "conflict",
      "collection_layout_mismatch",
      `Qdrant collection "${collection}" has no "${KEYWORDS}" sparse vectors with the idf modifier (it was made by an older ` +
        `version): use a new COLLECTION_NAME and re-ingest the documents`,
    );
  }
  const storedModel = info.config.metadata?.["embedding_model"];
  assertSameSpace(
    {
      model: typeof storedModel === "string" ? storedModel : space.model,
      dimensions: Number(info.config.params.vectors?.[DENSE]?.size ?? 0),
    },
    space,
    `Qdrant collection "${collection}"`,
  );
}

/**
 * Chunks with their keyword and dense vectors in one Qdrant collection (distributed
 * mode). Both sides are searched, filtered and fused inside Qdrant in one Query API
 * request, so the retrieval process keeps no index of its own.
 */
export async function openQdrantChunkStore(options: QdrantChunkStoreOptions): Promise<ChunkStore> {
  const { collection, space } = options;
  const http = createQdrantHttp({ url: options.url, ...(options.apiKey ? { apiKey: options.apiKey } : {}) });
  const points = `/collections/${encodeURIComponent(collection)}/points`;
  try {
    await ensureCollection(http, collection, space);
    await checkCollection(http, collection, space);
  } catch (error) {
    await http.close();
    throw error;
  }

  function searchRequest(tenantId: string, query: StoreQuery) {
    const filter = filterOf(tenantId, query.filters);
    const keywords = { query: { indices: query.keywords.indices, values: query.keywords.values }, using: KEYWORDS };
    if (!query.embedding) return { ...keywords, filter, limit: query.limit, with_payload: true };
    const dense = { query: [...query.embedding], using: DENSE };
    const prefetch = [...(query.keywords.indices.length > 0 ? [{ ...keywords, filter, limit: query.candidates }] : []), { ...dense, filter, limit: query.candidates }];
    return { prefetch, query: { rrf: { k: RRF_K } }, filter, limit: query.limit, with_payload: true };
  }

  async function count(filter: object, signal?: AbortSignal): Promise<number> {
    const result = await guarded(() => http.call<{ count: number }>("POST", `${points}/count`, { filter, exact: true }, signal));
    return result.count;
  }

  return {
    kind: "qdrant",

    async upsert(tenantId, chunks, signal) {
      assertDimensions(chunks, space.dimensions);
      if (chunks.length === 0) return;
      const body = {
        points: chunks.map((chunk) => ({
          id: pointIdOf(tenantId, chunk.chunkId),
          vector: {
            [KEYWORDS]: { indices: chunk.keywords.indices, values: chunk.keywords.values },
            ...(chunk.embedding ? { [DENSE]: [...chunk.embedding] } : {}),
          },
          payload: {
            tenant_id: tenantId,
            chunk_id: chunk.chunkId,
            document_id: chunk.documentId,
            text: chunk.text,
            title: chunk.title,
            source: chunk.source,
            page: chunk.page,
            chunk_index: chunk.chunkIndex,
            section: chunk.section,
            metadata: chunk.metadata,
          } satisfies ChunkPayload,
        })),
      };
      await guarded(() => http.call("PUT", `${points}?wait=true`, body, signal));
    },

    async deleteDocument(tenantId, documentId, signal) {
      const filter = filterOf(tenantId, undefined, documentId);
      const existing = await count(filter, signal);
      if (existing > 0) await guarded(() => http.call("POST", `${points}/delete?wait=true`, { filter }, signal));
      return existing;
    },

    async search(tenantId, query, signal) {
      if (!query.embedding && query.keywords.indices.length === 0) return [];
      const result = await guarded(() =>
        http.call<{ points: { score: number; payload: ChunkPayload }[] }>("POST", `${points}/query`, searchRequest(tenantId, query), signal),
      );
      return result.points.map((point) => ({ chunk: chunkOf(point.payload), score: point.score }));
    },

    countChunks: (tenantId, documentId, signal) => count(filterOf(tenantId, undefined, documentId), signal),

    async ping() {
      await guarded(() => http.call("GET", `/collections/${encodeURIComponent(collection)}/exists`));
    },
    close: () => http.close(),
  };
}
