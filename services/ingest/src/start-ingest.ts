import { setMaxListeners } from "node:events";
import { protos, startGrpcServer, type HandlerRuntime } from "@chatbot/grpc";
import { counter, createGrpcServerMetrics, gauge, histogram } from "@chatbot/observability";
import { grpcSecurityOf, type ServiceDependencies, type ServiceHandle } from "@chatbot/runtime";
import { migrate, type SqlClient } from "@chatbot/sql";
import type { IngestConfig } from "./config";
import type { ChunkIndexClient } from "./domain/chunk-index.client";
import type { DocumentEvents } from "./domain/document.events";
import { createIngestService } from "./domain/ingest.service";
import { createIngestWorker } from "./domain/ingest-worker";
import { createLostJobSweeper, scheduleLostJobSweeps } from "./domain/lost-job-sweeper";
import type { JobQueue, JobQueueOptions } from "./domain/job.queue";
import { createInProcessDocumentEvents } from "./events/in-process-document.events";
import { RabbitDocumentEvents } from "./events/rabbit-document.events";
import { createWorkerReader } from "./parsing/worker-reader";
import { InProcessJobQueue } from "./queue/in-process-job.queue";
import { RabbitJobQueue } from "./queue/rabbit-job.queue";
import { rabbitNames } from "./queue/rabbit-names";
import { tracedJobQueue } from "./queue/traced-job.queue";
import { createGrpcChunkIndexClient } from "./clients/grpc-chunk-index.client";
import { ingestMigrations } from "./storage/ingest.migrations";
import { createSqlDocumentStore } from "./storage/sql-document.store";
import { openIngestStores } from "./storage/stores.factory";
import { createIngestHandlers } from "./transport/ingest.grpc";

export interface IngestStartOptions {
  /** An already open embedded database shared with other services; the caller closes it. */
  sql?: SqlClient;
  /** Postgres schema of the registry; default "ingest". */
  schema?: string;
  /** The chunk index; default the retrieval service at RETRIEVAL_ADDR. */
  index?: ChunkIndexClient;
  /** Chunks per UpsertChunks call (at most 256). */
  upsertBatchSize?: number;
  /** How often WatchDocument re-reads the registry; default 1 s. */
  watchPollMs?: number;
}

export const INGEST_SERVICE_NAME = "chatbot.ingest.v1.Ingest";
/** How often the queue depth gauge is refreshed. */
const DEPTH_SAMPLE_MS = 5000;
/** Documents re-enqueued per batch when the in-process queue recovers after a restart. */
const RECOVERY_BATCH = 10_000;
/** After a (re)connect to the broker, the lost-job sweep waits this long for consumers to settle. */
const SWEEP_AFTER_CONNECT_MS = 1000;

export async function startIngestService(config: IngestConfig, dependencies: ServiceDependencies, options: IngestStartOptions = {}): Promise<ServiceHandle> {
  const { logger, registry } = dependencies;
  const schema = options.schema ?? "ingest";
  // Ingest both serves calls and calls retrieval, with the same credentials.
  const security = grpcSecurityOf(config);
  const stores = await openIngestStores(config, logger, options.sql);
  const cleanups: Array<() => Promise<void> | void> = [() => stores.close()];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  };

  try {
    const applied = await migrate(stores.sql, { schema, migrations: ingestMigrations });
    if (applied.length > 0) logger.info({ schema, versions: applied }, "ingest schema migrated");
    const store = createSqlDocumentStore(stores.sql, schema);

    const jobs = counter(registry, {
      name: "chatbot_ingest_jobs_total",
      help: "Ingestion jobs handled, by outcome (ready, failed, retry, skipped, dead_lettered)",
      labelNames: ["outcome"] as const,
    });
    const jobDuration = histogram(registry, {
      name: "chatbot_ingest_job_duration_seconds",
      help: "Time from picking up an ingestion job to its outcome",
      labelNames: ["outcome"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    });
    const pagesProcessed = counter(registry, {
      name: "chatbot_ingest_pages_processed_total",
      help: "Pages of documents that became ready",
      labelNames: [] as const,
    });
    const deadLetters = counter(registry, {
      name: "chatbot_ingest_dead_letters_total",
      help: "Jobs sent to the dead-letter queue, by reason (malformed, exhausted)",
      labelNames: ["reason"] as const,
    });
    const republished = counter(registry, {
      name: "chatbot_ingest_jobs_republished_total",
      help: "Ingestion jobs published again because the queue had lost them (a broker back without its data)",
      labelNames: [] as const,
    });
    const queueDepth = gauge(registry, {
      name: "chatbot_ingest_queue_depth",
      help: "Jobs waiting in the ingestion queue (sampled)",
      labelNames: [] as const,
    });

    const queueOptions: JobQueueOptions = {
      maxAttempts: config.INGEST_MAX_ATTEMPTS,
      retryDelayMs: config.INGEST_RETRY_DELAY_MS,
      prefetch: config.INGEST_PREFETCH,
      onDeadLetter: (reason) => deadLetters.inc({ reason }),
    };
    let queue: JobQueue;
    let events: DocumentEvents;
    if (stores.rabbit) {
      const rabbitQueue = new RabbitJobQueue(stores.rabbit, { ...queueOptions, prefix: config.INGEST_QUEUE_PREFIX }, logger);
      const rabbitEvents = new RabbitDocumentEvents(stores.rabbit, rabbitNames(config.INGEST_QUEUE_PREFIX).events, logger);
      // Events first, here and after every reconnect: the job consumer starts delivering at
      // once, and the progress of those jobs goes out on the events channel.
      await rabbitEvents.start();
      await rabbitQueue.start();
      queue = tracedJobQueue(rabbitQueue, rabbitNames(config.INGEST_QUEUE_PREFIX).jobs);
      events = rabbitEvents;
    } else {
      queue = tracedJobQueue(new InProcessJobQueue(queueOptions, logger), "ingest.jobs");
      events = createInProcessDocumentEvents();
    }
    cleanups.push(() => events.close());

    const index = options.index ?? createGrpcChunkIndexClient({ address: config.RETRIEVAL_ADDR, security });
    if (!options.index) cleanups.push(() => index.close());
    cleanups.push(() => queue.close());
    const stopping = new AbortController();
    // One listener per open WatchDocument stream: bounded by open calls, not by a constant.
    setMaxListeners(0, stopping.signal);

    const now = () => new Date();
    const service = createIngestService({
      store,
      queue,
      events,
      index,
      maxUploadMb: config.MAX_UPLOAD_MB,
      now,
      logger,
      ...(options.watchPollMs ? { watchPollMs: options.watchPollMs } : {}),
      shutdown: stopping.signal,
    });
    const reader = createWorkerReader({
      limits: {
        maxPages: config.MAX_DOCUMENT_PAGES,
        maxChars: config.MAX_DOCUMENT_CHARS,
        maxChunks: config.MAX_DOCUMENT_CHUNKS,
        maxUnpackedBytes: config.MAX_DOCUMENT_UNPACKED_MB * 1024 * 1024,
        maxArchiveEntries: config.MAX_DOCUMENT_ARCHIVE_ENTRIES,
      },
      chunking: { size: config.CHUNK_SIZE, overlap: config.CHUNK_OVERLAP },
      timeoutMs: config.PARSE_TIMEOUT_SECONDS * 1000,
      // One thread per job in hand: the jobs of a burst are read at once, none waiting for a thread to load.
      threads: config.INGEST_PREFETCH,
    });
    cleanups.push(() => reader.close());
    // Loading pdf.js takes seconds (several on a busy machine): done before the service reports
    // ready, not while the first jobs are in hand.
    await reader.warm();
    const worker = createIngestWorker({
      store,
      index,
      events,
      read: reader.read,
      ...(options.upsertBatchSize ? { batchSize: options.upsertBatchSize } : {}),
      now,
      logger,
      heartbeatMs: (config.INGEST_LOST_JOB_GRACE_SECONDS * 1000) / 4,
      onJobDone: (outcome, seconds) => {
        jobs.inc({ outcome });
        if (outcome !== "dead_lettered") jobDuration.observe({ outcome }, seconds);
      },
      onPagesProcessed: (pages) => pagesProcessed.inc(pages),
    });

    const metrics = createGrpcServerMetrics(registry, "ingest");
    const runtime: HandlerRuntime = { logger, observe: metrics.observe };
    const server = await startGrpcServer(
      {
        service: "ingest",
        host: config.GRPC_HOST,
        security,
        port: config.GRPC_PORT,
        logger,
        runtime,
        stores: stores.probes,
        healthNames: [INGEST_SERVICE_NAME],
      },
      (grpcServer) => grpcServer.addService(protos.ingest().Ingest.service, createIngestHandlers(service, runtime)),
    );
    cleanups.push(() => server.shutdown());
    // First thing on stop: jobs in hand go back to the queue for another replica, and progress
    // streams end, so neither waits for the server's grace period. Submissions still publish.
    cleanups.push(async () => {
      stopping.abort();
      await queue.stopConsuming();
    });

    await queue.consume(worker);
    if (queue.kind === "in-process") {
      // Nothing of an in-process queue survives a restart: the registry says what was left to do.
      const unfinished = await store.listUnfinished(RECOVERY_BATCH);
      for (const job of unfinished) await queue.publish({ document_id: job.documentId, tenant_id: job.tenantId });
      if (unfinished.length > 0) logger.info({ documents: unfinished.length }, "unfinished documents queued again");
    }

    const sweeps = scheduleLostJobSweeps(
      createLostJobSweeper({
        store,
        queue,
        graceMs: config.INGEST_LOST_JOB_GRACE_SECONDS * 1000,
        now,
        logger,
        onRepublished: (count) => republished.inc(count),
      }),
      { intervalMs: config.INGEST_LOST_JOB_CHECK_SECONDS * 1000, soonMs: SWEEP_AFTER_CONNECT_MS, logger },
    );
    cleanups.push(() => sweeps.stop());
    // Runs now and after every reconnect, after the queue's own setup: a broker that comes
    // back empty is noticed at once rather than at the next interval.
    await stores.rabbit?.addSetup(async () => sweeps.sweepSoon());

    // A broker that is briefly away leaves the last sample in place rather than a false 0.
    const sampleDepth = () => {
      queue.depth().then(
        (depth) => queueDepth.set(depth),
        () => undefined,
      );
    };
    sampleDepth();
    const sampler = setInterval(sampleDepth, DEPTH_SAMPLE_MS);
    sampler.unref();
    cleanups.push(() => clearInterval(sampler));

    return {
      address: server.address,
      port: server.port,
      // Reverse order of start: stop sampling, hand jobs back, stop the server, close the queue and the stores.
      stop: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
