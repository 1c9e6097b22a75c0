// Original file: proto/chatbot/ingest/v1/ingest.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CountReadyDocumentsRequest as _chatbot_ingest_v1_CountReadyDocumentsRequest, CountReadyDocumentsRequest__Output as _chatbot_ingest_v1_CountReadyDocumentsRequest__Output } from '../../../chatbot/ingest/v1/CountReadyDocumentsRequest';
import type { CountReadyDocumentsResponse as _chatbot_ingest_v1_CountReadyDocumentsResponse, CountReadyDocumentsResponse__Output as _chatbot_ingest_v1_CountReadyDocumentsResponse__Output } from '../../../chatbot/ingest/v1/CountReadyDocumentsResponse';
import type { DeleteDocumentRequest as _chatbot_ingest_v1_DeleteDocumentRequest, DeleteDocumentRequest__Output as _chatbot_ingest_v1_DeleteDocumentRequest__Output } from '../../../chatbot/ingest/v1/DeleteDocumentRequest';
import type { DeleteDocumentResponse as _chatbot_ingest_v1_DeleteDocumentResponse, DeleteDocumentResponse__Output as _chatbot_ingest_v1_DeleteDocumentResponse__Output } from '../../../chatbot/ingest/v1/DeleteDocumentResponse';
import type { Document as _chatbot_ingest_v1_Document, Document__Output as _chatbot_ingest_v1_Document__Output } from '../../../chatbot/ingest/v1/Document';
import type { DocumentEvent as _chatbot_ingest_v1_DocumentEvent, DocumentEvent__Output as _chatbot_ingest_v1_DocumentEvent__Output } from '../../../chatbot/ingest/v1/DocumentEvent';
import type { GetDocumentRequest as _chatbot_ingest_v1_GetDocumentRequest, GetDocumentRequest__Output as _chatbot_ingest_v1_GetDocumentRequest__Output } from '../../../chatbot/ingest/v1/GetDocumentRequest';
import type { ListDocumentsRequest as _chatbot_ingest_v1_ListDocumentsRequest, ListDocumentsRequest__Output as _chatbot_ingest_v1_ListDocumentsRequest__Output } from '../../../chatbot/ingest/v1/ListDocumentsRequest';
import type { ListDocumentsResponse as _chatbot_ingest_v1_ListDocumentsResponse, ListDocumentsResponse__Output as _chatbot_ingest_v1_ListDocumentsResponse__Output } from '../../../chatbot/ingest/v1/ListDocumentsResponse';
import type { RetryDocumentRequest as _chatbot_ingest_v1_RetryDocumentRequest, RetryDocumentRequest__Output as _chatbot_ingest_v1_RetryDocumentRequest__Output } from '../../../chatbot/ingest/v1/RetryDocumentRequest';
import type { SubmitDocumentRequest as _chatbot_ingest_v1_SubmitDocumentRequest, SubmitDocumentRequest__Output as _chatbot_ingest_v1_SubmitDocumentRequest__Output } from '../../../chatbot/ingest/v1/SubmitDocumentRequest';
import type { SubmitDocumentResponse as _chatbot_ingest_v1_SubmitDocumentResponse, SubmitDocumentResponse__Output as _chatbot_ingest_v1_SubmitDocumentResponse__Output } from '../../../chatbot/ingest/v1/SubmitDocumentResponse';
import type { WatchDocumentRequest as _chatbot_ingest_v1_WatchDocumentRequest, WatchDocumentRequest__Output as _chatbot_ingest_v1_WatchDocumentRequest__Output } from '../../../chatbot/ingest/v1/WatchDocumentRequest';

/**
 * Owns the document registry (status, file bytes, sha256) and the ingestion queue.
 * Every call is scoped to a tenant: another tenant's document answers NOT_FOUND
 * exactly as an unknown one does.
 */
export interface IngestClient extends grpc.Client {
  /**
   * How many of the tenant's documents are ready (chat searches only when some are).
   */
  CountReadyDocuments(argument: _chatbot_ingest_v1_CountReadyDocumentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_CountReadyDocumentsResponse__Output>): grpc.ClientUnaryCall;
  CountReadyDocuments(argument: _chatbot_ingest_v1_CountReadyDocumentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_ingest_v1_CountReadyDocumentsResponse__Output>): grpc.ClientUnaryCall;
  CountReadyDocuments(argument: _chatbot_ingest_v1_CountReadyDocumentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_CountReadyDocumentsResponse__Output>): grpc.ClientUnaryCall;
  CountReadyDocuments(argument: _chatbot_ingest_v1_CountReadyDocumentsRequest, callback: grpc.requestCallback<_chatbot_ingest_v1_CountReadyDocumentsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * How many of the tenant's documents are ready (chat searches only when some are).
   */
  countReadyDocuments(argument: _chatbot_ingest_v1_CountReadyDocumentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_CountReadyDocumentsResponse__Output>): grpc.ClientUnaryCall;
  countReadyDocuments(argument: _chatbot_ingest_v1_CountReadyDocumentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_ingest_v1_CountReadyDocumentsResponse__Output>): grpc.ClientUnaryCall;
  countReadyDocuments(argument: _chatbot_ingest_v1_CountReadyDocumentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_CountReadyDocumentsResponse__Output>): grpc.ClientUnaryCall;
  countReadyDocuments(argument: _chatbot_ingest_v1_CountReadyDocumentsRequest, callback: grpc.requestCallback<_chatbot_ingest_v1_CountReadyDocumentsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes the document, its file and its chunks from every index.
   */
  DeleteDocument(argument: _chatbot_ingest_v1_DeleteDocumentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_DeleteDocumentResponse__Output>): grpc.ClientUnaryCall;
  DeleteDocument(argument: _chatbot_ingest_v1_DeleteDocumentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_ingest_v1_DeleteDocumentResponse__Output>): grpc.ClientUnaryCall;
  DeleteDocument(argument: _chatbot_ingest_v1_DeleteDocumentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_DeleteDocumentResponse__Output>): grpc.ClientUnaryCall;
  DeleteDocument(argument: _chatbot_ingest_v1_DeleteDocumentRequest, callback: grpc.requestCallback<_chatbot_ingest_v1_DeleteDocumentResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Removes the document, its file and its chunks from every index.
   */
  deleteDocument(argument: _chatbot_ingest_v1_DeleteDocumentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_DeleteDocumentResponse__Output>): grpc.ClientUnaryCall;
  deleteDocument(argument: _chatbot_ingest_v1_DeleteDocumentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_ingest_v1_DeleteDocumentResponse__Output>): grpc.ClientUnaryCall;
  deleteDocument(argument: _chatbot_ingest_v1_DeleteDocumentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_DeleteDocumentResponse__Output>): grpc.ClientUnaryCall;
  deleteDocument(argument: _chatbot_ingest_v1_DeleteDocumentRequest, callback: grpc.requestCallback<_chatbot_ingest_v1_DeleteDocumentResponse__Output>): grpc.ClientUnaryCall;
  
  GetDocument(argument: _chatbot_ingest_v1_GetDocumentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_Document__Output>): grpc.ClientUnaryCall;
  GetDocument(argument: _chatbot_ingest_v1_GetDocumentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_ingest_v1_Document__Output>): grpc.ClientUnaryCall;
  GetDocument(argument: _chatbot_ingest_v1_GetDocumentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_Document__Output>): grpc.ClientUnaryCall;
  GetDocument(argument: _chatbot_ingest_v1_GetDocumentRequest, callback: grpc.requestCallback<_chatbot_ingest_v1_Document__Output>): grpc.ClientUnaryCall;
  getDocument(argument: _chatbot_ingest_v1_GetDocumentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_Document__Output>): grpc.ClientUnaryCall;
  getDocument(argument: _chatbot_ingest_v1_GetDocumentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_ingest_v1_Document__Output>): grpc.ClientUnaryCall;
  getDocument(argument: _chatbot_ingest_v1_GetDocumentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_Document__Output>): grpc.ClientUnaryCall;
  getDocument(argument: _chatbot_ingest_v1_GetDocumentRequest, callback: grpc.requestCallback<_chatbot_ingest_v1_Document__Output>): grpc.ClientUnaryCall;
  
  /**
   * Newest first, with a cursor for the next page.
   */
  ListDocuments(argument: _chatbot_ingest_v1_ListDocumentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_ListDocumentsResponse__Output>): grpc.ClientUnaryCall;
  ListDocuments(argument: _chatbot_ingest_v1_ListDocumentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_ingest_v1_ListDocumentsResponse__Output>): grpc.ClientUnaryCall;
  ListDocuments(argument: _chatbot_ingest_v1_ListDocumentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_ListDocumentsResponse__Output>): grpc.ClientUnaryCall;
  ListDocuments(argument: _chatbot_ingest_v1_ListDocumentsRequest, callback: grpc.requestCallback<_chatbot_ingest_v1_ListDocumentsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Newest first, with a cursor for the next page.
   */
  listDocuments(argument: _chatbot_ingest_v1_ListDocumentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_ListDocumentsResponse__Output>): grpc.ClientUnaryCall;
  listDocuments(argument: _chatbot_ingest_v1_ListDocumentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_ingest_v1_ListDocumentsResponse__Output>): grpc.ClientUnaryCall;
  listDocuments(argument: _chatbot_ingest_v1_ListDocumentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_ListDocumentsResponse__Output>): grpc.ClientUnaryCall;
  listDocuments(argument: _chatbot_ingest_v1_ListDocumentsRequest, callback: grpc.requestCallback<_chatbot_ingest_v1_ListDocumentsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Queues a failed document again from its stored bytes; other statuses are a conflict.
   */
  RetryDocument(argument: _chatbot_ingest_v1_RetryDocumentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_Document__Output>): grpc.ClientUnaryCall;
  RetryDocument(argument: _chatbot_ingest_v1_RetryDocumentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_ingest_v1_Document__Output>): grpc.ClientUnaryCall;
  RetryDocument(argument: _chatbot_ingest_v1_RetryDocumentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_Document__Output>): grpc.ClientUnaryCall;
  RetryDocument(argument: _chatbot_ingest_v1_RetryDocumentRequest, callback: grpc.requestCallback<_chatbot_ingest_v1_Document__Output>): grpc.ClientUnaryCall;
  /**
   * Queues a failed document again from its stored bytes; other statuses are a conflict.
   */
  retryDocument(argument: _chatbot_ingest_v1_RetryDocumentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_Document__Output>): grpc.ClientUnaryCall;
  retryDocument(argument: _chatbot_ingest_v1_RetryDocumentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_ingest_v1_Document__Output>): grpc.ClientUnaryCall;
  retryDocument(argument: _chatbot_ingest_v1_RetryDocumentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_Document__Output>): grpc.ClientUnaryCall;
  retryDocument(argument: _chatbot_ingest_v1_RetryDocumentRequest, callback: grpc.requestCallback<_chatbot_ingest_v1_Document__Output>): grpc.ClientUnaryCall;
  
  /**
   * Registers a document and queues it for parsing, chunking and indexing. The same
   * bytes uploaded again by the same tenant return the existing document (created =
   * false) instead of a duplicate. The type is decided from the bytes, not the name:
   * unsupported content is rejected (unsupported_media_type), and content over the
   * size limit too (payload_too_large).
   */
  SubmitDocument(argument: _chatbot_ingest_v1_SubmitDocumentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_SubmitDocumentResponse__Output>): grpc.ClientUnaryCall;
  SubmitDocument(argument: _chatbot_ingest_v1_SubmitDocumentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_ingest_v1_SubmitDocumentResponse__Output>): grpc.ClientUnaryCall;
  SubmitDocument(argument: _chatbot_ingest_v1_SubmitDocumentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_SubmitDocumentResponse__Output>): grpc.ClientUnaryCall;
  SubmitDocument(argument: _chatbot_ingest_v1_SubmitDocumentRequest, callback: grpc.requestCallback<_chatbot_ingest_v1_SubmitDocumentResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Registers a document and queues it for parsing, chunking and indexing. The same
   * bytes uploaded again by the same tenant return the existing document (created =
   * false) instead of a duplicate. The type is decided from the bytes, not the name:
   * unsupported content is rejected (unsupported_media_type), and content over the
   * size limit too (payload_too_large).
   */
  submitDocument(argument: _chatbot_ingest_v1_SubmitDocumentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_SubmitDocumentResponse__Output>): grpc.ClientUnaryCall;
  submitDocument(argument: _chatbot_ingest_v1_SubmitDocumentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_ingest_v1_SubmitDocumentResponse__Output>): grpc.ClientUnaryCall;
  submitDocument(argument: _chatbot_ingest_v1_SubmitDocumentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_ingest_v1_SubmitDocumentResponse__Output>): grpc.ClientUnaryCall;
  submitDocument(argument: _chatbot_ingest_v1_SubmitDocumentRequest, callback: grpc.requestCallback<_chatbot_ingest_v1_SubmitDocumentResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The document's current state, then every change until it is ready or failed.
   */
  WatchDocument(argument: _chatbot_ingest_v1_WatchDocumentRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_chatbot_ingest_v1_DocumentEvent__Output>;
  WatchDocument(argument: _chatbot_ingest_v1_WatchDocumentRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_chatbot_ingest_v1_DocumentEvent__Output>;
  /**
   * The document's current state, then every change until it is ready or failed.
   */
  watchDocument(argument: _chatbot_ingest_v1_WatchDocumentRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_chatbot_ingest_v1_DocumentEvent__Output>;
  watchDocument(argument: _chatbot_ingest_v1_WatchDocumentRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_chatbot_ingest_v1_DocumentEvent__Output>;
  
}

/**
 * Owns the document registry (status, file bytes, sha256) and the ingestion queue.
 * Every call is scoped to a tenant: another tenant's document answers NOT_FOUND
 * exactly as an unknown one does.
 */
export interface IngestHandlers extends grpc.UntypedServiceImplementation {
  /**
   * How many of the tenant's documents are ready (chat searches only when some are).
   */
  CountReadyDocuments: grpc.handleUnaryCall<_chatbot_ingest_v1_CountReadyDocumentsRequest__Output, _chatbot_ingest_v1_CountReadyDocumentsResponse>;
  
  /**
   * Removes the document, its file and its chunks from every index.
   */
  DeleteDocument: grpc.handleUnaryCall<_chatbot_ingest_v1_DeleteDocumentRequest__Output, _chatbot_ingest_v1_DeleteDocumentResponse>;
  
  GetDocument: grpc.handleUnaryCall<_chatbot_ingest_v1_GetDocumentRequest__Output, _chatbot_ingest_v1_Document>;
  
  /**
   * Newest first, with a cursor for the next page.
   */
  ListDocuments: grpc.handleUnaryCall<_chatbot_ingest_v1_ListDocumentsRequest__Output, _chatbot_ingest_v1_ListDocumentsResponse>;
  
  /**
   * Queues a failed document again from its stored bytes; other statuses are a conflict.
   */
  RetryDocument: grpc.handleUnaryCall<_chatbot_ingest_v1_RetryDocumentRequest__Output, _chatbot_ingest_v1_Document>;
  
  /**
   * Registers a document and queues it for parsing, chunking and indexing. The same
   * bytes uploaded again by the same tenant return the existing document (created =
   * false) instead of a duplicate. The type is decided from the bytes, not the name:
   * unsupported content is rejected (unsupported_media_type), and content over the
   * size limit too (payload_too_large).
   */
  SubmitDocument: grpc.handleUnaryCall<_chatbot_ingest_v1_SubmitDocumentRequest__Output, _chatbot_ingest_v1_SubmitDocumentResponse>;
  
  /**
   * The document's current state, then every change until it is ready or failed.
   */
  WatchDocument: grpc.handleServerStreamingCall<_chatbot_ingest_v1_WatchDocumentRequest__Output, _chatbot_ingest_v1_DocumentEvent>;
  
}

export interface IngestDefinition extends grpc.ServiceDefinition {
  CountReadyDocuments: MethodDefinition<_chatbot_ingest_v1_CountReadyDocumentsRequest, _chatbot_ingest_v1_CountReadyDocumentsResponse, _chatbot_ingest_v1_CountReadyDocumentsRequest__Output, _chatbot_ingest_v1_CountReadyDocumentsResponse__Output>
  DeleteDocument: MethodDefinition<_chatbot_ingest_v1_DeleteDocumentRequest, _chatbot_ingest_v1_DeleteDocumentResponse, _chatbot_ingest_v1_DeleteDocumentRequest__Output, _chatbot_ingest_v1_DeleteDocumentResponse__Output>
  GetDocument: MethodDefinition<_chatbot_ingest_v1_GetDocumentRequest, _chatbot_ingest_v1_Document, _chatbot_ingest_v1_GetDocumentRequest__Output, _chatbot_ingest_v1_Document__Output>
  ListDocuments: MethodDefinition<_chatbot_ingest_v1_ListDocumentsRequest, _chatbot_ingest_v1_ListDocumentsResponse, _chatbot_ingest_v1_ListDocumentsRequest__Output, _chatbot_ingest_v1_ListDocumentsResponse__Output>
  RetryDocument: MethodDefinition<_chatbot_ingest_v1_RetryDocumentRequest, _chatbot_ingest_v1_Document, _chatbot_ingest_v1_RetryDocumentRequest__Output, _chatbot_ingest_v1_Document__Output>
  SubmitDocument: MethodDefinition<_chatbot_ingest_v1_SubmitDocumentRequest, _chatbot_ingest_v1_SubmitDocumentResponse, _chatbot_ingest_v1_SubmitDocumentRequest__Output, _chatbot_ingest_v1_SubmitDocumentResponse__Output>
  WatchDocument: MethodDefinition<_chatbot_ingest_v1_WatchDocumentRequest, _chatbot_ingest_v1_DocumentEvent, _chatbot_ingest_v1_WatchDocumentRequest__Output, _chatbot_ingest_v1_DocumentEvent__Output>
}
