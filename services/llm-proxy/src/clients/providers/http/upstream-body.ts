/** Where an {@link UpstreamBody} delivers: its chunks in order, then one end (with the failure, if any). */
export interface BodySink {
  chunk(data: Uint8Array): void;
  end(error?: unknown): void;
}

/** What the body asks of the request it came from. */
export interface BodyControl {
  /** Reading was paused and may go on. */
  resume(): void;
  /** The reader stopped before the end: the request is given up (its connection closed). */
  abort(reason: Error): void;
}

/** Bytes a body holds for a reader that has not started before it stops reading from the network. */
const UNREAD_BYTES_LIMIT = 64 * 1024;

/**
 * A reply body handed from the HTTP client's parser straight to one reader's callbacks:
 * no Node stream in between, whose push, buffering and scheduling per chunk cost more than
 * the reader's own work on a streamed token. Chunks that arrive before the reader starts
 * are kept for it (up to a limit, then the network is paused); a reader can pause and
 * resume; stopping early ends the request.
 */
export class UpstreamBody {
  private sink: BodySink | undefined;
  private unread: Uint8Array[] = [];
  private unreadBytes = 0;
  /** Set when the reply ended or failed; delivered to the reader once it has the chunks before it. */
  private outcome: { error: unknown } | undefined;
  /** The reader asked for a pause. */
  private readerPaused = false;
  /** The client was told to stop reading and waits for `control.resume()`. */
  private clientPaused = false;
  private stopped = false;

  constructor(private readonly control: BodyControl) {}

  /** Whether a reader has taken the body (or it was given up). */
  get taken(): boolean {
    return this.sink !== undefined || this.stopped;
  }

  /** Whether the body ended without a failure. */
  get complete(): boolean {
    return this.outcome !== undefined && this.outcome.error === undefined;
  }

  /** From the client: a chunk of the reply. Returns false when the client should stop reading for now. */
  push(data: Uint8Array): boolean {
    if (this.stopped) return true;
    if (this.sink) this.sink.chunk(data);
    else {
      this.unread.push(data);
      this.unreadBytes += data.byteLength;
    }
    if (!this.readerPaused && (this.sink || this.unreadBytes < UNREAD_BYTES_LIMIT)) return true;
    this.clientPaused = true;
    return false;
  }

  /** From the client: the reply ended, or failed with `error`. */
  finish(error?: unknown): void {
    if (this.outcome) return;
    this.outcome = { error };
    if (this.sink && !this.stopped) this.sink.end(error);
  }

  /** Starts delivery to one reader: first what already arrived, then the rest as it comes. */
  read(sink: BodySink): void {
    if (this.taken) throw new Error("The body was already taken");
    this.sink = sink;
    const unread = this.unread;
    this.unread = [];
    this.unreadBytes = 0;
    // A failure drops what was not read, as a destroyed stream drops its buffer.
    if (this.outcome?.error === undefined) for (const data of unread) sink.chunk(data);
    if (this.outcome) sink.end(this.outcome.error);
    else this.resumeClient();
  }

  pause(): void {
    this.readerPaused = true;
  }

  resume(): void {
    this.readerPaused = false;
    this.resumeClient();
  }

  private resumeClient(): void {
    if (!this.clientPaused || this.readerPaused || this.stopped || this.outcome) return;
    this.clientPaused = false;
    this.control.resume();
  }

  /** The reader is done: nothing more is delivered, and an unfinished request is given up. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.unread = [];
    if (!this.outcome) this.control.abort(new Error("The reader stopped before the end of the body"));
  }
}

/**
 * The body as a web stream that pulls nothing until it is read (high-water mark 0), for
 * readers that want a Response's web body (error bodies, JSON replies).
 */
export function webStreamOf(body: UpstreamBody): ReadableStream<Uint8Array> {
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (started) {
          body.resume();
          return;
        }
        started = true;
        body.read({
          chunk(data) {
            // A copy: the client's chunk is a view of its read buffer, and a web stream may transfer it.
            controller.enqueue(new Uint8Array(data));
            body.pause();
          },
          end(error) {
            if (error === undefined) controller.close();
            else controller.error(error);
          },
        });
      },
      cancel() {
        body.stop();
      },
    },
    { highWaterMark: 0 },
  );
}
