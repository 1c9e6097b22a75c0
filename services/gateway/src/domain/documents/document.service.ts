import type { ingestV1 } from "@chatbot/grpc";
import type { IngestClient } from "./ingest.client";

/** Submitting and deleting go through the document's bytes: longer than a unary call's usual 5 s. */
const WRITE_TIMEOUT_MS = 30_000;

export interface UploadedFile {
  content: Buffer;
  filename: string;
  title?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
}

export interface TextDocument {
  content: string;
  /** `title` and `source`, when strings, name the document. */
  metadata?: Record<string, unknown> | undefined;
}

export interface SubmittedDocument {
  /** False when the same bytes were already uploaded: `document` is the existing one. */
  created: boolean;
  document: ingestV1.Document;
}

export interface DocumentService {
  /** A file; its type is decided from the bytes. */
  submitFile(tenantId: string, file: UploadedFile, signal?: AbortSignal): Promise<SubmittedDocument>;
  /** Plain texts, one document each, in order. */
  submitTexts(tenantId: string, documents: TextDocument[], signal?: AbortSignal): Promise<SubmittedDocument[]>;
  list(
    tenantId: string,
    page: { limit: number; cursor?: string | undefined; status?: string | undefined },
    signal?: AbortSignal,
  ): Promise<ingestV1.ListDocumentsResponse>;
  get(tenantId: string, documentId: string, signal?: AbortSignal): Promise<ingestV1.Document>;
  delete(tenantId: string, documentId: string, signal?: AbortSignal): Promise<void>;
  /** Ingests a failed document again from its stored bytes. */
  retry(tenantId: string, documentId: string, signal?: AbortSignal): Promise<ingestV1.Document>;
  /** The document's events, after checking it exists (an unknown id fails `not_found` before any event). */
  watch(tenantId: string, documentId: string, signal?: AbortSignal): Promise<AsyncIterable<ingestV1.DocumentEvent>>;
}

/** Documents and their ingestion, kept by the ingest service. */
export function createDocumentService(deps: { ingest: IngestClient }): DocumentService {
  const { ingest } = deps;
  const submit = async (tenantId: string, fields: Omit<ingestV1.SubmitDocumentRequest, "tenant_id">, signal: AbortSignal | undefined): Promise<SubmittedDocument> => {
    const submitted = await ingest.submitDocument({ tenant_id: tenantId, ...fields }, { signal, timeoutMs: WRITE_TIMEOUT_MS });
    return { created: submitted.created, document: submitted.document! };
  };
  return {
    submitFile: (tenantId, file, signal) =>
      submit(
        tenantId,
        {
          content: file.content,
          filename: file.filename,
          title: file.title ?? "",
          metadata_json: JSON.stringify(file.metadata ?? {}),
          declared_media_type: "",
          source: "",
        },
        signal,
      ),
    async submitTexts(tenantId, documents, signal) {
      const results: SubmittedDocument[] = [];
      for (const document of documents) {
        const metadata = document.metadata ?? {};
        const title = typeof metadata.title === "string" ? metadata.title : "";
        const source = typeof metadata.source === "string" ? metadata.source : "";
        results.push(
          await submit(
            tenantId,
            {
              content: Buffer.from(document.content, "utf8"),
              filename: "",
              title,
              metadata_json: JSON.stringify(metadata),
              declared_media_type: "text/plain",
              source,
            },
            signal,
          ),
        );
      }
      return results;
    },
    list: (tenantId, page, signal) => ingest.listDocuments({ tenant_id: tenantId, limit: page.limit, cursor: page.cursor ?? "", status: page.status ?? "" }, { signal }),
    get: (tenantId, documentId, signal) => ingest.getDocument({ tenant_id: tenantId, document_id: documentId }, { signal }),
    delete: (tenantId, documentId, signal) => ingest.deleteDocument({ tenant_id: tenantId, document_id: documentId }, { signal, timeoutMs: WRITE_TIMEOUT_MS }),
    retry: (tenantId, documentId, signal) => ingest.retryDocument({ tenant_id: tenantId, document_id: documentId }, { signal }),
    async watch(tenantId, documentId, signal) {
      await ingest.getDocument({ tenant_id: tenantId, document_id: documentId }, { signal });
      return ingest.watchDocument({ tenant_id: tenantId, document_id: documentId }, { signal });
    },
  };
}
