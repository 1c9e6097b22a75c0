/** A document's state as one of its progress events carries it (the shape its API answers with). */
export type DocumentStreamEvent<Document> =
  | { type: "document.queued" | "document.processing" | "document.ready" | "document.failed"; document: Document }
  | { type: "document.progress"; document: Document; chunks_done: number; chunks_total: number };

/** The event types that end a document's progress stream. */
export const DOCUMENT_TERMINAL_EVENTS = ["document.ready", "document.failed"] as const;
