import { createHash } from "node:crypto";
import { QdrantClient } from "@qdrant/js-client-rest";
import { AppError } from "@chatbot/core";
import type { ChunkStore } from "../domain/chunk-store";
import type { Chunk, LexicalDocument, SearchFilters } from "../domain/chunk.types";
import { indexedText } from "../domain/chunk.types";
import { assertDimensions, assertSameSpace, type EmbeddingSpace } from "./embedding-space";

export interface QdrantChunkStoreOptions {
  url: string;
  apiKey?: string;
  collection: string;
  space: EmbeddingSpace;
}

/** What each point carries besides its vector; tenant_id, document_id and source are indexed for filters. */
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

/** Turns connection failures into `vector_store_unavailable` so callers answer 503. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("unavailable", "vector_store_unavailable", "The vector store (Qdrant) is unavailable", { cause: error });
  }
}

/**
 * Chunks and vectors in a Qdrant collection (distributed mode). The collection is created
 * on first start with the embedding's dimension, cosine distance, the model recorded in
 * its metadata and keyword payload indexes for the tenant (marked `is_tenant`, so Qdrant
 * co-locates a tenant's points) and the filter fields.
 */
export async function openQdrantChunkStore(options: QdrantChunkStoreOptions): Promise<ChunkStore> {
  const { collection, space } = options;
  const client = new QdrantClient({
    url: options.url,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    checkCompatibility: false,
  });

  const { exists } = await guarded(() => client.collectionExists(collection));
  if (!exists) {
    await guarded(() =>
      client.createCollection(collection, {
        vectors: { size: space.dimensions, distance: "Cosine" },
        metadata: { embedding_model: space.model, embedding_dimensions: space.dimensions },
      }),
    );
    await guarded(() =>
      client.createPayloadIndex(collection, { field_name: "tenant_id", field_schema: { type: "keyword", is_tenant: true }, wait: true }),
    );
    for (const field of ["document_id", "source"]) {
      await guarded(() => client.createPayloadIndex(collection, { field_name: field, field_schema: "keyword", wait: true }));
    }
  }
  const info = await guarded(() => client.getCollection(collection));
  const vectors = info.config.params.vectors as { size?: number } | undefined;
  const storedModel = info.config.metadata?.["embedding_model"];
  assertSameSpace(
    { model: typeof storedModel === "string" ? storedModel : space.model, dimensions: Number(vectors?.size ?? 0) },
    space,
    `Qdrant collection "${collection}"`,
  );

  return {
    kind: "qdrant",

    async upsert(tenantId, chunks) {
      assertDimensions(chunks, space.dimensions);
      if (chunks.length === 0) return;
      await guarded(() =>
        client.upsert(collection, {
          wait: true,
          points: chunks.map((chunk) => ({
            id: pointIdOf(tenantId, chunk.chunkId),
            vector: [...chunk.embedding],
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
        }),
      );
    },

    async deleteDocument(tenantId, documentId) {
      const filter = filterOf(tenantId, undefined, documentId);
      const { count } = await guarded(() => client.count(collection, { filter, exact: true }));
      if (count > 0) await guarded(() => client.delete(collection, { wait: true, filter }));
      return count;
    },

    async searchDense(tenantId, vector, limit, filters) {
      const result = await guarded(() =>
        client.query(collection, { query: [...vector], filter: filterOf(tenantId, filters), limit, with_payload: true }),
      );
      return result.points.map((point) => ({ chunk: chunkOf(point.payload as unknown as ChunkPayload), score: point.score }));
    },

    async getChunks(tenantId, chunkIds) {
      if (chunkIds.length === 0) return [];
      const points = await guarded(() =>
        client.retrieve(collection, { ids: chunkIds.map((chunkId) => pointIdOf(tenantId, chunkId)), with_payload: true }),
      );
      return points.map((point) => chunkOf(point.payload as unknown as ChunkPayload)).filter((chunk) => chunk !== undefined);
    },

    async countChunks(tenantId, documentId) {
      const { count } = await guarded(() => client.count(collection, { filter: filterOf(tenantId, undefined, documentId), exact: true }));
      return count;
    },

    async *scanLexical(pageSize, signal) {
      let offset: string | number | undefined;
      for (;;) {
        signal?.throwIfAborted();
        const page = await guarded(() =>
          client.scroll(collection, {
            limit: pageSize,
            with_payload: ["tenant_id", "chunk_id", "document_id", "source", "title", "text"],
            with_vector: false,
            ...(offset !== undefined ? { offset } : {}),
          }),
        );
        const byTenant = new Map<string, LexicalDocument[]>();
        for (const point of page.points) {
          const payload = point.payload as unknown as ChunkPayload;
          let documents = byTenant.get(payload.tenant_id);
          if (!documents) byTenant.set(payload.tenant_id, (documents = []));
          documents.push({ chunkId: payload.chunk_id, documentId: payload.document_id, source: payload.source, text: indexedText(payload) });
        }
        for (const [tenantId, documents] of byTenant) yield { tenantId, documents };
        const next = page.next_page_offset;
        if (next === undefined || next === null || typeof next === "object") return;
        offset = next;
      }
    },

    async ping() {
      await guarded(() => client.collectionExists(collection));
    },
    close: async () => undefined,
  };
}
