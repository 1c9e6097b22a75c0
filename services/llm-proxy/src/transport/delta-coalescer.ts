/**
 * Merges text deltas that are ready in the same turn of the event loop (several tokens
 * read from one upstream packet) into one gRPC message, flushed at `setImmediate`: a
 * delta is never held back waiting for more I/O. Under load this cuts the messages, and
 * the gateway's SSE writes behind them, per token. The first delta is written at once:
 * deferring it to the next turn cost about 0.5 ms of time to first token.
 */
export class DeltaCoalescer {
  private pending = "";
  private scheduled: NodeJS.Immediate | undefined;
  private sentFirst = false;
  /** One callback for every flush of this stream, not a closure per token. */
  private readonly flushSoon = () => this.flush();

  constructor(private readonly write: (text: string) => void) {}

  push(text: string): void {
    if (!this.sentFirst) {
      // The first token is what a user waits for: it goes out at once.
      this.sentFirst = true;
      this.write(text);
      return;
    }
    this.pending += text;
    this.scheduled ??= setImmediate(this.flushSoon);
  }

  /** Sends what is pending now; call before anything that must follow the deltas. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.pending === "") return;
    const text = this.pending;
    this.pending = "";
    this.write(text);
  }
}
