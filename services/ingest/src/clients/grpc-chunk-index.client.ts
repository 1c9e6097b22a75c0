import { callUnary, createClient, protos, type GrpcSecurity } from "@chatbot/grpc";
import type { ChunkIndexClient } from "../domain/chunk-index.client";

export interface GrpcChunkIndexClientOptions {
  address: string;
  security?: GrpcSecurity;
  /** Deadline of one upsert: the batch is embedded before it is stored, which takes a while with a remote model. */
  upsertTimeoutMs?: number;
}

/** The retrieval service's gRPC API as the worker's chunk index. */
export function createGrpcChunkIndexClient(options: GrpcChunkIndexClientOptions): ChunkIndexClient {
  const client = createClient(protos.retrieval().Retrieval, options.address, options.security);
  return {
    async upsertChunks(tenantId, chunks, signal) {
      await callUnary(
        client,
        "retrieval",
        "UpsertChunks",
        {
          tenant_id: tenantId,
          chunks: chunks.map((chunk) => ({
            chunk_id: chunk.chunkId,
            document_id: chunk.documentId,
            text: chunk.text,
            title: chunk.title,
            source: chunk.source,
            page: chunk.page,
            chunk_index: chunk.chunkIndex,
            section: chunk.section,
            metadata_json: chunk.metadataJson,
          })),
        },
        { timeoutMs: options.upsertTimeoutMs ?? 60_000, ...(signal ? { signal } : {}) },
      );
    },
    async deleteDocument(tenantId, documentId, signal) {
      const response = await callUnary(client, "retrieval", "DeleteDocument", { tenant_id: tenantId, document_id: documentId }, signal ? { signal } : {});
      return response.deleted;
    },
    async countChunks(tenantId, documentId, signal) {
      const response = await callUnary(client, "retrieval", "CountChunks", { tenant_id: tenantId, document_id: documentId }, signal ? { signal } : {});
      return Number(response.chunks);
    },
    close: () => client.close(),
  };
}
