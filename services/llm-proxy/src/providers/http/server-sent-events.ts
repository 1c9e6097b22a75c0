import { createParser, type EventSourceMessage } from "eventsource-parser";

/**
 * The events of a text/event-stream body, a batch per network chunk: events that arrived
 * together are handled together, without a promise per event.
 */
export async function* serverSentEventBatches(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<EventSourceMessage[]> {
  let batch: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => batch.push(event) });
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    parser.feed(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    if (batch.length === 0) continue;
    const ready = batch;
    batch = [];
    yield ready;
  }
}
