import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Chunk as _chatbot_retrieval_v1_Chunk, Chunk__Output as _chatbot_retrieval_v1_Chunk__Output } from './chatbot/retrieval/v1/Chunk';
import type { CountChunksRequest as _chatbot_retrieval_v1_CountChunksRequest, CountChunksRequest__Output as _chatbot_retrieval_v1_CountChunksRequest__Output } from './chatbot/retrieval/v1/CountChunksRequest';
import type { CountChunksResponse as _chatbot_retrieval_v1_CountChunksResponse, CountChunksResponse__Output as _chatbot_retrieval_v1_CountChunksResponse__Output } from './chatbot/retrieval/v1/CountChunksResponse';
import type { DeleteDocumentRequest as _chatbot_retrieval_v1_DeleteDocumentRequest, DeleteDocumentRequest__Output as _chatbot_retrieval_v1_DeleteDocumentRequest__Output } from './chatbot/retrieval/v1/DeleteDocumentRequest';
import type { DeleteDocumentResponse as _chatbot_retrieval_v1_DeleteDocumentResponse, DeleteDocumentResponse__Output as _chatbot_retrieval_v1_DeleteDocumentResponse__Output } from './chatbot/retrieval/v1/DeleteDocumentResponse';
import type { EmbedRequest as _chatbot_retrieval_v1_EmbedRequest, EmbedRequest__Output as _chatbot_retrieval_v1_EmbedRequest__Output } from './chatbot/retrieval/v1/EmbedRequest';
import type { EmbedResponse as _chatbot_retrieval_v1_EmbedResponse, EmbedResponse__Output as _chatbot_retrieval_v1_EmbedResponse__Output } from './chatbot/retrieval/v1/EmbedResponse';
import type { Embedding as _chatbot_retrieval_v1_Embedding, Embedding__Output as _chatbot_retrieval_v1_Embedding__Output } from './chatbot/retrieval/v1/Embedding';
import type { RetrievalClient as _chatbot_retrieval_v1_RetrievalClient, RetrievalDefinition as _chatbot_retrieval_v1_RetrievalDefinition } from './chatbot/retrieval/v1/Retrieval';
import type { SearchFilters as _chatbot_retrieval_v1_SearchFilters, SearchFilters__Output as _chatbot_retrieval_v1_SearchFilters__Output } from './chatbot/retrieval/v1/SearchFilters';
import type { SearchRequest as _chatbot_retrieval_v1_SearchRequest, SearchRequest__Output as _chatbot_retrieval_v1_SearchRequest__Output } from './chatbot/retrieval/v1/SearchRequest';
import type { SearchResponse as _chatbot_retrieval_v1_SearchResponse, SearchResponse__Output as _chatbot_retrieval_v1_SearchResponse__Output } from './chatbot/retrieval/v1/SearchResponse';
import type { SearchResult as _chatbot_retrieval_v1_SearchResult, SearchResult__Output as _chatbot_retrieval_v1_SearchResult__Output } from './chatbot/retrieval/v1/SearchResult';
import type { UpsertChunksRequest as _chatbot_retrieval_v1_UpsertChunksRequest, UpsertChunksRequest__Output as _chatbot_retrieval_v1_UpsertChunksRequest__Output } from './chatbot/retrieval/v1/UpsertChunksRequest';
import type { UpsertChunksResponse as _chatbot_retrieval_v1_UpsertChunksResponse, UpsertChunksResponse__Output as _chatbot_retrieval_v1_UpsertChunksResponse__Output } from './chatbot/retrieval/v1/UpsertChunksResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  chatbot: {
    retrieval: {
      v1: {
        Chunk: MessageTypeDefinition<_chatbot_retrieval_v1_Chunk, _chatbot_retrieval_v1_Chunk__Output>
        CountChunksRequest: MessageTypeDefinition<_chatbot_retrieval_v1_CountChunksRequest, _chatbot_retrieval_v1_CountChunksRequest__Output>
        CountChunksResponse: MessageTypeDefinition<_chatbot_retrieval_v1_CountChunksResponse, _chatbot_retrieval_v1_CountChunksResponse__Output>
        DeleteDocumentRequest: MessageTypeDefinition<_chatbot_retrieval_v1_DeleteDocumentRequest, _chatbot_retrieval_v1_DeleteDocumentRequest__Output>
        DeleteDocumentResponse: MessageTypeDefinition<_chatbot_retrieval_v1_DeleteDocumentResponse, _chatbot_retrieval_v1_DeleteDocumentResponse__Output>
        EmbedRequest: MessageTypeDefinition<_chatbot_retrieval_v1_EmbedRequest, _chatbot_retrieval_v1_EmbedRequest__Output>
        EmbedResponse: MessageTypeDefinition<_chatbot_retrieval_v1_EmbedResponse, _chatbot_retrieval_v1_EmbedResponse__Output>
        Embedding: MessageTypeDefinition<_chatbot_retrieval_v1_Embedding, _chatbot_retrieval_v1_Embedding__Output>
        /**
         * Owns the chunk index: embeddings, the Korean-aware lexical index and hybrid search.
         * Every call is scoped to a tenant (`tenant_id` is required on every request): a
         * tenant never sees, counts or deletes another tenant's chunks.
         */
        Retrieval: SubtypeConstructor<typeof grpc.Client, _chatbot_retrieval_v1_RetrievalClient> & { service: _chatbot_retrieval_v1_RetrievalDefinition }
        SearchFilters: MessageTypeDefinition<_chatbot_retrieval_v1_SearchFilters, _chatbot_retrieval_v1_SearchFilters__Output>
        SearchRequest: MessageTypeDefinition<_chatbot_retrieval_v1_SearchRequest, _chatbot_retrieval_v1_SearchRequest__Output>
        SearchResponse: MessageTypeDefinition<_chatbot_retrieval_v1_SearchResponse, _chatbot_retrieval_v1_SearchResponse__Output>
        SearchResult: MessageTypeDefinition<_chatbot_retrieval_v1_SearchResult, _chatbot_retrieval_v1_SearchResult__Output>
        UpsertChunksRequest: MessageTypeDefinition<_chatbot_retrieval_v1_UpsertChunksRequest, _chatbot_retrieval_v1_UpsertChunksRequest__Output>
        UpsertChunksResponse: MessageTypeDefinition<_chatbot_retrieval_v1_UpsertChunksResponse, _chatbot_retrieval_v1_UpsertChunksResponse__Output>
      }
    }
  }
}

