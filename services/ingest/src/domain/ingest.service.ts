import { createHash, randomUUID } from "node:crypto";
import { errors, type Logger } from "@chatbot/core";
import type { ChunkIndexClient } from "./chunk-index.client";
import type { DocumentEvents } from "./document.events";
import type { DocumentStore } from "./document.store";
import { isFinished, splitMediaType, TEXT_MEDIA_TYPES, type DocumentEvent, type DocumentRecord, type DocumentStatus } from "./document.types";
import {
  checkNames,
  checkSize,
  decodeCursor,
  deriveTitle,
  encodeCursor,
  parseLimit,
  parseMetadata,
  parseStatusFilter,
  requireDocumentId,
  requireTenant,
} from "./document.input";
import type { JobHeaders, JobQueue } from "./job.queue";
import { detectMediaType } from "./media-type";
import { textPrefix } from "./text-encoding";

export interface SubmitDocumentInput {
  tenantId: string;
  content: Buffer;
  filename: string;
  title: string;
  metadataJson: string;
  declaredMediaType: string;
  source: string;
  /** Passed on in the job's headers (trace context). */
  headers?: JobHeaders;
}

export interface IngestServiceDependencies {
  store: DocumentStore;
  queue: JobQueue;
  events: DocumentEvents;
  index: ChunkIndexClient;
  maxUploadMb: number;
  now: () => Date;
  logger: Logger;
  /** How often a watcher re-reads the registry in case it missed an event (a broker reconnect). */
  watchPollMs?: number;
  /** Aborted when the service stops: open watches end then instead of holding up shutdown. */
  shutdown?: AbortSignal;
}

export type IngestService = ReturnType<typeof createIngestService>;

const EVENT_OF_STATUS: Record<DocumentStatus, DocumentEvent["type"]> = {
  queued: "document.queued",
  processing: "document.processing",
  ready: "document.ready",
  failed: "document.failed",
};

export function stateEvent(document: DocumentRecord): DocumentEvent {
  const done = document.status === "ready" ? document.chunks : 0;
  return { type: EVENT_OF_STATUS[document.status], document, chunksDone: done, chunksTotal: done };
}

export function createIngestService(deps: IngestServiceDependencies) {
  const { store, queue, events, index } = deps;
  const watchPollMs = deps.watchPollMs ?? 1000;

  const publishEvent = async (event: DocumentEvent) => {
    await events.publish(event).catch((error: unknown) => {
      deps.logger.warn({ err: error, documentId: event.document.id, type: event.type }, "document event not published");
    });
  };

  const requireDocument = async (tenantId: string, documentId: string): Promise<DocumentRecord> => {
    requireTenant(tenantId);
    requireDocumentId(documentId);
    const document = await store.get(tenantId, documentId);
    if (!document) throw errors.notFound("Document", "document_not_found");
    return document;
  };

  return {
    async submit(input: SubmitDocumentInput): Promise<{ document: DocumentRecord; created: boolean }> {
      requireTenant(input.tenantId);
      checkSize(input.content.length, deps.maxUploadMb);
      checkNames({ filename: input.filename, title: input.title, source: input.source });
      const metadata = parseMetadata(input.metadataJson);
      const mediaType = detectMediaType({ content: input.content, filename: input.filename, declared: input.declaredMediaType });
      const { type, charset } = splitMediaType(mediaType);
      // Text gives a title from its first line; other formats have the file name or the title given.
      const text = (TEXT_MEDIA_TYPES as readonly string[]).includes(type) ? textPrefix(input.content, charset) : "";
      const metadataSource = typeof metadata.source === "string" ? metadata.source : "";
      const { document, created } = await store.insertOrGetExisting({
        id: randomUUID(),
        tenantId: input.tenantId,
        filename: input.filename,
        title: deriveTitle(input.title, input.filename, text),
        mediaType,
        sha256: createHash("sha256").update(input.content).digest("hex"),
        sizeBytes: input.content.length,
        content: input.content,
        metadata,
        source: input.source.trim() || input.filename || metadataSource,
        now: deps.now(),
      });
      if (!created) return { document, created };
      try {
        await queue.publish({ document_id: document.id, tenant_id: document.tenantId }, input.headers);
      } catch (error) {
        // Without a job the document would stay queued forever: take it back and let the caller retry.
        await store.delete(document.tenantId, document.id).catch(() => undefined);
        throw errors.unavailable("queue_unavailable", "The ingestion queue is unavailable; try again", error);
      }
      await publishEvent(stateEvent(document));
      return { document, created };
    },

    get: requireDocument,

    async list(input: { tenantId: string; limit: number; cursor: string; status: string }) {
      requireTenant(input.tenantId);
      const limit = parseLimit(input.limit);
      const after = decodeCursor(input.cursor);
      const status = parseStatusFilter(input.status);
      const rows = await store.list({ tenantId: input.tenantId, limit: limit + 1, ...(after ? { after } : {}), ...(status ? { status } : {}) });
      const documents = rows.slice(0, limit);
      const last = documents[documents.length - 1];
      return { documents, nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : "" };
    },

    /** Chunks leave the index first: if retrieval is down the document stays, and the call can be repeated. */
    async delete(tenantId: string, documentId: string, signal?: AbortSignal): Promise<void> {
      const document = await requireDocument(tenantId, documentId);
      await index.deleteDocument(tenantId, document.id, signal);
      await store.delete(tenantId, document.id);
    },

    async retry(tenantId: string, documentId: string, headers?: JobHeaders): Promise<DocumentRecord> {
      const document = await requireDocument(tenantId, documentId);
      const queued = await store.requeueFailed(tenantId, document.id, deps.now());
      if (!queued) throw errors.conflict("document_not_failed", `Only a failed document can be retried; this one is ${document.status}`);
      try {
        await queue.publish({ document_id: queued.id, tenant_id: queued.tenantId }, headers);
      } catch (error) {
        await store.markFailed(tenantId, queued.id, { code: document.errorCode, message: document.errorMessage }, deps.now());
        throw errors.unavailable("queue_unavailable", "The ingestion queue is unavailable; try again", error);
      }
      await publishEvent(stateEvent(queued));
      return queued;
    },

    async countReady(tenantId: string): Promise<number> {
      requireTenant(tenantId);
      return store.countReady(tenantId);
    },

    /**
     * Sends the document's current state, then every change until it is ready or failed,
     * or until `signal` aborts. Changes come from the event bus, which reaches every
     * replica (a worker on another replica publishes to `ingest.events`); the registry is
     * re-read every `watchPollMs` as well, because a broker reconnect can lose events and
     * the registry is the record. Events older than the last state sent are dropped. A
     * stopping service ends the stream early; the caller can watch again on another replica.
     */
    async watch(tenantId: string, documentId: string, send: (event: DocumentEvent) => void, callSignal: AbortSignal): Promise<void> {
      requireTenant(tenantId);
      requireDocumentId(documentId);
      // The call's end or the service's stop, whichever comes first. Listeners rather than
      // AbortSignal.any, whose links to a long-lived signal are not freed on every Node 20.
      const stop = new AbortController();
      const sources = deps.shutdown ? [callSignal, deps.shutdown] : [callSignal];
      const end = () => stop.abort();
      for (const source of sources) source.addEventListener("abort", end, { once: true });
      if (sources.some((source) => source.aborted)) end();
      const signal = stop.signal;
      const pending: DocumentEvent[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = events.subscribe((event) => {
        if (event.document.id !== documentId || event.document.tenantId !== tenantId) return;
        pending.push(event);
        wake?.();
      });
      try {
        let last = await requireDocument(tenantId, documentId);
        send(stateEvent(last));
        while (!isFinished(last.status) && !signal.aborted) {
          const woken = await new Promise<boolean>((resolve) => {
            // Every way out goes through done, so each wait's abort listener is removed
            // (a poll that left its listener behind added one per poll for the watch's life).
            const timer = setTimeout(() => done(false), watchPollMs);
            const done = (byEvent: boolean) => {
              clearTimeout(timer);
              signal.removeEventListener("abort", onAbort);
              wake = undefined;
              resolve(byEvent);
            };
            const onAbort = () => done(false);
            wake = () => done(true);
            if (pending.length > 0 || signal.aborted) done(pending.length > 0);
            else signal.addEventListener("abort", onAbort, { once: true });
          });
          if (signal.aborted) return;
          if (woken) {
            for (const event of pending.splice(0)) {
              if (event.document.updatedAt < last.updatedAt) continue;
              if (event.type !== "document.progress") last = event.document;
              send(event);
              if (isFinished(last.status)) return;
            }
            continue;
          }
          const fresh = await store.get(tenantId, documentId);
          if (!fresh) throw errors.notFound("Document", "document_not_found");
          if (fresh.status !== last.status || fresh.updatedAt > last.updatedAt) {
            last = fresh;
            send(stateEvent(fresh));
          }
        }
      } finally {
        unsubscribe();
        for (const source of sources) source.removeEventListener("abort", end);
      }
    },
  };
}
