import { createHash, randomUUID } from "node:crypto";
import { createPgliteClient, createPostgresClient, migrate, type SqlClient } from "@chatbot/sql";
import { testLogger, testStores, uniqueName, waitFor } from "@chatbot/testkit";
import type { ChunkIndexClient, IndexedChunk } from "../src/domain/chunk-index.client";
import type { DocumentStore } from "../src/domain/document.store";
import { createIngestWorker } from "../src/domain/ingest-worker";
import type { IngestJob, JobDelivery } from "../src/domain/job.queue";
import { createLostJobSweeper } from "../src/domain/lost-job-sweeper";
import { createInProcessDocumentEvents } from "../src/events/in-process-document.events";
import { readDocument, UNLIMITED } from "../src/parsing/read-document";
import { InProcessJobQueue } from "../src/queue/in-process-job.queue";
import { createSqlDocumentStore } from "../src/storage/sql-document.store";
import { ingestMigrations } from "../src/storage/ingest.migrations";
import { loadIngestConfig } from "../src";

const TENANT = "테넌트-유실작업";
const GRACE_MS = 120_000;
const MINUTE = 60_000;
const logger = testLogger("lost-job-sweeper");

/** The time the registry, the sweeper and the worker see; moved by hand, so no test waits out a grace. */
function testClock() {
  let at = Date.parse("2025-03-03T09:00:00Z");
  return {
    now: () => new Date(at),
    advance(ms: number) {
      at += ms;
    },
    ago: (ms: number) => new Date(at - ms),
  };
}

/** The embedded-mode queue with no worker attached: what the sweeper publishes waits in it. */
function idleQueue() {
  return new InProcessJobQueue({ maxAttempts: 1, retryDelayMs: 0, prefetch: 1000 }, logger);
}

/** Every job waiting in the queue, in order, taken off it (as a worker would). */
async function takeWaiting(queue: InProcessJobQueue): Promise<IngestJob[]> {
  const jobs: IngestJob[] = [];
  await queue.consume({ handle: async (delivery) => void jobs.push(delivery.job), exhausted: async () => undefined });
  await queue.stopConsuming();
  return jobs;
}

async function register(store: DocumentStore, text: string, at: Date): Promise<string> {
  const content = Buffer.from(text, "utf8");
  const { document } = await store.insertOrGetExisting({
    id: randomUUID(),
    tenantId: TENANT,
    filename: `${text}.txt`,
    title: text,
    mediaType: "text/plain",
    sha256: createHash("sha256").update(content).digest("hex"),
    sizeBytes: content.length,
    content,
    metadata: {},
    source: "",
    now: at,
  });
  return document.id;
}

const jobOf = (documentId: string): IngestJob => ({ document_id: documentId, tenant_id: TENANT });

interface Registry {
  sql: SqlClient;
  clear(): Promise<void>;
  close(): Promise<void>;
}

async function postgresRegistry(): Promise<Registry & { schema: string }> {
  const sql = createPostgresClient({ connectionString: testStores.postgresUrl });
  const schema = uniqueName("ingest_sweep");
  await migrate(sql, { schema, migrations: ingestMigrations });
  return {
    sql,
    schema,
    clear: async () => void (await sql.query(`DELETE FROM ${schema}.documents`)),
    async close() {
      await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await sql.close();
    },
  };
}

async function pgliteRegistry(): Promise<Registry & { schema: string }> {
  const sql = await createPgliteClient({});
  const schema = "ingest";
  await migrate(sql, { schema, migrations: ingestMigrations });
  return { sql, schema, clear: async () => void (await sql.query(`DELETE FROM ${schema}.documents`)), close: () => sql.close() };
}

describe.each([
  ["Postgres", postgresRegistry],
  ["PGlite", pgliteRegistry],
])("lost-job sweeper on %s", (_name, open) => {
  let registry: Awaited<ReturnType<typeof open>>;
  let store: DocumentStore;
  let clock: ReturnType<typeof testClock>;
  let queue: InProcessJobQueue;
  const sweeperOn = (batchSize?: number) => createLostJobSweeper({ store, queue, graceMs: GRACE_MS, now: clock.now, logger, ...(batchSize ? { batchSize } : {}) });

  beforeAll(async () => {
    registry = await open();
    store = createSqlDocumentStore(registry.sql, registry.schema);
  });
  beforeEach(() => {
    clock = testClock();
    queue = idleQueue();
  });
  afterEach(async () => {
    await queue.close();
    await registry.clear();
  });
  afterAll(async () => {
    await registry?.close();
  });

  it("publishes nothing while a job waits in the queue, however old the queued document", async () => {
    const id = await register(store, "오래된 안내문입니다", clock.ago(30 * MINUTE));
    const other = await register(store, "대기 중인 다른 안내문입니다", clock.ago(MINUTE));
    await queue.publish(jobOf(other));
    expect(await sweeperOn().sweep()).toBe(0);
    expect(await takeWaiting(queue)).toEqual([jobOf(other)]);
    // Not even claimed: once the queue is empty it is found at once.
    expect((await store.get(TENANT, id))!.updatedAt).toEqual(clock.ago(30 * MINUTE));
  });

  it("leaves a document queued within the grace alone: its job may be being published right now", async () => {
    await register(store, "방금 올린 안내문입니다", clock.ago(GRACE_MS - 1000));
    expect(await sweeperOn().sweep()).toBe(0);
    expect(await takeWaiting(queue)).toEqual([]);
  });

  it("publishes the job of a document left queued past the grace once, and not again before another grace", async () => {
    const lost = await register(store, "작업을 잃어버린 안내문입니다", clock.ago(GRACE_MS + 1000));
    const ready = await register(store, "이미 처리된 안내문입니다", clock.ago(30 * MINUTE));
    await store.claim(TENANT, ready, clock.ago(29 * MINUTE));
    await store.markReady(TENANT, ready, { pages: 1, chunks: 2 }, clock.ago(29 * MINUTE));
    const failed = await register(store, "실패한 안내문입니다", clock.ago(30 * MINUTE));
    await store.markFailed(TENANT, failed, { code: "empty_document", message: "내용이 없습니다" }, clock.ago(29 * MINUTE));

    const sweeper = sweeperOn();
    expect(await sweeper.sweep()).toBe(1);
    expect(await takeWaiting(queue)).toEqual([jobOf(lost)]);
    expect(await sweeper.sweep()).toBe(0);
    expect(await takeWaiting(queue)).toEqual([]);
    expect((await store.get(TENANT, lost))!.status).toBe("queued");

    // That job went missing too (the broker lost its data again): after another grace it is published again.
    clock.advance(GRACE_MS + 1000);
    expect(await sweeper.sweep()).toBe(1);
    expect(await takeWaiting(queue)).toEqual([jobOf(lost)]);
  });

  it("takes a processing document whose worker let go of it, not one a worker keeps refreshing", async () => {
    const abandoned = await register(store, "버려진 작업의 안내문입니다", clock.ago(30 * MINUTE));
    const held = await register(store, "처리 중인 안내문입니다", clock.ago(30 * MINUTE));
    await store.claim(TENANT, abandoned, clock.ago(10 * MINUTE));
    await store.claim(TENANT, held, clock.ago(10 * MINUTE));
    await store.touchProcessing(TENANT, held, clock.ago(5000));

    expect(await sweeperOn().sweep()).toBe(1);
    expect(await takeWaiting(queue)).toEqual([jobOf(abandoned)]);
  });

  it("publishes every lost document exactly once when two replicas sweep at the same time, in batches", async () => {
    const ids: string[] = [];
    for (let n = 0; n < 25; n += 1) ids.push(await register(store, `잃어버린 안내문 제${n}호`, clock.ago(30 * MINUTE - n * 1000)));
    const [first, second] = [sweeperOn(4), sweeperOn(4)];
    const counts = await Promise.all([first!.sweep(), second!.sweep()]);

    expect(counts[0]! + counts[1]!).toBe(25);
    expect((await takeWaiting(queue)).map((job) => job.document_id).sort()).toEqual([...ids].sort());
    expect(await first!.sweep()).toBe(0);
  });

  it("a claimed document whose publish failed is published by a later sweep", async () => {
    const id = await register(store, "발행이 실패한 안내문입니다", clock.ago(30 * MINUTE));
    const failing = {
      waitingJobs: async () => 0,
      publish: async () => {
        throw new Error("브로커가 응답하지 않습니다");
      },
    };
    await expect(createLostJobSweeper({ store, queue: failing, graceMs: GRACE_MS, now: clock.now, logger }).sweep()).rejects.toThrow("브로커가 응답하지 않습니다");
    expect(await sweeperOn().sweep()).toBe(0);
    clock.advance(GRACE_MS + 1000);
    expect(await sweeperOn().sweep()).toBe(1);
    expect(await takeWaiting(queue)).toEqual([jobOf(id)]);
  });
});

describe("the worker and the lost-job sweeper", () => {
  let registry: Awaited<ReturnType<typeof pgliteRegistry>>;
  let store: DocumentStore;
  const events = createInProcessDocumentEvents();

  beforeAll(async () => {
    registry = await pgliteRegistry();
    store = createSqlDocumentStore(registry.sql, registry.schema);
  });
  afterAll(async () => {
    await events.close();
    await registry?.close();
  });

  /**
   * An index in memory. `held` waits while `hold()` is on (or until the call is cancelled);
   * `direct` is the same index without waiting, as another worker reaches it.
   */
  function memoryIndex() {
    const chunks = new Map<string, IndexedChunk>();
    let gate: { promise: Promise<void>; open: () => void } | undefined;
    const waiting = new Set<string>();
    const pass = async (name: string, signal?: AbortSignal) => {
      const current = gate;
      if (!current) return;
      waiting.add(name);
      try {
        await new Promise<void>((resolve, reject) => {
          void current.promise.then(resolve);
          signal?.addEventListener("abort", () => reject(signal.reason instanceof Error ? signal.reason : new Error("cancelled")), { once: true });
        });
      } finally {
        waiting.delete(name);
      }
    };
    const view = (wait: boolean): ChunkIndexClient => ({
      async upsertChunks(_tenantId, batch, signal) {
        if (wait) await pass("upsert", signal);
        for (const chunk of batch) chunks.set(chunk.chunkId, chunk);
      },
      async deleteDocument(_tenantId, documentId, signal) {
        if (wait) await pass("delete", signal);
        for (const id of [...chunks.keys()]) if (id.startsWith(`${documentId}#`)) chunks.delete(id);
        return 0;
      },
      countChunks: async () => chunks.size,
      close: async () => undefined,
    });
    return {
      held: view(true),
      direct: view(false),
      chunks,
      waiting,
      hold() {
        let open = () => undefined as void;
        const promise = new Promise<void>((resolve) => (open = resolve));
        gate = { promise, open };
      },
      release() {
        gate?.open();
        gate = undefined;
      },
    };
  }

  const workerOn = (index: ChunkIndexClient, now: () => Date, heartbeatMs?: number) =>
    createIngestWorker({
      store,
      index,
      events,
      read: (content, mediaType) => readDocument(content, mediaType, { limits: UNLIMITED, chunking: { size: 60, overlap: 10 } }),
      now,
      logger,
      ...(heartbeatMs ? { heartbeatMs } : {}),
    });
  const delivery = (documentId: string, signal = new AbortController().signal): JobDelivery => ({ job: jobOf(documentId), headers: {}, attempt: 1, signal });
  const text = "서울 도서관 이용 안내입니다. 평일 오전 9시부터 오후 6시까지 운영합니다. 주말에는 온라인으로만 예약을 받습니다. 문의는 민원실로 해 주십시오.";

  it("never takes a document a worker holds for longer than the grace, and takes it once the worker lets go", async () => {
    const clock = testClock();
    const queue = idleQueue();
    const index = memoryIndex();
    const worker = workerOn(index.held, clock.now, 20);
    const sweeper = createLostJobSweeper({ store, queue, graceMs: GRACE_MS, now: clock.now, logger });
    const id = await register(store, text, clock.ago(30 * MINUTE));

    index.hold();
    const lostConnection = new AbortController();
    const handling = worker.handle(delivery(id, lostConnection.signal));
    await waitFor(() => index.waiting.has("delete"), { what: "the worker to hold the document" });
    clock.advance(10 * MINUTE);
    await waitFor(async () => (await store.get(TENANT, id))!.updatedAt.getTime() === clock.now().getTime(), {
      what: "the worker to refresh the document it holds",
    });
    expect(await sweeper.sweep()).toBe(0);

    // Its broker connection goes, and with it the job (a broker that comes back empty).
    lostConnection.abort(new Error("브로커 연결이 끊겼습니다"));
    await expect(handling).rejects.toThrow("브로커 연결이 끊겼습니다");
    expect((await store.get(TENANT, id))!.status).toBe("processing");
    clock.advance(GRACE_MS + 1000);
    expect(await sweeper.sweep()).toBe(1);
    expect(await takeWaiting(queue)).toEqual([jobOf(id)]);
    await queue.close();

    index.release();
    await worker.handle(delivery(id));
    expect((await store.get(TENANT, id))!.status).toBe("ready");
    const chunkIds = [...index.chunks.keys()].sort();
    expect(chunkIds.length).toBeGreaterThan(1);
    // A duplicate of the job (a second sweeper, a redelivery) finds it ready and changes nothing.
    await worker.handle(delivery(id));
    expect([...index.chunks.keys()].sort()).toEqual(chunkIds);
  });

  it("keeps the chunks when a duplicate job made the document ready while the first was still writing", async () => {
    const index = memoryIndex();
    const now = () => new Date();
    const id = await register(store, `${text} 같은 문서의 작업이 두 번 발행되었습니다.`, now());

    index.hold();
    const first = workerOn(index.held, now).handle(delivery(id));
    await waitFor(() => index.waiting.has("delete"), { what: "the first job to hold the document" });
    await workerOn(index.direct, now).handle(delivery(id));
    const ready = await store.get(TENANT, id);
    expect(ready).toMatchObject({ status: "ready" });
    expect(index.chunks.size).toBe(ready!.chunks);

    index.release();
    await first;
    expect(await store.get(TENANT, id)).toMatchObject({ status: "ready", chunks: ready!.chunks });
    expect(index.chunks.size).toBe(ready!.chunks);
  });
});

it("reads the sweep interval and grace from the environment", () => {
  expect(loadIngestConfig({})).toMatchObject({ INGEST_LOST_JOB_CHECK_SECONDS: 60, INGEST_LOST_JOB_GRACE_SECONDS: 120 });
  expect(loadIngestConfig({ INGEST_LOST_JOB_CHECK_SECONDS: "1", INGEST_LOST_JOB_GRACE_SECONDS: "2" })).toMatchObject({
    INGEST_LOST_JOB_CHECK_SECONDS: 1,
    INGEST_LOST_JOB_GRACE_SECONDS: 2,
  });
  expect(() => loadIngestConfig({ INGEST_LOST_JOB_GRACE_SECONDS: "0" })).toThrow(/INGEST_LOST_JOB_GRACE_SECONDS: must be positive/);
});
