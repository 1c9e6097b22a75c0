import { errors, getGlobalDispatcher, util, type Dispatcher } from "undici";
import { UpstreamBody } from "./upstream-body";

export interface UpstreamReply {
  status: number;
  headers: [string, string][];
  body: UpstreamBody;
}

export interface UpstreamRequestInit {
  method: string;
  headers: Iterable<[string, string]>;
  body: string | Uint8Array | undefined;
  signal: AbortSignal | undefined;
}

/**
 * Sends one request through undici's dispatcher and settles at the reply's headers, with a
 * body that hands the parser's chunks straight to its reader. This is undici's `request()`
 * without its Node stream body (and its async-hooks resource): the same dispatcher,
 * connection pool and errors, with the same abort rules: an aborted signal fails the
 * request, or the body once the headers are in, with the signal's reason.
 */
export function sendUpstream(url: URL, init: UpstreamRequestInit): Promise<UpstreamReply> {
  return new Promise((resolve, reject) => {
    const exchange = new Exchange(init.signal, resolve, reject);
    getGlobalDispatcher().dispatch(
      {
        origin: url.origin,
        path: url.search ? `${url.pathname}${url.search}` : url.pathname,
        method: init.method as Dispatcher.HttpMethod,
        headers: init.headers,
        body: init.body,
      },
      exchange,
    );
  });
}

/** One request's handler in undici's callback protocol (onConnect, onHeaders, onData, onComplete, onError). */
class Exchange implements Dispatcher.DispatchHandler {
  private abortRequest: ((reason: Error) => void) | undefined;
  private resumeReading: (() => void) | undefined;
  /** Set once the signal aborted before the request was under way. */
  private abortReason: Error | undefined;
  private body: UpstreamBody | undefined;
  private settled = false;
  private readonly unlisten: (() => void) | undefined;

  constructor(
    private readonly signal: AbortSignal | undefined,
    private readonly resolve: (reply: UpstreamReply) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    if (signal?.aborted) this.abortReason = reasonOf(signal);
    else if (signal) {
      const onAbort = () => this.abort(reasonOf(signal));
      signal.addEventListener("abort", onAbort, { once: true });
      this.unlisten = () => signal.removeEventListener("abort", onAbort);
    }
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abortRequest = abort;
    if (this.abortReason) abort(this.abortReason);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    // Informational replies (1xx) precede the real one.
    if (statusCode < 200) return true;
    this.resumeReading = resume;
    this.body = new UpstreamBody({
      resume: () => this.resumeReading?.(),
      abort: (reason) => this.abort(new errors.RequestAbortedError(reason.message)),
    });
    this.settled = true;
    this.resolve({ status: statusCode, headers: headerPairs(util.parseHeaders(rawHeaders)), body: this.body });
    return true;
  }

  onData(chunk: Buffer): boolean {
    return this.body!.push(chunk);
  }

  onComplete(): void {
    this.unlisten?.();
    this.body!.finish();
  }

  onError(error: Error): void {
    this.unlisten?.();
    if (this.body) this.body.finish(error);
    else if (!this.settled) {
      this.settled = true;
      this.reject(error);
    }
  }

  private abort(reason: Error): void {
    // The body fails at once, as a destroyed stream would; undici then reports the same reason.
    this.body?.finish(reason);
    if (this.abortRequest) this.abortRequest(reason);
    else this.abortReason = reason;
  }
}

function reasonOf(signal: AbortSignal): Error {
  return (signal.reason as Error | undefined) ?? new errors.RequestAbortedError();
}

function headerPairs(raw: Record<string, string | string[] | undefined>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const name in raw) {
    const value = raw[name];
    if (Array.isArray(value)) for (const item of value) pairs.push([name, item]);
    else if (value !== undefined) pairs.push([name, value]);
  }
  return pairs;
}
