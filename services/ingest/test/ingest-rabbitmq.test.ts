import { createHash, randomUUID } from "node:crypto";
import { callUnary } from "@chatbot/grpc";
import { createPostgresClient, migrate, type SqlClient } from "@chatbot/sql";
import { testLogger, testStores, uniqueName, waitFor } from "@chatbot/testkit";
import type { ChunkIndexClient } from "../src/domain/chunk-index.client";
import type { DocumentEvent } from "../src/domain/document.types";
import { createIngestWorker } from "../src/domain/ingest-worker";
import { createInProcessDocumentEvents } from "../src/events/in-process-document.events";
import { RabbitDocumentEvents } from "../src/events/rabbit-document.events";
import { readDocument, UNLIMITED } from "../src/parsing/read-document";
import { RabbitConnection } from "../src/queue/rabbit-connection";
import { RabbitJobQueue } from "../src/queue/rabbit-job.queue";
import { rabbitNames } from "../src/queue/rabbit-names";
import { createSqlDocumentStore } from "../src/storage/sql-document.store";
import { ingestMigrations } from "../src/storage/ingest.migrations";
import { koreanPdf, longKoreanPdf } from "./support/korean-documents";
import { countChunks, startIngest, startRetrieval, watchUntilDone, type IngestUnderTest } from "./support/ingest-system";
import { deleteTopology, dropSocket, openRabbitHarness, uniquePrefix } from "./support/rabbit";

const TENANT = "테넌트-분산";

describe("ingest on Postgres and RabbitMQ", () => {
  let retrieval: Awaited<ReturnType<typeof startRetrieval>>;
  let pg: SqlClient;
  const schema = uniqueName("ingest_test");
  const prefix = uniquePrefix();
  const running: IngestUnderTest[] = [];
  const env = {
    DATABASE_URL: testStores.postgresUrl,
    RABBITMQ_URL: testStores.rabbitmqUrl,
    INGEST_QUEUE_PREFIX: prefix,
    INGEST_RETRY_DELAY_MS: "100",
    CHUNK_SIZE: "120",
    CHUNK_OVERLAP: "20",
  };
  const startReplica = async () => {
    const replica = await startIngest(env, { schema, index: retrieval.index, upsertBatchSize: 2, watchPollMs: 5000 });
    running.push(replica);
    return replica;
  };

  beforeAll(async () => {
    retrieval = await startRetrieval();
    pg = createPostgresClient({ connectionString: testStores.postgresUrl });
    await migrate(pg, { schema, migrations: ingestMigrations });
  });

  afterAll(async () => {
    for (const replica of running) await replica.stop().catch(() => undefined);
    await pg?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pg?.close();
    await retrieval?.stop();
    await deleteTopology(prefix);
  });

  it("processes a Korean PDF submitted on one replica while another watches it through ingest.events", async () => {
    const [first, second] = [await startReplica(), await startReplica()];
    const submitted = await callUnary(first!.client, "ingest", "SubmitDocument", {
      tenant_id: TENANT,
      content: koreanPdf(3),
      filename: "분산-도시안내.pdf",
    });
    const id = submitted.document!.document_id;
    // The registry is polled only every 5 s here: finishing sooner shows the events crossed replicas.
    const started = Date.now();
    const events = await watchUntilDone(second!.client, TENANT, id);
    expect(Date.now() - started).toBeLessThan(4500);
    expect(events[events.length - 1]!.document).toMatchObject({ status: "ready", pages: 3 });
    expect(events.some((event) => event.type === "document.progress")).toBe(true);
    expect(await countChunks(retrieval.client, TENANT, id)).toBe(events[events.length - 1]!.document!.chunks);

    const again = await callUnary(second!.client, "ingest", "SubmitDocument", { tenant_id: TENANT, content: koreanPdf(3), filename: "다시.pdf" });
    expect(again).toMatchObject({ created: false, document: { document_id: id } });
    for (const replica of running.splice(0)) await replica.stop();
  });

  it("redelivers the job of a worker that dies mid-job; another worker finishes it without duplicate chunks", async () => {
    const logger = testLogger("ingest-worker-a");
    const connection = new RabbitConnection({ url: testStores.rabbitmqUrl, logger, maxBackoffMs: 200 });
    await connection.start();
    const queue = new RabbitJobQueue(connection, { maxAttempts: 3, retryDelayMs: 100, prefetch: 1, prefix }, logger);
    await queue.start();
    const store = createSqlDocumentStore(pg, schema);
    let upserts = 0;
    let died = false;
    const dying: ChunkIndexClient = {
      ...retrieval.index,
      async upsertChunks(tenantId, chunks, signal) {
        upserts += 1;
        if (upserts === 2) {
          // Worker A dies with the job in hand: its connection drops before any ack.
          dropSocket(connection);
          await queue.close();
          await connection.close();
          died = true;
          throw new Error("작업자 A가 죽었습니다");
        }
        await retrieval.index.upsertChunks(tenantId, chunks, signal);
      },
      deleteDocument: (tenantId, documentId, signal) => retrieval.index.deleteDocument(tenantId, documentId, signal),
    };
    await queue.consume(
      createIngestWorker({
        store,
        index: dying,
        events: createInProcessDocumentEvents(),
        read: (content, mediaType) => readDocument(content, mediaType, { limits: UNLIMITED, chunking: { size: 120, overlap: 20 } }),
        batchSize: 2,
        now: () => new Date(),
        logger,
      }),
    );

    const content = longKoreanPdf(2, 8, "재전송 ");
    const { document } = await store.insertOrGetExisting({
      id: randomUUID(),
      tenantId: TENANT,
      filename: "재전송.pdf",
      title: "재전송",
      mediaType: "application/pdf",
      sha256: createHash("sha256").update(content).digest("hex"),
      sizeBytes: content.length,
      content,
      metadata: {},
      source: "재전송.pdf",
      now: new Date(),
    });
    await queue.publish({ document_id: document.id, tenant_id: TENANT });
    await waitFor(() => died, { what: "worker A to die mid-job" });
    expect(await countChunks(retrieval.client, TENANT, document.id)).toBe(2);
    expect((await store.get(TENANT, document.id))!.status).toBe("processing");

    const workerB = await startReplica();
    const events = await watchUntilDone(workerB.client, TENANT, document.id);
    const ready = events[events.length - 1]!.document!;
    expect(ready.status).toBe("ready");
    expect(ready.chunks).toBeGreaterThan(4);
    expect(await countChunks(retrieval.client, TENANT, document.id)).toBe(ready.chunks);
    expect((await store.get(TENANT, document.id))!.attempts).toBe(2);
  });

  it("publishes and consumes again after the broker drops the connection, events included", async () => {
    const harness = await openRabbitHarness({ maxAttempts: 3, retryDelayMs: 100, prefetch: 2 });
    const events = new RabbitDocumentEvents(harness.connection, rabbitNames(harness.prefix).events, testLogger("ingest-events"));
    try {
      await events.start();
      const handled: string[] = [];
      const seen: DocumentEvent[] = [];
      events.subscribe((event) => seen.push(event));
      await harness.queue.consume({
        async handle(delivery) {
          handled.push(delivery.job.document_id);
        },
        async exhausted() {},
      });
      await harness.queue.publish({ document_id: "끊기기-전", tenant_id: TENANT });
      await waitFor(() => handled.includes("끊기기-전"), { what: "a job before the drop" });

      const before = harness.connection.current;
      dropSocket(harness.connection);
      await waitFor(() => harness.connection.current !== undefined && harness.connection.current !== before, { what: "a reconnect" });
      await waitFor(
        async () => {
          await harness.queue.publish({ document_id: "다시-연결-후", tenant_id: TENANT });
          return true;
        },
        { what: "publishing to resume" },
      );
      await waitFor(() => handled.includes("다시-연결-후"), { what: "consuming to resume" });

      const document = (await createSqlDocumentStore(pg, schema).list({ tenantId: TENANT, limit: 1 }))[0]!;
      await waitFor(
        async () => {
          await events.publish({ type: "document.ready", document, chunksDone: 1, chunksTotal: 1 });
          return seen.some((event) => event.type === "document.ready");
        },
        { what: "events after the reconnect" },
      );
      expect(seen.find((event) => event.type === "document.ready")!.document.updatedAt).toEqual(document.updatedAt);
    } finally {
      await events.close();
      await harness.close();
    }
  });
});
