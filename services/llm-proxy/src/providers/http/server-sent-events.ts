import { finished, Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { createParser, type EventSourceMessage } from "eventsource-parser";

/**
 * The events of a text/event-stream body, a batch per network chunk: events that arrived
 * together are handled together, without a promise per event.
 */
export function serverSentEventBatches(body: Readable | AsyncIterable<Uint8Array | string>): AsyncIterableIterator<EventSourceMessage[]> {
  return body instanceof Readable ? new NodeEventBatches(body) : iterableEventBatches(body);
}

async function* iterableEventBatches(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<EventSourceMessage[]> {
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

/** Batches a stalled reader may leave waiting before the body is paused (a reply's tokens are small). */
const MAX_WAITING_BATCHES = 64;

type Batch = IteratorResult<EventSourceMessage[], undefined>;

/**
 * The same over a Node stream, read by its `data` events: each batch settles the reader's
 * pending promise directly, where the stream's own async iterator and a generator over it
 * cost a few promises and microtasks per chunk (that is, per streamed token). As with that
 * iterator, a failure of the body (an abort, a reset connection, a premature close) is
 * thrown, dropping what was not yet read, and stopping early destroys the body.
 */
class NodeEventBatches implements AsyncIterableIterator<EventSourceMessage[]> {
  private readonly waiting: EventSourceMessage[][] = [];
  private batch: EventSourceMessage[] = [];
  private readonly parser = createParser({ onEvent: (event) => this.batch.push(event) });
  private readonly decoder = new StringDecoder("utf8");
  private reader: { resolve: (result: Batch) => void; reject: (error: unknown) => void } | undefined;
  /** Set once the body has ended (no error) or failed. */
  private outcome: { error: unknown } | undefined;
  private readonly unwatch: () => void;

  constructor(private readonly body: Readable) {
    body.on("data", this.onData);
    this.unwatch = finished(body, { writable: false }, (error) => this.settle(error ?? undefined));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<Batch> {
    // Destroyed before its end (an abort): what it had delivered is dropped at once, not served first.
    if (this.body.readableAborted) this.waiting.length = 0;
    const batch = this.waiting.shift();
    if (batch) {
      if (this.body.isPaused() && this.waiting.length < MAX_WAITING_BATCHES / 2) this.body.resume();
      return Promise.resolve({ value: batch, done: false });
    }
    if (this.outcome) return this.outcome.error === undefined ? Promise.resolve(DONE) : Promise.reject(this.outcome.error);
    return new Promise((resolve, reject) => {
      this.reader = { resolve, reject };
    });
  }

  return(): Promise<Batch> {
    if (!this.outcome) {
      this.settle(undefined);
      this.body.destroy();
    }
    this.waiting.length = 0;
    return Promise.resolve(DONE);
  }

  private readonly onData = (chunk: Buffer | string) => {
    this.parser.feed(typeof chunk === "string" ? chunk : this.decoder.write(chunk));
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    const reader = this.reader;
    if (reader) {
      this.reader = undefined;
      reader.resolve({ value: batch, done: false });
      return;
    }
    this.waiting.push(batch);
    if (this.waiting.length >= MAX_WAITING_BATCHES) this.body.pause();
  };

  private settle(error: unknown): void {
    if (this.outcome) return;
    this.outcome = { error };
    this.body.off("data", this.onData);
    this.unwatch();
    // A failed body's unread batches are dropped, as a destroyed stream drops its buffer.
    if (error !== undefined) this.waiting.length = 0;
    const reader = this.reader;
    this.reader = undefined;
    if (!reader) return;
    if (error === undefined) reader.resolve(DONE);
    else reader.reject(error);
  }
}

const DONE: Batch = { value: undefined, done: true };
