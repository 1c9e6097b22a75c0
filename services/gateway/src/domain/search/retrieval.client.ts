import type { retrievalV1 } from "@chatbot/grpc";
import type { CallOptions } from "../client-call.types";

/** The retrieval service: search, what a tenant has indexed, and embeddings. */
export interface RetrievalClient {
  search(request: retrievalV1.SearchRequest, options?: CallOptions): Promise<retrievalV1.SearchResponse>;
  countChunks(
    request: Pick<retrievalV1.CountChunksRequest, "tenant_id"> & Partial<retrievalV1.CountChunksRequest>,
    options?: CallOptions,
  ): Promise<retrievalV1.CountChunksResponse>;
  embed(request: retrievalV1.EmbedRequest, options?: CallOptions): Promise<retrievalV1.EmbedResponse>;
}
