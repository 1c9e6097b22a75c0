import { type DisposableRabbitMq, reportMeasurement, scaledTimeout, startDisposableRabbitMq, waitFor } from "@chatbot/testkit";
import { expectIndexedExactlyOnce } from "./support/ingest-checks";
import { koreanNotice } from "./support/ingest-documents";
import { closeWithBroker, startIngestFaultSystem, type IngestFaultSystem, type IngestInstance } from "./support/ingest-fault-system";

/**
 * RabbitMQ comes back without its data (a container without a volume) while documents
 * wait for ingestion: every job the broker held is gone, including the ones a worker had
 * in hand. The ingest service notices that the queues are empty while documents are still
 * unfinished, publishes their jobs again, and every document ends ready exactly once.
 */

const DOCUMENTS = 12;
/** Documents that finish before the broker goes; the next ones are in hand or queued on the broker. */
const READY_BEFORE_STOP = 3;
/** Small here so the test does not wait out production's minute-scale values. */
const SWEEP = { INGEST_LOST_JOB_CHECK_SECONDS: "1", INGEST_LOST_JOB_GRACE_SECONDS: "2" };

let broker: DisposableRabbitMq;
let system: IngestFaultSystem;
let ingest: IngestInstance;
const measured: Record<string, number> = {};
const since = (started: number) => Math.round(performance.now() - started);

beforeAll(async () => {
  broker = await startDisposableRabbitMq();
  system = await startIngestFaultSystem(broker.url);
  ingest = await system.startIngest({ admit: READY_BEFORE_STOP, env: SWEEP });
}, scaledTimeout(60_000));

afterAll(async () => {
  await closeWithBroker(system, broker);
  reportMeasurement("rabbitmq-data-loss (ms)", measured);
}, scaledTimeout(30_000));

async function statuses(): Promise<string[]> {
  return (await system.listDocuments()).map((document) => document.status as string);
}

async function republished(): Promise<number> {
  const metrics = await ingest.registry.metrics();
  return Number(/^chatbot_ingest_jobs_republished_total (\d+)$/m.exec(metrics)?.[1] ?? Number.NaN);
}

describe("RabbitMQ back without its data", () => {
  it(
    "publishes the lost jobs again: every document ends ready with no duplicate chunk",
    async () => {
      const testStarted = performance.now();
      const documents = Array.from({ length: DOCUMENTS }, (_, n) => koreanNotice(300 + n));
      const uploads = await Promise.all(documents.map((document) => system.upload(document)));
      expect(uploads.map((upload) => upload.status)).toEqual(documents.map(() => 202));
      const ids = uploads.map((upload) => upload.body.document_id as string);

      // Some are ready, the worker holds the next ones, the rest wait on the broker.
      await waitFor(async () => (await statuses()).filter((status) => status === "ready").length === READY_BEFORE_STOP && ingest.gate.held.size > 0, {
        timeoutMs: 20_000,
        intervalMs: 100,
        what: `${READY_BEFORE_STOP} documents ready and more in hand`,
      });
      expect((await system.queueDepths()).jobs).toBeGreaterThan(0);
      // While the broker holds their jobs, nothing is published again however long it takes.
      expect(await republished()).toBe(0);

      let started = performance.now();
      await broker.stop();
      await broker.wipe();
      await broker.start();
      measured.brokerDownMs = since(started);
      const upAt = performance.now();
      ingest.gate.open();

      const before = await statuses();
      const unfinished = before.filter((status) => status !== "ready").length;
      expect(unfinished).toBe(DOCUMENTS - READY_BEFORE_STOP);
      expect(before).not.toContain("failed");

      await waitFor(async () => (await statuses()).every((status) => status === "ready"), {
        timeoutMs: 20_000,
        intervalMs: 100,
        what: "every document ready after the broker came back empty",
      });
      measured.allReadyAfterBrokerUpMs = since(upAt);
      expect(measured.allReadyAfterBrokerUpMs).toBeLessThan(scaledTimeout(10_000));

      started = performance.now();
      await expectIndexedExactlyOnce(
        system,
        ids.map((id, n) => ({ id, document: documents[n]! })),
      );
      measured.checksMs = since(started);
      // Each lost job was published once: none for the documents that were ready already.
      expect(await republished()).toBe(unfinished);
      expect(await system.queueDepths()).toEqual({ jobs: 0, retry: 0, dead: 0 });
      expect((await system.health()).body.stores["ingest.queue"]).toMatchObject({ status: "ok" });
      measured.republished = unfinished;
      measured.testMs = since(testStarted);
    },
    scaledTimeout(60_000),
  );
});
