/**
 * How many streams this process is generating at once. Past `busyFrom` the process is
 * busy: each message costs CPU on every hop behind it (gRPC frame, the gateway's SSE write
 * and stream log), so deltas wait a little to travel together.
 */
export class StreamLoad {
  private open = 0;

  constructor(private readonly busyFrom: number) {}

  /** Counts a stream until the returned function is called. */
  enter(): () => void {
    this.open += 1;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.open -= 1;
    };
  }

  get busy(): boolean {
    return this.open >= this.busyFrom;
  }
}

/** Open streams from which a process counts as busy: a few dozen readers cannot tell 25 ms batches from single tokens. */
export const BUSY_FROM_STREAMS = 16;

/**
 * Merges text deltas into fewer gRPC messages. The first delta is written at once (time to
 * first token never waits). After it, deltas ready in the same turn of the event loop go as
 * one message at `setImmediate`; and while the process is busy (see {@link StreamLoad}),
 * deltas wait up to `windowMs` for the ones behind them, so at 200 streams of a token every
 * 10 ms each message carries two or three tokens instead of one.
 */
export class DeltaCoalescer {
  private pending = "";
  private immediate: NodeJS.Immediate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sentFirst = false;
  /** One callback for every flush of this stream, not a closure per token. */
  private readonly flushSoon = () => this.flush();

  constructor(
    private readonly write: (text: string) => void,
    private readonly options: { load?: StreamLoad; windowMs?: number } = {},
  ) {}

  push(text: string): void {
    if (!this.sentFirst) {
      // The first token is what a user waits for: it goes out at once.
      this.sentFirst = true;
      this.write(text);
      return;
    }
    this.pending += text;
    if (this.immediate || this.timer) return;
    const windowMs = this.options.windowMs ?? 0;
    if (windowMs > 0 && this.options.load?.busy) this.timer = setTimeout(this.flushSoon, windowMs);
    else this.immediate = setImmediate(this.flushSoon);
  }

  /** Sends what is pending now; call before anything that must follow the deltas. */
  flush(): void {
    if (this.immediate) clearImmediate(this.immediate);
    if (this.timer) clearTimeout(this.timer);
    this.immediate = undefined;
    this.timer = undefined;
    if (this.pending === "") return;
    const text = this.pending;
    this.pending = "";
    this.write(text);
  }
}
