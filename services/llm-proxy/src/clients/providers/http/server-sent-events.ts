import { StringDecoder } from "node:string_decoder";
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { UpstreamBody } from "./upstream-body";

/**
 * The events of a text/event-stream body, a batch per network chunk: events that arrived
 * together are handled together, without a promise per event.
 */
export function serverSentEventBatches(body: UpstreamBody | AsyncIterable<Uint8Array | string>): AsyncIterableIterator<EventSourceMessage[]> {
  return body instanceof UpstreamBody ? new UpstreamEventBatches(body) : iterableEventBatches(body);
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
 * The same over an upstream body, whose chunks arrive as callbacks: each batch settles the
 * reader's pending promise directly, where a stream's async iterator and a generator over it
 * cost a few promises and microtasks per chunk (that is, per streamed token). A failure of
 * the body (an abort, a reset connection) is thrown, dropping what was not yet read, and
 * stopping early gives up the request.
 */
class UpstreamEventBatches implements AsyncIterableIterator<EventSourceMessage[]> {
  private readonly waiting: EventSourceMessage[][] = [];
  private batch: EventSourceMessage[] = [];
  private readonly parser = createParser({ onEvent: (event) => this.batch.push(event) });
  private readonly decoder = new StringDecoder("utf8");
  private reader: { resolve: (result: Batch) => void; reject: (error: unknown) => void } | undefined;
  /** Set once the body has ended (no error) or failed. */
  private outcome: { error: unknown } | undefined;
  private paused = false;

  constructor(private readonly body: UpstreamBody) {
    body.read({ chunk: (data) => this.onChunk(data), end: (error) => this.settle(error) });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<Batch> {
    const batch = this.waiting.shift();
    if (batch) {
      if (this.paused && this.waiting.length < MAX_WAITING_BATCHES / 2) {
        this.paused = false;
        this.body.resume();
      }
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
      this.body.stop();
    }
    this.waiting.length = 0;
    return Promise.resolve(DONE);
  }

  private onChunk(data: Uint8Array): void {
    this.parser.feed(this.decoder.write(data as Buffer));
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
    if (this.waiting.length >= MAX_WAITING_BATCHES && !this.paused) {
      this.paused = true;
      this.body.pause();
    }
  }

  private settle(error: unknown): void {
    if (this.outcome) return;
    this.outcome = { error };
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
