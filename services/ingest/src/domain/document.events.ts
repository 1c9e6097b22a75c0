import type { DocumentEvent } from "./document.types";

/**
 * Document changes for every replica: the topic exchange `ingest.events` in distributed
 * mode, an in-process emitter in embedded mode. Delivery is best effort; the registry is
 * the record, and watchers re-read it.
 */
export interface DocumentEvents {
  publish(event: DocumentEvent): Promise<void>;
  /** Calls `listener` for every event any replica publishes; returns the unsubscribe function. */
  subscribe(listener: (event: DocumentEvent) => void): () => void;
  close(): Promise<void>;
}
