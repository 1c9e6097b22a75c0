import { isAppError, type Logger } from "@chatbot/core";
import { MAX_UPSERT_BATCH, type ChunkIndexClient, type IndexedChunk } from "./chunk-index.client";
import type { DocumentChunks } from "./document-chunks";
import type { DocumentEvents } from "./document.events";
import type { DocumentStore } from "./document.store";
import type { DocumentEvent, DocumentRecord, MediaType } from "./document.types";
import type { JobConsumer, JobDelivery } from "./job.queue";

export type JobOutcome = "ready" | "failed" | "retry" | "skipped" | "dead_lettered";

export interface IngestWorkerDependencies {
  store: DocumentStore;
  index: ChunkIndexClient;
  events: DocumentEvents;
  /**
   * Parses and chunks a document; a document that can never be read fails with a document
   * failure. Rejects with the signal's reason once it aborts (the job is being handed back).
   */
  read: (content: Buffer, mediaType: MediaType, signal: AbortSignal) => Promise<DocumentChunks>;
  /** Chunks per UpsertChunks call, at most MAX_UPSERT_BATCH. */
  batchSize?: number;
  now: () => Date;
  logger: Logger;
  /**
   * While a job is in hand, its document's update time is refreshed this often, so the
   * lost-job sweeper (which takes documents not updated for a grace) never takes it.
   * Must be well under that grace; absent: no refresh.
   */
  heartbeatMs?: number;
  onJobDone?: (outcome: JobOutcome, seconds: number) => void;
  onPagesProcessed?: (pages: number) => void;
}

/**
 * Processes one document per job: claim it, parse, chunk, replace its chunks in the
 * index, mark it ready. Idempotent: chunk ids are `<document_id>#<index>` and the old
 * chunks are deleted first, so a redelivered or duplicate job ends in the same state.
 * A document that can never be processed (a broken file) fails at once and the job is
 * acknowledged; anything else (retrieval down, database trouble) is thrown for a retry.
 */
export function createIngestWorker(deps: IngestWorkerDependencies): JobConsumer {
  const batchSize = Math.min(deps.batchSize ?? MAX_UPSERT_BATCH, MAX_UPSERT_BATCH);
  const emit = async (event: DocumentEvent) => {
    await deps.events.publish(event).catch((error: unknown) => {
      deps.logger.warn({ err: error, documentId: event.document.id, type: event.type }, "document event not published");
    });
  };
  const fail = async (document: DocumentRecord, code: string, message: string) => {
    const failed = await deps.store.markFailed(document.tenantId, document.id, { code, message }, deps.now());
    if (failed) await emit({ type: "document.failed", document: failed, chunksDone: 0, chunksTotal: 0 });
  };

  async function process(delivery: JobDelivery, document: DocumentRecord): Promise<JobOutcome> {
    const { signal } = delivery;
    const content = await deps.store.getContent(document.id);
    if (!content) return "skipped";
    let chunks: IndexedChunk[];
    let pages: number;
    try {
      const read = await deps.read(content, document.mediaType, signal);
      pages = read.pageCount;
      chunks = read.chunks.map((draft) => ({
        chunkId: `${document.id}#${draft.chunkIndex}`,
        documentId: document.id,
        text: draft.text,
        title: document.title,
        source: document.source,
        page: draft.page,
        chunkIndex: draft.chunkIndex,
        section: draft.section,
        metadataJson: JSON.stringify(document.metadata),
      }));
    } catch (error) {
      if (!isPermanent(error)) throw error;
      await fail(document, error.code, error.message);
      return "failed";
    }
    signal.throwIfAborted();

    await deps.index.deleteDocument(document.tenantId, document.id, signal);
    for (let start = 0; start < chunks.length; start += batchSize) {
      await deps.index.upsertChunks(document.tenantId, chunks.slice(start, start + batchSize), signal);
      const done = Math.min(start + batchSize, chunks.length);
      await emit({ type: "document.progress", document, chunksDone: done, chunksTotal: chunks.length });
    }
    const ready = await deps.store.markReady(document.tenantId, document.id, { pages, chunks: chunks.length }, deps.now());
    if (!ready) {
      // Deleted (or failed) while it was being indexed: take back what this job wrote. When a
      // duplicate job made it ready meanwhile, its chunks are the very ones written here: keep them.
      const current = await deps.store.get(document.tenantId, document.id);
      if (current?.status !== "ready") await deps.index.deleteDocument(document.tenantId, document.id, signal);
      return "skipped";
    }
    deps.onPagesProcessed?.(pages);
    await emit({ type: "document.ready", document: ready, chunksDone: chunks.length, chunksTotal: chunks.length });
    return "ready";
  }

  return {
    async handle(delivery) {
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      const { job } = delivery;
      try {
        const claimed = await deps.store.claim(job.tenant_id, job.document_id, deps.now());
        // Deleted, or finished by an earlier delivery of the same job.
        const outcome = claimed ? await startAndProcess(delivery, claimed) : "skipped";
        deps.onJobDone?.(outcome, seconds());
      } catch (error) {
        if (delivery.signal.aborted) {
          // Handed back (shutdown, lost broker connection): no attempt was used up.
          deps.logger.info({ documentId: job.document_id }, "ingest job handed back unfinished");
          throw error;
        }
        deps.onJobDone?.("retry", seconds());
        deps.logger.warn({ err: error, documentId: job.document_id, attempt: delivery.attempt }, "ingest job failed; it will be retried");
        throw error;
      }
    },

    async exhausted(delivery, error) {
      const document = await deps.store.get(delivery.job.tenant_id, delivery.job.document_id);
      deps.onJobDone?.("dead_lettered", 0);
      if (!document) return;
      const reason = error instanceof Error ? error.message : String(error);
      await fail(document, "retries_exhausted", `Gave up after ${delivery.attempt} attempts: ${reason}`);
    },
  };

  async function startAndProcess(delivery: JobDelivery, claimed: DocumentRecord): Promise<JobOutcome> {
    const heartbeat = deps.heartbeatMs ? setInterval(() => touch(claimed), deps.heartbeatMs) : undefined;
    heartbeat?.unref();
    try {
      await emit({ type: "document.processing", document: claimed, chunksDone: 0, chunksTotal: 0 });
      return await process(delivery, claimed);
    } finally {
      clearInterval(heartbeat);
    }
  }

  function touch(document: DocumentRecord): void {
    deps.store.touchProcessing(document.tenantId, document.id, deps.now()).catch((error: unknown) => {
      deps.logger.warn({ err: error, documentId: document.id }, "could not refresh a document in hand");
    });
  }
}

/** Errors that retrying cannot fix: a typed, non-retryable failure other than an internal one or a cancellation. */
function isPermanent(error: unknown): error is Error & { code: string } {
  return isAppError(error) && !error.isRetryable && error.kind !== "internal" && error.kind !== "cancelled";
}
