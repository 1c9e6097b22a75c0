import type { ingestV1 } from "@chatbot/grpc";
import type { CallOptions } from "../client-call.types";

/** The ingest service: documents and their ingestion. */
export interface IngestClient {
  submitDocument(request: ingestV1.SubmitDocumentRequest, options?: CallOptions): Promise<ingestV1.SubmitDocumentResponse>;
  listDocuments(request: ingestV1.ListDocumentsRequest, options?: CallOptions): Promise<ingestV1.ListDocumentsResponse>;
  getDocument(request: ingestV1.GetDocumentRequest, options?: CallOptions): Promise<ingestV1.Document>;
  deleteDocument(request: ingestV1.DeleteDocumentRequest, options?: CallOptions): Promise<void>;
  retryDocument(request: ingestV1.RetryDocumentRequest, options?: CallOptions): Promise<ingestV1.Document>;
  /** A document's events until the caller stops reading or the signal aborts. */
  watchDocument(request: ingestV1.WatchDocumentRequest, options?: CallOptions): AsyncIterable<ingestV1.DocumentEvent>;
}
