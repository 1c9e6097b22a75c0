import { unaryHandler, type HandlerRuntime, type retrievalV1 } from "@chatbot/grpc";
import type { EmbeddingClient } from "../domain/embedding.client";
import type { RetrievalService } from "../domain/retrieval.service";
import { embedHandler } from "./embed.grpc";
import { toProtoResult } from "./retrieval.mapper";

/** gRPC handlers: turn proto defaults into domain input, delegate, map back. */
export function createRetrievalHandlers(service: RetrievalService, runtime: HandlerRuntime, embeddings?: EmbeddingClient): retrievalV1.Handlers {
  return {
    UpsertChunks: unaryHandler(runtime, async (request: retrievalV1.UpsertChunksRequest, { signal }) => {
      const upserted = await service.upsertChunks(
        request.tenant_id,
        request.chunks.map((chunk) => ({
          chunkId: chunk.chunk_id,
          documentId: chunk.document_id,
          text: chunk.text,
          title: chunk.title,
          source: chunk.source,
          page: chunk.page,
          chunkIndex: chunk.chunk_index,
          section: chunk.section,
          metadataJson: chunk.metadata_json,
        })),
        signal,
      );
      return { upserted };
    }),

    DeleteDocument: unaryHandler(runtime, async (request: retrievalV1.DeleteDocumentRequest, { signal }) => {
      return { deleted: await service.deleteDocument(request.tenant_id, request.document_id, signal) };
    }),

    Search: unaryHandler(runtime, async (request: retrievalV1.SearchRequest, { signal }) => {
      const started = performance.now();
      const results = await service.search(
        {
          tenantId: request.tenant_id,
          query: request.query,
          k: request.k,
          filters: { documentIds: request.filters?.document_ids ?? [], sources: request.filters?.sources ?? [] },
        },
        signal,
      );
      return { results: results.map(toProtoResult), took_ms: Math.round((performance.now() - started) * 100) / 100 };
    }),

    CountChunks: unaryHandler(runtime, async (request: retrievalV1.CountChunksRequest, { signal }) => {
      const documentId = request.document_id === "" ? undefined : request.document_id;
      return { chunks: await service.countChunks(request.tenant_id, documentId, signal) };
    }),

    Embed: embedHandler(embeddings, runtime),
  };
}
