import { UpstreamBody, webStreamOf } from "./upstream-body";
import { sendUpstream } from "./upstream-request";

/** BENCH_PLAIN=event-stream-fetch: Node's own fetch for every request, for bench/tricks/ab.ts only. */
const PLAIN = (process.env.BENCH_PLAIN ?? "").split(",").includes("event-stream-fetch");

/**
 * A fetch for the official SDKs that keeps a streaming reply's body out of web streams.
 *
 * Node's built-in fetch hands every chunk through web streams before a provider's SSE
 * decoding reads it. The SDK still builds the request (auth, headers, base URL) and turns
 * error replies into its typed errors; a provider reads a successful reply's events from
 * {@link takeUpstreamBody}, each chunk handed from undici's parser to the provider's
 * callbacks. Everything else sees an ordinary Response whose web body is built over the same
 * chunks when it is first asked for.
 *
 * This leans on internals: undici's dispatcher handler protocol (./upstream-request.ts) and
 * what the openai SDK does with the Response its fetch returns (a subclass whose body is
 * built late). It is kept only for what it was measured to save: measured on openai 7.57.0
 * and undici 7.29.0 (Node 20.20.2): 17.5% CPU per token (llm-proxy CPU per token of 64-token
 * Generate streams, 97 vs 118 µs on a loaded machine, paired rounds 10–23%, against Node's
 * fetch with the same SSE decoding; `node --import tsx bench/tricks/ab.ts event-stream-fetch`).
 * test/event-stream-fetch.test.ts fails when another openai or undici is installed, so that
 * it is measured again first.
 */
export async function eventStreamFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  if (PLAIN || input instanceof Request || !isPlainBody(init.body)) return fetch(input, init);
  const reply = await sendUpstream(typeof input === "string" ? new URL(input) : input, {
    method: init.method ?? "GET",
    headers: requestHeaders(init.headers),
    body: init.body as string | Uint8Array | undefined,
    signal: init.signal ?? undefined,
  });
  if (NULL_BODY_STATUSES.has(reply.status)) {
    reply.body.read({ chunk: () => undefined, end: () => undefined });
    return new Response(null, { status: reply.status, headers: reply.headers });
  }
  return new UpstreamBodyResponse(reply.body, reply.status, reply.headers) as unknown as Response;
}

/**
 * The reply's body for a caller that reads it itself. Undefined when the reply did not come
 * through {@link eventStreamFetch}, or its web body was already asked for.
 */
export function takeUpstreamBody(response: Response): UpstreamBody | undefined {
  return response instanceof UpstreamBodyResponse ? response.takeBody() : undefined;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** Response, typed so that a subclass may replace its body and readers (the typings declare them as fields). */
const BaseResponse: new (body: null, init: ResponseInit) => Pick<Response, "status" | "statusText" | "headers"> = Response;

/**
 * A Response whose web body is built only when something asks for it: most streams are
 * read through {@link takeUpstreamBody}, and building a web stream and a Response around it
 * for each of them cost about 100 µs of CPU per request. Whichever is taken first, the web
 * body (or a reader such as `text()`) or the upstream body, owns the chunks.
 */
class UpstreamBodyResponse extends BaseResponse {
  #body: UpstreamBody | undefined;
  #web: Response | undefined;

  constructor(body: UpstreamBody, status: number, headers: [string, string][]) {
    super(null, { status, headers });
    this.#body = body;
  }

  takeBody(): UpstreamBody | undefined {
    const body = this.#body;
    this.#body = undefined;
    return body;
  }

  /** The same reply as an ordinary Response over a web stream, built on first use. */
  #webResponse(): Response {
    if (!this.#web) {
      const body = this.takeBody();
      this.#web = new Response(body ? webStreamOf(body) : null, { status: this.status, statusText: this.statusText, headers: this.headers });
    }
    return this.#web;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#webResponse().body;
  }

  get bodyUsed(): boolean {
    return this.#web ? this.#web.bodyUsed : this.#body === undefined;
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#webResponse().arrayBuffer();
  }

  blob(): Promise<Blob> {
    return this.#webResponse().blob();
  }

  formData(): Promise<FormData> {
    return this.#webResponse().formData();
  }

  json(): Promise<unknown> {
    return this.#webResponse().json();
  }

  text(): Promise<string> {
    return this.#webResponse().text();
  }

  clone(): Response {
    return this.#webResponse().clone();
  }
}

function isPlainBody(body: unknown): boolean {
  return body === undefined || body === null || typeof body === "string" || body instanceof Uint8Array;
}

/** The SDKs hand over a Headers object: undici takes its pairs as they are, without a copy. */
function requestHeaders(headers: ConstructorParameters<typeof Headers>[0]): Iterable<[string, string]> {
  return headers instanceof Headers ? headers : new Headers(headers);
}
