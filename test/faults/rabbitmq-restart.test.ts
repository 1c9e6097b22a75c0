import { type DisposableServer, reportMeasurement, scaledTimeout, startDisposableRabbitMq, waitFor } from "@chatbot/testkit";
import { readSse, type SseReadResult } from "../../services/gateway/test/support/sse-client";
import { expectIndexedExactlyOnce } from "./support/ingest-checks";
import { koreanNotice, type KoreanTextDocument } from "./support/ingest-documents";
import { closeWithBroker, startIngestFaultSystem, type IngestFaultSystem, type IngestInstance } from "./support/ingest-fault-system";

/**
 * RabbitMQ is restarted while 50 documents are being ingested. The ingest service keeps
 * running, reconnects by itself, and finishes every document exactly once: no document is
 * lost and no chunk is stored twice.
 *
 * Behaviour chosen for uploads while the broker is down: they are refused at once with
 * 503 `queue_unavailable` and leave nothing behind (no document stuck in `queued`); the
 * same upload succeeds once the broker is back. A 503 is retryable by contract, so the
 * client does what it does for any 503.
 */

const DOCUMENTS = 50;
/** Documents that finish before the broker goes away; the next ones are in hand when it does. */
const READY_BEFORE_STOP = 12;
const DURING_OUTAGE = 3;
/** At most this many uploads are sent one after another while the broker is shutting down. */
const WHILE_STOPPING = 15;

let broker: DisposableServer;
let system: IngestFaultSystem;
let ingest: IngestInstance;
const measured: Record<string, number> = {};
const since = (started: number) => Math.round(performance.now() - started);

beforeAll(async () => {
  const started = performance.now();
  broker = await startDisposableRabbitMq();
  measured.brokerFirstStartMs = since(started);
  system = await startIngestFaultSystem(broker.url);
  // Progress streams re-read the registry only every minute: what they show comes through the events exchange.
  ingest = await system.startIngest({ admit: READY_BEFORE_STOP, watchPollMs: 60_000 });
}, scaledTimeout(60_000));

afterAll(async () => {
  await closeWithBroker(system, broker);
  reportMeasurement("rabbitmq-restart (ms)", measured);
}, scaledTimeout(30_000));

async function uploadAll(documents: KoreanTextDocument[], concurrency = 5) {
  const results: Array<Awaited<ReturnType<IngestFaultSystem["upload"]>>> = [];
  for (let start = 0; start < documents.length; start += concurrency) {
    results.push(...(await Promise.all(documents.slice(start, start + concurrency).map((document) => system.upload(document)))));
  }
  return results;
}

async function statuses(): Promise<Map<string, string>> {
  return new Map((await system.listDocuments()).map((document) => [document.document_id as string, document.status as string]));
}

describe("RabbitMQ restarted while documents are ingested", () => {
  it(
    "ends all 50 documents ready with no duplicate chunk; uploads during the outage get 503 and succeed afterwards",
    async () => {
      const testStarted = performance.now();
      const documents = Array.from({ length: DOCUMENTS }, (_, n) => koreanNotice(n));
      const stoppingDocuments = Array.from({ length: WHILE_STOPPING }, (_, n) => koreanNotice(DOCUMENTS + n));
      const outageDocuments = Array.from({ length: DURING_OUTAGE }, (_, n) => koreanNotice(DOCUMENTS + WHILE_STOPPING + n));

      let started = performance.now();
      const uploads = await uploadAll(documents);
      measured.upload50Ms = since(started);
      expect(uploads.map((upload) => upload.status)).toEqual(documents.map(() => 202));
      const ids = uploads.map((upload) => upload.body.document_id as string);

      // Some documents are ready and the next ones are in the worker's hands: now the broker goes.
      await waitFor(async () => [...(await statuses()).values()].filter((status) => status === "ready").length === READY_BEFORE_STOP && ingest.gate.held.size > 0, {
        timeoutMs: 20_000,
        intervalMs: 100,
        what: `${READY_BEFORE_STOP} documents ready and more in hand`,
      });
      const inHand = [...ingest.gate.held];
      const watched = inHand[0]!;
      // A progress stream opened before the restart follows its document to the end.
      let progress: SseReadResult | undefined;
      let progressError: unknown;
      readSse(`${system.url}/api/documents/${watched}/events`).then(
        (result) => (progress = result),
        (error: unknown) => (progressError = error),
      );

      // Uploads keep coming while the broker shuts down: each is either accepted (and must end
      // ready) or refused with 503 (and must leave nothing behind).
      started = performance.now();
      let stopped = false;
      const stopping = broker.stop().then(() => {
        stopped = true;
      });
      const whileStopping: Array<{ document: KoreanTextDocument; status: number; body: Record<string, any> }> = [];
      for (const document of stoppingDocuments) {
        if (stopped) break;
        whileStopping.push({ document, ...(await system.upload(document)) });
      }
      await stopping;
      measured.brokerStopMs = since(started);
      const downAt = performance.now();
      for (const answer of whileStopping) {
        if (answer.status !== 202) expect(answer.body.error).toMatchObject({ code: "queue_unavailable" });
      }
      const acceptedWhileStopping = whileStopping.filter((answer) => answer.status === 202);
      const refusedWhileStopping = whileStopping.filter((answer) => answer.status !== 202).map((answer) => answer.document);
      measured.uploadsWhileStopping = whileStopping.length;
      measured.acceptedWhileStopping = acceptedWhileStopping.length;

      // The service stays up: documents can be read, health names the queue, uploads are refused cleanly.
      const during = await statuses();
      expect(during.size).toBe(DOCUMENTS + acceptedWhileStopping.length);
      expect([...during.values()].filter((status) => status === "ready").length).toBeLessThan(DOCUMENTS);
      expect([...during.values()]).not.toContain("failed");
      const health = await waitFor(
        async () => {
          const answer = await system.health();
          return answer.body.stores?.["ingest.queue"]?.status === "down" ? answer : undefined;
        },
        { timeoutMs: 5000, what: "health to name the queue down" },
      );
      expect(health.status).toBe(503);
      expect(health.body.services.ingest).toMatchObject({ status: "ok" });

      started = performance.now();
      const refused = await Promise.all(outageDocuments.map((document) => system.upload(document)));
      measured.refusedUploadMaxMs = since(started);
      for (const answer of refused) {
        expect(answer).toEqual({
          status: 503,
          body: { error: { code: "queue_unavailable", message: expect.any(String) }, request_id: expect.any(String) },
        });
      }
      expect(measured.refusedUploadMaxMs).toBeLessThan(scaledTimeout(2000));
      // Nothing half-made is left behind by a refused upload.
      expect((await statuses()).size).toBe(DOCUMENTS + acceptedWhileStopping.length);

      ingest.gate.open();
      started = performance.now();
      await broker.start();
      measured.brokerRestartMs = since(started);
      measured.brokerDownMs = since(downAt);
      const upAt = performance.now();

      // The refused uploads are sent again, as a client does after a 503, until the service is back.
      const resent = [...refusedWhileStopping, ...outageDocuments];
      const accepted = await waitFor(
        async () => {
          const answers = await Promise.all(resent.map((document) => system.upload(document)));
          return answers.every((answer) => answer.status === 202) ? answers : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 200, what: "uploads to be accepted after the restart" },
      );
      measured.reconnectAfterBrokerUpMs = since(upAt);
      const everyDocument = [...documents, ...acceptedWhileStopping.map((answer) => answer.document), ...resent];
      const allIds = [
        ...ids,
        ...acceptedWhileStopping.map((answer) => answer.body.document_id as string),
        ...accepted.map((answer) => answer.body.document_id as string),
      ];
      expect(new Set(allIds).size).toBe(everyDocument.length);

      await waitFor(
        async () => {
          const now = await statuses();
          return allIds.every((id) => now.get(id) === "ready");
        },
        { timeoutMs: 45_000, intervalMs: 200, what: "every document to be ready" },
      );
      measured.allReadyAfterBrokerUpMs = since(upAt);

      // The stream saw the work done after the restart, which only the events exchange reports.
      const watch = await waitFor(
        () => {
          if (progressError) throw progressError;
          return progress;
        },
        { timeoutMs: 10_000, what: "the progress stream to end" },
      );
      expect(watch.status).toBe(200);
      expect(watch.events.some((event) => event.data.type === "document.progress")).toBe(true);
      expect(watch.events.at(-1)!.data).toMatchObject({ type: "document.ready", document: { document_id: watched, status: "ready" } });

      // Exactly the expected chunks, each stored once, for every document and nothing else.
      await expectIndexedExactlyOnce(
        system,
        allIds.map((id, position) => ({ id, document: everyDocument[position]! })),
      );

      // Nothing left over in the broker: no job waiting, retried or dead-lettered.
      expect(await system.queueDepths()).toEqual({ jobs: 0, retry: 0, dead: 0 });
      expect((await system.health()).body.stores["ingest.queue"]).toMatchObject({ status: "ok" });
      measured.documents = everyDocument.length;
      measured.testMs = since(testStarted);
    },
    scaledTimeout(90_000),
  );
});
