import { AppError } from "@chatbot/core";
import type { ingestV1 } from "@chatbot/grpc";
import type { DocumentService } from "../../domain/documents/document.service";
import { parse, type ApiRoutes } from "./api-routes";
import { documentUpload } from "./document-upload";
import { writeSse, type SseOptions } from "./sse-response";
import { followIterable, type LoggedEvent } from "../../domain/chat/stream-log.store";
import { DOCUMENT_TERMINAL_EVENTS, type DocumentStreamEvent } from "../../domain/documents/document-stream.events";
import { presentDocument } from "./document.presenter";
import { PAGE_SIZE_RANGE, QUERY_KEY_NOTE, errorResponse, jsonResponse } from "./common.schemas";
import { DocumentIdParams, DocumentListResponse, DocumentResponse, JsonDocumentsBody, ListDocumentsQuery, UploadFields, UploadForm } from "./document.schemas";

export interface DocumentRouteOptions {
  documents: DocumentService;
  maxUploadMb: number;
  maxJsonMb: number;
  sse: Omit<SseOptions, "signal">;
}

/** A document progress event as its stream sends it. */
type DocumentProgressEvent = DocumentStreamEvent<ReturnType<typeof presentDocument>>;

export function registerDocumentRoutes(routes: ApiRoutes, options: DocumentRouteOptions): void {
  const { documents } = options;

  routes.add({
    method: "post",
    path: "/api/documents",
    access: "tenant",
    summary: "Add documents",
    description:
      "Multipart upload (`file`: PDF, HWP 5.0, HWPX, DOCX, PPTX, XLSX, HTML, Markdown, or plain text in UTF-8, EUC-KR/CP949 " +
      "or UTF-16; " +
      "optional `title` and `metadata`) answers with the " +
      "document; JSON `{documents: [{content, metadata}]}` answers with the list. 202 when queued; 200 when the same " +
      "bytes were already uploaded (the existing document, never a duplicate). The type is decided from the bytes.",
    tags: ["Documents"],
    before: [documentUpload({ maxUploadMb: options.maxUploadMb, maxJsonMb: options.maxJsonMb })],
    documentedBody: {
      content: { "multipart/form-data": { schema: UploadForm }, "application/json": { schema: JsonDocumentsBody } },
    },
    responses: {
      202: jsonResponse("Queued (multipart: the document; JSON: {documents})", DocumentResponse),
      200: jsonResponse("Already uploaded: the existing document", DocumentResponse),
      413: errorResponse(`Larger than MAX_UPLOAD_MB`),
      415: errorResponse(
        "Not multipart or JSON, or a file type that is not supported (`unsupported_media_type`, the message naming the formats " +
          "accepted; `office_encrypted` for a password-protected Office file), or text whose encoding cannot be told " +
          "(`unknown_text_encoding`)",
      ),
      422: errorResponse("No file, or invalid fields"),
    },
    async handle({ request, response, context }) {
      if (request.is("multipart/form-data")) {
        const file = request.file;
        if (!file) throw new AppError("invalid_argument", "validation_failed", "No file was uploaded", { details: [{ field: "file", message: "is required" }] });
        const fields = parse(UploadFields, request.body ?? {}, "body");
        const submitted = await documents.submitFile(
          context.tenantId,
          {
            content: file.buffer,
            filename: Buffer.from(file.originalname, "latin1").toString("utf8"),
            title: fields.title,
            metadata: fields.metadata,
          },
          context.signal,
        );
        response.status(submitted.created ? 202 : 200).json(presentDocument(submitted.document));
        return;
      }

      const body = parse(JsonDocumentsBody, request.body ?? {}, "body");
      const results = await documents.submitTexts(context.tenantId, body.documents, context.signal);
      response.status(results.some((result) => result.created) ? 202 : 200).json({ documents: results.map((result) => presentDocument(result.document)) });
    },
  });

  routes.add({
    method: "get",
    path: "/api/documents",
    access: "tenant",
    summary: "List documents",
    tags: ["Documents"],
    query: ListDocumentsQuery,
    responses: { 200: jsonResponse("Newest first", DocumentListResponse), 422: errorResponse(`limit outside ${PAGE_SIZE_RANGE}`) },
    async handle({ query, response, context }) {
      const page = await documents.list(context.tenantId, query, context.signal);
      response.json({ documents: page.documents.map(presentDocument), next_cursor: page.next_cursor || null });
    },
  });

  routes.add({
    method: "get",
    path: "/api/documents/{document_id}",
    access: "tenant",
    summary: "Get a document and its ingestion status",
    tags: ["Documents"],
    params: DocumentIdParams,
    responses: { 200: jsonResponse("The document", DocumentResponse), 404: errorResponse("Unknown document") },
    async handle({ params, response, context }) {
      const document = await documents.get(context.tenantId, params.document_id, context.signal);
      response.json(presentDocument(document));
    },
  });

  routes.add({
    method: "delete",
    path: "/api/documents/{document_id}",
    access: "tenant",
    summary: "Delete a document",
    description: "Its chunks leave every index.",
    tags: ["Documents"],
    params: DocumentIdParams,
    responses: { 204: { description: "Deleted" }, 404: errorResponse("Unknown document") },
    async handle({ params, response, context }) {
      await documents.delete(context.tenantId, params.document_id, context.signal);
      response.status(204).end();
    },
  });

  routes.add({
    method: "post",
    path: "/api/documents/{document_id}/retry",
    access: "tenant",
    summary: "Ingest a failed document again",
    description: "From the stored bytes; no need to upload again.",
    tags: ["Documents"],
    params: DocumentIdParams,
    responses: {
      202: jsonResponse("Queued again", DocumentResponse),
      404: errorResponse("Unknown document"),
      409: errorResponse("The document has not failed"),
    },
    async handle({ params, response, context }) {
      const document = await documents.retry(context.tenantId, params.document_id, context.signal);
      response.status(202).json(presentDocument(document));
    },
  });

  routes.add({
    method: "get",
    path: "/api/documents/{document_id}/events",
    access: "tenant",
    stream: true,
    summary: "Ingestion progress as Server-Sent Events",
    description:
      "The current state, then `document.processing`, `document.progress` ({chunks_done, chunks_total}), and " +
      `finally \`document.ready\` or \`document.failed\`; each event's data is a DocumentStreamEvent {type, document, ...}. ${QUERY_KEY_NOTE}`,
    tags: ["Documents"],
    params: DocumentIdParams,
    responses: {
      200: { description: "Server-Sent Events", content: { "text/event-stream": { schema: { type: "string" } } } },
      404: errorResponse("Unknown document"),
    },
    async handle({ params, response, context }) {
      // The document is resolved first, so an unknown id is a 404, not an empty stream.
      const events = await documents.watch(context.tenantId, params.document_id, context.signal);
      await writeSse(response, followIterable(numbered(events)), { ...options.sse, signal: context.signal });
    },
  });
}

async function* numbered(events: AsyncIterable<ingestV1.DocumentEvent>): AsyncIterable<LoggedEvent<DocumentProgressEvent>> {
  let id = 0;
  for await (const event of events) {
    id += 1;
    const terminal = (DOCUMENT_TERMINAL_EVENTS as readonly string[]).includes(event.type);
    const document = presentDocument(event.document!);
    const data: DocumentProgressEvent =
      event.type === "document.progress"
        ? { type: event.type, document, chunks_done: event.chunks_done, chunks_total: event.chunks_total }
        : { type: event.type as Exclude<DocumentProgressEvent["type"], "document.progress">, document };
    yield { id, terminal, data };
    if (terminal) return;
  }
}
