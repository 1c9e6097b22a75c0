// Original file: proto/chatbot/retrieval/v1/retrieval.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CountChunksRequest as _chatbot_retrieval_v1_CountChunksRequest, CountChunksRequest__Output as _chatbot_retrieval_v1_CountChunksRequest__Output } from '../../../chatbot/retrieval/v1/CountChunksRequest';
import type { CountChunksResponse as _chatbot_retrieval_v1_CountChunksResponse, CountChunksResponse__Output as _chatbot_retrieval_v1_CountChunksResponse__Output } from '../../../chatbot/retrieval/v1/CountChunksResponse';
import type { DeleteDocumentRequest as _chatbot_retrieval_v1_DeleteDocumentRequest, DeleteDocumentRequest__Output as _chatbot_retrieval_v1_DeleteDocumentRequest__Output } from '../../../chatbot/retrieval/v1/DeleteDocumentRequest';
import type { DeleteDocumentResponse as _chatbot_retrieval_v1_DeleteDocumentResponse, DeleteDocumentResponse__Output as _chatbot_retrieval_v1_DeleteDocumentResponse__Output } from '../../../chatbot/retrieval/v1/DeleteDocumentResponse';
import type { EmbedRequest as _chatbot_retrieval_v1_EmbedRequest, EmbedRequest__Output as _chatbot_retrieval_v1_EmbedRequest__Output } from '../../../chatbot/retrieval/v1/EmbedRequest';
import type { EmbedResponse as _chatbot_retrieval_v1_EmbedResponse, EmbedResponse__Output as _chatbot_retrieval_v1_EmbedResponse__Output } from '../../../chatbot/retrieval/v1/EmbedResponse';
import type { SearchRequest as _chatbot_retrieval_v1_SearchRequest, SearchRequest__Output as _chatbot_retrieval_v1_SearchRequest__Output } from '../../../chatbot/retrieval/v1/SearchRequest';
import type { SearchResponse as _chatbot_retrieval_v1_SearchResponse, SearchResponse__Output as _chatbot_retrieval_v1_SearchResponse__Output } from '../../../chatbot/retrieval/v1/SearchResponse';
import type { UpsertChunksRequest as _chatbot_retrieval_v1_UpsertChunksRequest, UpsertChunksRequest__Output as _chatbot_retrieval_v1_UpsertChunksRequest__Output } from '../../../chatbot/retrieval/v1/UpsertChunksRequest';
import type { UpsertChunksResponse as _chatbot_retrieval_v1_UpsertChunksResponse, UpsertChunksResponse__Output as _chatbot_retrieval_v1_UpsertChunksResponse__Output } from '../../../chatbot/retrieval/v1/UpsertChunksResponse';

/**
 * Owns the chunk index: embeddings, the Korean-aware lexical index and hybrid search.
 * Every call is scoped to a tenant (`tenant_id` is required on every request): a
 * tenant never sees, counts or deletes another tenant's chunks.
 */
export interface RetrievalClient extends grpc.Client {
  /**
   * How many chunks a tenant (or one of its documents) has.
   */
  CountChunks(argument: _chatbot_retrieval_v1_CountChunksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_CountChunksResponse__Output>): grpc.ClientUnaryCall;
  CountChunks(argument: _chatbot_retrieval_v1_CountChunksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_retrieval_v1_CountChunksResponse__Output>): grpc.ClientUnaryCall;
  CountChunks(argument: _chatbot_retrieval_v1_CountChunksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_CountChunksResponse__Output>): grpc.ClientUnaryCall;
  CountChunks(argument: _chatbot_retrieval_v1_CountChunksRequest, callback: grpc.requestCallback<_chatbot_retrieval_v1_CountChunksResponse__Output>): grpc.ClientUnaryCall;
  /**
   * How many chunks a tenant (or one of its documents) has.
   */
  countChunks(argument: _chatbot_retrieval_v1_CountChunksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_CountChunksResponse__Output>): grpc.ClientUnaryCall;
  countChunks(argument: _chatbot_retrieval_v1_CountChunksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_retrieval_v1_CountChunksResponse__Output>): grpc.ClientUnaryCall;
  countChunks(argument: _chatbot_retrieval_v1_CountChunksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_CountChunksResponse__Output>): grpc.ClientUnaryCall;
  countChunks(argument: _chatbot_retrieval_v1_CountChunksRequest, callback: grpc.requestCallback<_chatbot_retrieval_v1_CountChunksResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes every chunk of a document from every index. Unknown documents delete 0.
   */
  DeleteDocument(argument: _chatbot_retrieval_v1_DeleteDocumentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_DeleteDocumentResponse__Output>): grpc.ClientUnaryCall;
  DeleteDocument(argument: _chatbot_retrieval_v1_DeleteDocumentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_retrieval_v1_DeleteDocumentResponse__Output>): grpc.ClientUnaryCall;
  DeleteDocument(argument: _chatbot_retrieval_v1_DeleteDocumentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_DeleteDocumentResponse__Output>): grpc.ClientUnaryCall;
  DeleteDocument(argument: _chatbot_retrieval_v1_DeleteDocumentRequest, callback: grpc.requestCallback<_chatbot_retrieval_v1_DeleteDocumentResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Removes every chunk of a document from every index. Unknown documents delete 0.
   */
  deleteDocument(argument: _chatbot_retrieval_v1_DeleteDocumentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_DeleteDocumentResponse__Output>): grpc.ClientUnaryCall;
  deleteDocument(argument: _chatbot_retrieval_v1_DeleteDocumentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_retrieval_v1_DeleteDocumentResponse__Output>): grpc.ClientUnaryCall;
  deleteDocument(argument: _chatbot_retrieval_v1_DeleteDocumentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_DeleteDocumentResponse__Output>): grpc.ClientUnaryCall;
  deleteDocument(argument: _chatbot_retrieval_v1_DeleteDocumentRequest, callback: grpc.requestCallback<_chatbot_retrieval_v1_DeleteDocumentResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Embeds texts with the configured embedding model, the one search uses (for callers that
   * want the vectors themselves, such as the gateway's OpenAI-compatible /v1/embeddings).
   * An empty `input` embeds nothing and answers the model and its size. NOT_FOUND
   * (`embedding_model_not_configured`) when no embedding model is configured.
   */
  Embed(argument: _chatbot_retrieval_v1_EmbedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  Embed(argument: _chatbot_retrieval_v1_EmbedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_retrieval_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  Embed(argument: _chatbot_retrieval_v1_EmbedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  Embed(argument: _chatbot_retrieval_v1_EmbedRequest, callback: grpc.requestCallback<_chatbot_retrieval_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Embeds texts with the configured embedding model, the one search uses (for callers that
   * want the vectors themselves, such as the gateway's OpenAI-compatible /v1/embeddings).
   * An empty `input` embeds nothing and answers the model and its size. NOT_FOUND
   * (`embedding_model_not_configured`) when no embedding model is configured.
   */
  embed(argument: _chatbot_retrieval_v1_EmbedRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  embed(argument: _chatbot_retrieval_v1_EmbedRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_retrieval_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  embed(argument: _chatbot_retrieval_v1_EmbedRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  embed(argument: _chatbot_retrieval_v1_EmbedRequest, callback: grpc.requestCallback<_chatbot_retrieval_v1_EmbedResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Hybrid search: dense vectors and Korean character n-gram BM25, fused by rank.
   */
  Search(argument: _chatbot_retrieval_v1_SearchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_SearchResponse__Output>): grpc.ClientUnaryCall;
  Search(argument: _chatbot_retrieval_v1_SearchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_retrieval_v1_SearchResponse__Output>): grpc.ClientUnaryCall;
  Search(argument: _chatbot_retrieval_v1_SearchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_SearchResponse__Output>): grpc.ClientUnaryCall;
  Search(argument: _chatbot_retrieval_v1_SearchRequest, callback: grpc.requestCallback<_chatbot_retrieval_v1_SearchResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Hybrid search: dense vectors and Korean character n-gram BM25, fused by rank.
   */
  search(argument: _chatbot_retrieval_v1_SearchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_SearchResponse__Output>): grpc.ClientUnaryCall;
  search(argument: _chatbot_retrieval_v1_SearchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_retrieval_v1_SearchResponse__Output>): grpc.ClientUnaryCall;
  search(argument: _chatbot_retrieval_v1_SearchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_SearchResponse__Output>): grpc.ClientUnaryCall;
  search(argument: _chatbot_retrieval_v1_SearchRequest, callback: grpc.requestCallback<_chatbot_retrieval_v1_SearchResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Inserts or replaces chunks by id. Idempotent: upserting the same chunk ids again
   * replaces them (text, vectors, lexical postings) and never adds copies. A document
   * re-chunked into fewer pieces should be deleted first (DeleteDocument).
   */
  UpsertChunks(argument: _chatbot_retrieval_v1_UpsertChunksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_UpsertChunksResponse__Output>): grpc.ClientUnaryCall;
  UpsertChunks(argument: _chatbot_retrieval_v1_UpsertChunksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_retrieval_v1_UpsertChunksResponse__Output>): grpc.ClientUnaryCall;
  UpsertChunks(argument: _chatbot_retrieval_v1_UpsertChunksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_UpsertChunksResponse__Output>): grpc.ClientUnaryCall;
  UpsertChunks(argument: _chatbot_retrieval_v1_UpsertChunksRequest, callback: grpc.requestCallback<_chatbot_retrieval_v1_UpsertChunksResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Inserts or replaces chunks by id. Idempotent: upserting the same chunk ids again
   * replaces them (text, vectors, lexical postings) and never adds copies. A document
   * re-chunked into fewer pieces should be deleted first (DeleteDocument).
   */
  upsertChunks(argument: _chatbot_retrieval_v1_UpsertChunksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_UpsertChunksResponse__Output>): grpc.ClientUnaryCall;
  upsertChunks(argument: _chatbot_retrieval_v1_UpsertChunksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_retrieval_v1_UpsertChunksResponse__Output>): grpc.ClientUnaryCall;
  upsertChunks(argument: _chatbot_retrieval_v1_UpsertChunksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_retrieval_v1_UpsertChunksResponse__Output>): grpc.ClientUnaryCall;
  upsertChunks(argument: _chatbot_retrieval_v1_UpsertChunksRequest, callback: grpc.requestCallback<_chatbot_retrieval_v1_UpsertChunksResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Owns the chunk index: embeddings, the Korean-aware lexical index and hybrid search.
 * Every call is scoped to a tenant (`tenant_id` is required on every request): a
 * tenant never sees, counts or deletes another tenant's chunks.
 */
export interface RetrievalHandlers extends grpc.UntypedServiceImplementation {
  /**
   * How many chunks a tenant (or one of its documents) has.
   */
  CountChunks: grpc.handleUnaryCall<_chatbot_retrieval_v1_CountChunksRequest__Output, _chatbot_retrieval_v1_CountChunksResponse>;
  
  /**
   * Removes every chunk of a document from every index. Unknown documents delete 0.
   */
  DeleteDocument: grpc.handleUnaryCall<_chatbot_retrieval_v1_DeleteDocumentRequest__Output, _chatbot_retrieval_v1_DeleteDocumentResponse>;
  
  /**
   * Embeds texts with the configured embedding model, the one search uses (for callers that
   * want the vectors themselves, such as the gateway's OpenAI-compatible /v1/embeddings).
   * An empty `input` embeds nothing and answers the model and its size. NOT_FOUND
   * (`embedding_model_not_configured`) when no embedding model is configured.
   */
  Embed: grpc.handleUnaryCall<_chatbot_retrieval_v1_EmbedRequest__Output, _chatbot_retrieval_v1_EmbedResponse>;
  
  /**
   * Hybrid search: dense vectors and Korean character n-gram BM25, fused by rank.
   */
  Search: grpc.handleUnaryCall<_chatbot_retrieval_v1_SearchRequest__Output, _chatbot_retrieval_v1_SearchResponse>;
  
  /**
   * Inserts or replaces chunks by id. Idempotent: upserting the same chunk ids again
   * replaces them (text, vectors, lexical postings) and never adds copies. A document
   * re-chunked into fewer pieces should be deleted first (DeleteDocument).
   */
  UpsertChunks: grpc.handleUnaryCall<_chatbot_retrieval_v1_UpsertChunksRequest__Output, _chatbot_retrieval_v1_UpsertChunksResponse>;
  
}

export interface RetrievalDefinition extends grpc.ServiceDefinition {
  CountChunks: MethodDefinition<_chatbot_retrieval_v1_CountChunksRequest, _chatbot_retrieval_v1_CountChunksResponse, _chatbot_retrieval_v1_CountChunksRequest__Output, _chatbot_retrieval_v1_CountChunksResponse__Output>
  DeleteDocument: MethodDefinition<_chatbot_retrieval_v1_DeleteDocumentRequest, _chatbot_retrieval_v1_DeleteDocumentResponse, _chatbot_retrieval_v1_DeleteDocumentRequest__Output, _chatbot_retrieval_v1_DeleteDocumentResponse__Output>
  Embed: MethodDefinition<_chatbot_retrieval_v1_EmbedRequest, _chatbot_retrieval_v1_EmbedResponse, _chatbot_retrieval_v1_EmbedRequest__Output, _chatbot_retrieval_v1_EmbedResponse__Output>
  Search: MethodDefinition<_chatbot_retrieval_v1_SearchRequest, _chatbot_retrieval_v1_SearchResponse, _chatbot_retrieval_v1_SearchRequest__Output, _chatbot_retrieval_v1_SearchResponse__Output>
  UpsertChunks: MethodDefinition<_chatbot_retrieval_v1_UpsertChunksRequest, _chatbot_retrieval_v1_UpsertChunksResponse, _chatbot_retrieval_v1_UpsertChunksRequest__Output, _chatbot_retrieval_v1_UpsertChunksResponse__Output>
}
