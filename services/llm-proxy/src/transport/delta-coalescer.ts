/**
 * Merges text deltas into fewer messages. The first delta of a stream is written at once
 * (deferring it even to the next turn cost about 0.5 ms of time to first token). Later ones:
 * - while few streams are open, those ready in the same turn of the event loop (several
 *   tokens read from one upstream packet) go out together at `setImmediate`: nothing waits
 *   for more I/O;
 * - while many are open (`RelayLoad`), a delta waits up to `HOLD_MS` for the next ones. Every
 *   message costs the same all the way to the client (a gRPC frame or an in-process event, a
 *   stream-log entry, an SSE event, a socket write and the client's read of it) whatever text
 *   it carries, and under load those per-message costs are what fill the cores.
 * The final event and errors are preceded by `flush()`, so a stream never ends late.
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
    private readonly load: RelayLoad = NO_LOAD,
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
    if (this.load.busy()) this.timer = setTimeout(this.flushSoon, HOLD_MS);
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

/**
 * How long a delta may wait for the next ones while the process is busy: a token of a reply
 * shown 20 ms later is not something a reader sees (it is about one frame of a 50 Hz display),
 * and at the 10–50 ms between a provider's tokens it lets two or more share a message.
 */
export const HOLD_MS = 20;
/**
 * From this many streams open in the process, deltas are held (see DeltaCoalescer). Below it the
 * cores have room for a message per token, and holding would only add latency.
 */
export const BUSY_FROM_STREAMS = 32;

/** The streams this process relays right now: the load that decides whether deltas are held. */
export class RelayLoad {
  private open = 0;

  constructor(private readonly busyFrom = BUSY_FROM_STREAMS) {}

  opened(): void {
    this.open += 1;
  }

  closed(): void {
    this.open -= 1;
  }

  busy(): boolean {
    return this.open >= this.busyFrom;
  }
}

const NO_LOAD = new RelayLoad(Number.POSITIVE_INFINITY);
