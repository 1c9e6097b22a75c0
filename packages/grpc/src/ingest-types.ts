// Generated ingest types under short names for the service and its callers.
export type { IngestClient as Client, IngestHandlers as Handlers } from "./generated/chatbot/ingest/v1/Ingest";
export type { Document__Output as Document } from "./generated/chatbot/ingest/v1/Document";
export type { DocumentEvent__Output as DocumentEvent } from "./generated/chatbot/ingest/v1/DocumentEvent";
export type { SubmitDocumentRequest__Output as SubmitDocumentRequest } from "./generated/chatbot/ingest/v1/SubmitDocumentRequest";
export type { SubmitDocumentResponse__Output as SubmitDocumentResponse } from "./generated/chatbot/ingest/v1/SubmitDocumentResponse";
export type { GetDocumentRequest__Output as GetDocumentRequest } from "./generated/chatbot/ingest/v1/GetDocumentRequest";
export type { ListDocumentsRequest__Output as ListDocumentsRequest } from "./generated/chatbot/ingest/v1/ListDocumentsRequest";
export type { ListDocumentsResponse__Output as ListDocumentsResponse } from "./generated/chatbot/ingest/v1/ListDocumentsResponse";
export type { DeleteDocumentRequest__Output as DeleteDocumentRequest } from "./generated/chatbot/ingest/v1/DeleteDocumentRequest";
export type { RetryDocumentRequest__Output as RetryDocumentRequest } from "./generated/chatbot/ingest/v1/RetryDocumentRequest";
export type { WatchDocumentRequest__Output as WatchDocumentRequest } from "./generated/chatbot/ingest/v1/WatchDocumentRequest";
export type { CountReadyDocumentsRequest__Output as CountReadyDocumentsRequest } from "./generated/chatbot/ingest/v1/CountReadyDocumentsRequest";
export type { CountReadyDocumentsResponse__Output as CountReadyDocumentsResponse } from "./generated/chatbot/ingest/v1/CountReadyDocumentsResponse";
