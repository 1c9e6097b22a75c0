import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { CountReadyDocumentsRequest as _chatbot_ingest_v1_CountReadyDocumentsRequest, CountReadyDocumentsRequest__Output as _chatbot_ingest_v1_CountReadyDocumentsRequest__Output } from './chatbot/ingest/v1/CountReadyDocumentsRequest';
import type { CountReadyDocumentsResponse as _chatbot_ingest_v1_CountReadyDocumentsResponse, CountReadyDocumentsResponse__Output as _chatbot_ingest_v1_CountReadyDocumentsResponse__Output } from './chatbot/ingest/v1/CountReadyDocumentsResponse';
import type { DeleteDocumentRequest as _chatbot_ingest_v1_DeleteDocumentRequest, DeleteDocumentRequest__Output as _chatbot_ingest_v1_DeleteDocumentRequest__Output } from './chatbot/ingest/v1/DeleteDocumentRequest';
import type { DeleteDocumentResponse as _chatbot_ingest_v1_DeleteDocumentResponse, DeleteDocumentResponse__Output as _chatbot_ingest_v1_DeleteDocumentResponse__Output } from './chatbot/ingest/v1/DeleteDocumentResponse';
import type { Document as _chatbot_ingest_v1_Document, Document__Output as _chatbot_ingest_v1_Document__Output } from './chatbot/ingest/v1/Document';
import type { DocumentEvent as _chatbot_ingest_v1_DocumentEvent, DocumentEvent__Output as _chatbot_ingest_v1_DocumentEvent__Output } from './chatbot/ingest/v1/DocumentEvent';
import type { GetDocumentRequest as _chatbot_ingest_v1_GetDocumentRequest, GetDocumentRequest__Output as _chatbot_ingest_v1_GetDocumentRequest__Output } from './chatbot/ingest/v1/GetDocumentRequest';
import type { IngestClient as _chatbot_ingest_v1_IngestClient, IngestDefinition as _chatbot_ingest_v1_IngestDefinition } from './chatbot/ingest/v1/Ingest';
import type { ListDocumentsRequest as _chatbot_ingest_v1_ListDocumentsRequest, ListDocumentsRequest__Output as _chatbot_ingest_v1_ListDocumentsRequest__Output } from './chatbot/ingest/v1/ListDocumentsRequest';
import type { ListDocumentsResponse as _chatbot_ingest_v1_ListDocumentsResponse, ListDocumentsResponse__Output as _chatbot_ingest_v1_ListDocumentsResponse__Output } from './chatbot/ingest/v1/ListDocumentsResponse';
import type { RetryDocumentRequest as _chatbot_ingest_v1_RetryDocumentRequest, RetryDocumentRequest__Output as _chatbot_ingest_v1_RetryDocumentRequest__Output } from './chatbot/ingest/v1/RetryDocumentRequest';
import type { SubmitDocumentRequest as _chatbot_ingest_v1_SubmitDocumentRequest, SubmitDocumentRequest__Output as _chatbot_ingest_v1_SubmitDocumentRequest__Output } from './chatbot/ingest/v1/SubmitDocumentRequest';
import type { SubmitDocumentResponse as _chatbot_ingest_v1_SubmitDocumentResponse, SubmitDocumentResponse__Output as _chatbot_ingest_v1_SubmitDocumentResponse__Output } from './chatbot/ingest/v1/SubmitDocumentResponse';
import type { WatchDocumentRequest as _chatbot_ingest_v1_WatchDocumentRequest, WatchDocumentRequest__Output as _chatbot_ingest_v1_WatchDocumentRequest__Output } from './chatbot/ingest/v1/WatchDocumentRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  chatbot: {
    ingest: {
      v1: {
        CountReadyDocumentsRequest: MessageTypeDefinition<_chatbot_ingest_v1_CountReadyDocumentsRequest, _chatbot_ingest_v1_CountReadyDocumentsRequest__Output>
        CountReadyDocumentsResponse: MessageTypeDefinition<_chatbot_ingest_v1_CountReadyDocumentsResponse, _chatbot_ingest_v1_CountReadyDocumentsResponse__Output>
        DeleteDocumentRequest: MessageTypeDefinition<_chatbot_ingest_v1_DeleteDocumentRequest, _chatbot_ingest_v1_DeleteDocumentRequest__Output>
        DeleteDocumentResponse: MessageTypeDefinition<_chatbot_ingest_v1_DeleteDocumentResponse, _chatbot_ingest_v1_DeleteDocumentResponse__Output>
        Document: MessageTypeDefinition<_chatbot_ingest_v1_Document, _chatbot_ingest_v1_Document__Output>
        DocumentEvent: MessageTypeDefinition<_chatbot_ingest_v1_DocumentEvent, _chatbot_ingest_v1_DocumentEvent__Output>
        GetDocumentRequest: MessageTypeDefinition<_chatbot_ingest_v1_GetDocumentRequest, _chatbot_ingest_v1_GetDocumentRequest__Output>
        /**
         * Owns the document registry (status, file bytes, sha256) and the ingestion queue.
         * Every call is scoped to a tenant: another tenant's document answers NOT_FOUND
         * exactly as an unknown one does.
         */
        Ingest: SubtypeConstructor<typeof grpc.Client, _chatbot_ingest_v1_IngestClient> & { service: _chatbot_ingest_v1_IngestDefinition }
        ListDocumentsRequest: MessageTypeDefinition<_chatbot_ingest_v1_ListDocumentsRequest, _chatbot_ingest_v1_ListDocumentsRequest__Output>
        ListDocumentsResponse: MessageTypeDefinition<_chatbot_ingest_v1_ListDocumentsResponse, _chatbot_ingest_v1_ListDocumentsResponse__Output>
        RetryDocumentRequest: MessageTypeDefinition<_chatbot_ingest_v1_RetryDocumentRequest, _chatbot_ingest_v1_RetryDocumentRequest__Output>
        SubmitDocumentRequest: MessageTypeDefinition<_chatbot_ingest_v1_SubmitDocumentRequest, _chatbot_ingest_v1_SubmitDocumentRequest__Output>
        SubmitDocumentResponse: MessageTypeDefinition<_chatbot_ingest_v1_SubmitDocumentResponse, _chatbot_ingest_v1_SubmitDocumentResponse__Output>
        WatchDocumentRequest: MessageTypeDefinition<_chatbot_ingest_v1_WatchDocumentRequest, _chatbot_ingest_v1_WatchDocumentRequest__Output>
      }
    }
  }
}

