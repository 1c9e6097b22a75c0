import { type DisposableServer, reportMeasurement, scaledTimeout, startDisposableRabbitMq, waitFor } from "@chatbot/testkit";
import { expectIndexedExactlyOnce } from "./support/ingest-checks";
import { koreanNotice } from "./support/ingest-documents";
import { closeWithBroker, startIngestFaultSystem, type IngestFaultSystem } from "./support/ingest-fault-system";

/**
 * An ingest instance is stopped (as on SIGTERM in a rolling deploy) while it has jobs in
 * hand. It hands them back to the broker at once instead of failing or delaying them, and
 * the instance that replaces it finishes every document without a duplicate chunk.
 */

const DOCUMENTS = 8;
/**
 * One delivery per job and a retry delay longer than the test: a job that shutdown turned
 * into a failed attempt would be dead-lettered and its document failed, and a job parked
 * in the retry queue would not come back in time.
 */
const STRICT = { INGEST_MAX_ATTEMPTS: "1", INGEST_RETRY_DELAY_MS: "600000", INGEST_PREFETCH: "3" };

let broker: DisposableServer;
let system: IngestFaultSystem;
const measured: Record<string, number> = {};
const since = (started: number) => Math.round(performance.now() - started);

beforeAll(async () => {
  broker = await startDisposableRabbitMq();
  system = await startIngestFaultSystem(broker.url);
}, scaledTimeout(60_000));

afterAll(async () => {
  await closeWithBroker(system, broker);
  reportMeasurement("ingest-shutdown (ms)", measured);
}, scaledTimeout(30_000));

async function statuses(): Promise<string[]> {
  return (await system.listDocuments()).map((document) => document.status as string);
}

describe("graceful shutdown of ingest", () => {
  it(
    "hands the jobs in hand back; the next instance finishes them all ready without duplicate chunks",
    async () => {
      // Nothing gets through the first instance's index: every job it takes stays in its hands.
      const first = await system.startIngest({ admit: 0, env: STRICT });
      const documents = Array.from({ length: DOCUMENTS }, (_, n) => koreanNotice(100 + n));
      const uploads = await Promise.all(documents.map((document) => system.upload(document)));
      expect(uploads.map((upload) => upload.status)).toEqual(documents.map(() => 202));

      await waitFor(() => first.gate.held.size === 3, { timeoutMs: 10_000, what: "three jobs in the first instance's hands" });
      expect((await statuses()).filter((status) => status === "processing")).toHaveLength(3);

      // Someone is watching one of them when the instance stops.
      const watcher = new AbortController();
      const watching = await fetch(`${system.url}/api/documents/${[...first.gate.held][0]}/events`, { signal: watcher.signal });
      const reader = watching.body!.getReader();
      // The first event is the document's state, read by the instance's WatchDocument stream.
      const decoder = new TextDecoder();
      let firstEvent = "";
      while (!firstEvent.includes("\n\n")) {
        const read = await reader.read();
        // A stream that ends before its first event fails here instead of spinning until the timeout.
        if (read.done) throw new Error(`progress stream ended before its first event: ${JSON.stringify(firstEvent)}`);
        firstEvent += decoder.decode(read.value, { stream: true });
      }
      expect(firstEvent).toContain('"type":"document.processing"');
      // Neither the jobs in hand nor the open stream hold the stop up for the server's grace period.
      measured.stopWithJobsInHandMs = await first.stop();
      expect(measured.stopWithJobsInHandMs).toBeLessThan(scaledTimeout(1500));
      expect(first.gate.held.size).toBe(0);
      // The stream ends (a client watches again and reaches the next instance).
      for (let read = await reader.read(); !read.done; read = await reader.read());
      watcher.abort();

      // Every job is back in the work queue right away: none acknowledged, retried or dead-lettered
      // (a dead-lettered job would also have failed its document, which then never turns ready).
      expect(await system.queueDepths()).toEqual({ jobs: DOCUMENTS, retry: 0, dead: 0 });

      const started = performance.now();
      await system.startIngest({ env: STRICT });
      await waitFor(async () => (await statuses()).every((status) => status === "ready"), {
        timeoutMs: 20_000,
        intervalMs: 100,
        what: "every document ready on the second instance",
      });
      measured.secondInstanceFinishedMs = since(started);

      await expectIndexedExactlyOnce(
        system,
        uploads.map((upload, position) => ({ id: upload.body.document_id as string, document: documents[position]! })),
      );
      expect(await system.queueDepths()).toEqual({ jobs: 0, retry: 0, dead: 0 });
    },
    scaledTimeout(60_000),
  );
});
