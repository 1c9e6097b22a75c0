/**
 * An abort signal made only when something first asks for it. Most gRPC calls and HTTP
 * requests never read theirs, and an AbortController per call, aborted with a
 * stack-captured error when the call ends, costs microseconds on every one of them.
 */
export class LazyAbort {
  private controller: AbortController | undefined;
  private reason: string | undefined;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.reason !== undefined) this.controller.abort(new Error(this.reason));
    }
    return this.controller.signal;
  }

  /** Aborts the signal (now, or as it is made) with an error saying `reason`; later calls do nothing. */
  abort(reason: string): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    this.controller?.abort(new Error(reason));
  }
}
