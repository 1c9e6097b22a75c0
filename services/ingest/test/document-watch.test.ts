import { randomUUID } from "node:crypto";
import { testLogger } from "@chatbot/testkit";
import { createIngestService } from "../src/domain/ingest.service";
import type { DocumentRecord } from "../src/domain/document.types";
import type { DocumentStore } from "../src/domain/document.store";
import { createInProcessDocumentEvents } from "../src/events/in-process-document.events";

/**
 * A watch on a document that takes long re-reads the registry every `watchPollMs`. Each
 * wait must take its abort listener with it: one left per poll grew without bound for as
 * long as the watch lasted, and Node warned of a leak after ten.
 */
const originalAdd = EventTarget.prototype.addEventListener;
const originalRemove = EventTarget.prototype.removeEventListener;

describe("watching a document being processed", () => {
  it("polls for as long as it takes without piling up abort listeners", async () => {
    const now = new Date();
    const document: DocumentRecord = {
      id: randomUUID(),
      tenantId: "테넌트-감시",
      filename: "긴-문서.pdf",
      title: "긴 문서",
      mediaType: "application/pdf",
      status: "processing",
      pages: 0,
      chunks: 0,
      errorCode: "",
      errorMessage: "",
      sha256: "",
      sizeBytes: 1,
      metadata: {},
      source: "",
      attempts: 1,
      createdAt: now,
      updatedAt: now,
    };
    let reads = 0;
    // The registry is all a watch reads; the rest of the service is not reached.
    const store = {
      get: async () => {
        reads += 1;
        return document;
      },
    } as unknown as DocumentStore;
    const events = createInProcessDocumentEvents();
    const service = createIngestService({
      store,
      events,
      queue: {} as never,
      index: {} as never,
      maxUploadMb: 1,
      now: () => new Date(),
      logger: testLogger("ingest-watch"),
      watchPollMs: 2,
    });
    // Abort listeners added and not yet removed, on any signal, while the watch runs.
    let outstanding = 0;
    const added = jest.spyOn(EventTarget.prototype, "addEventListener").mockImplementation(function (this: EventTarget, type, listener, options) {
      if (type === "abort") outstanding += 1;
      return Reflect.apply(originalAdd, this, [type, listener, options]);
    });
    const removed = jest.spyOn(EventTarget.prototype, "removeEventListener").mockImplementation(function (this: EventTarget, type, listener, options) {
      if (type === "abort") outstanding -= 1;
      return Reflect.apply(originalRemove, this, [type, listener, options]);
    });
    const call = new AbortController();
    const sent: string[] = [];
    let outstandingWhilePolling: number;
    try {
      const watching = service.watch(document.tenantId, document.id, (event) => sent.push(event.type), call.signal);
      while (reads < 50) await new Promise((resolve) => setTimeout(resolve, 5));
      outstandingWhilePolling = outstanding;
      call.abort();
      await watching;
    } finally {
      added.mockRestore();
      removed.mockRestore();
      await events.close();
    }
    // The call's signal and the wait in progress: not one per poll.
    expect(outstandingWhilePolling).toBeLessThanOrEqual(3);
    expect(sent).toEqual(["document.processing"]);
  });
});
