import { EventEmitter } from "node:events";
import type { DocumentEvents } from "../domain/document.events";
import type { DocumentEvent } from "../domain/document.types";

/** Embedded mode: one process, so an emitter reaches every watcher. */
export function createInProcessDocumentEvents(): DocumentEvents {
  const emitter = new EventEmitter();
  // One listener per open WatchDocument stream; their number is bounded by open calls, not by a constant.
  emitter.setMaxListeners(0);
  return {
    async publish(event: DocumentEvent) {
      emitter.emit("event", event);
    },
    subscribe(listener) {
      emitter.on("event", listener);
      return () => emitter.off("event", listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}
