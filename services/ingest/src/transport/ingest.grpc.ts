import { streamHandler, unaryHandler, type CallContext, type HandlerRuntime, type ingestV1 } from "@chatbot/grpc";
import type { JobHeaders } from "../domain/job.queue";
import type { IngestService } from "../domain/ingest.service";
import { toProtoDocument, toProtoEvent } from "./ingest.mapper";

/** Trace context a caller sent, passed on to the job so the worker's spans join the caller's trace. */
function traceHeaders(metadata: CallContext["metadata"]): JobHeaders {
  const headers: JobHeaders = {};
  for (const name of ["traceparent", "tracestate"]) {
    const value = metadata.get(name)[0];
    if (typeof value === "string" && value !== "") headers[name] = value;
  }
  return headers;
}

/** gRPC handlers: turn proto defaults into domain input, delegate, map back. */
export function createIngestHandlers(service: IngestService, runtime: HandlerRuntime): ingestV1.Handlers {
  return {
    SubmitDocument: unaryHandler(runtime, async (request: ingestV1.SubmitDocumentRequest, { metadata }) => {
      const { document, created } = await service.submit({
        tenantId: request.tenant_id,
        content: request.content,
        filename: request.filename,
        title: request.title,
        metadataJson: request.metadata_json,
        declaredMediaType: request.declared_media_type,
        source: request.source,
        headers: traceHeaders(metadata),
      });
      return { document: toProtoDocument(document), created };
    }),

    GetDocument: unaryHandler(runtime, async (request: ingestV1.GetDocumentRequest) => toProtoDocument(await service.get(request.tenant_id, request.document_id))),

    ListDocuments: unaryHandler(runtime, async (request: ingestV1.ListDocumentsRequest) => {
      const page = await service.list({
        tenantId: request.tenant_id,
        limit: request.limit,
        cursor: request.cursor,
        status: request.status,
      });
      return { documents: page.documents.map(toProtoDocument), next_cursor: page.nextCursor };
    }),

    DeleteDocument: unaryHandler(runtime, async (request: ingestV1.DeleteDocumentRequest, { signal }) => {
      await service.delete(request.tenant_id, request.document_id, signal);
      return {};
    }),

    RetryDocument: unaryHandler(runtime, async (request: ingestV1.RetryDocumentRequest, { metadata }) =>
      toProtoDocument(await service.retry(request.tenant_id, request.document_id, traceHeaders(metadata))),
    ),

    WatchDocument: streamHandler(runtime, async (request: ingestV1.WatchDocumentRequest, send, { signal }) => {
      await service.watch(request.tenant_id, request.document_id, (event) => send(toProtoEvent(event)), signal);
    }),

    CountReadyDocuments: unaryHandler(runtime, async (request: ingestV1.CountReadyDocumentsRequest) => ({
      ready: await service.countReady(request.tenant_id),
    })),
  };
}
