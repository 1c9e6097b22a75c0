import type { Readable } from "node:stream";
import { request } from "undici";

/**
 * A fetch for the official SDKs that keeps a streaming reply's body as a Node stream.
 *
 * Node's built-in fetch hands every chunk through web streams, and the SDKs then run their
 * own SSE decoding over that: together about 40 µs of CPU per streamed token here, most of
 * the proxy's per-token work. The SDK still builds the request (auth, headers, base URL)
 * and turns error replies into its typed errors; a provider reads a successful reply's
 * events from {@link takeNodeBody} instead of the SDK's iterator (about 20 µs per token).
 * Everything else sees an ordinary Response whose body is read lazily from the same stream.
 */
export async function eventStreamFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  if (input instanceof Request || !isPlainBody(init.body)) return fetch(input, init);
  const reply = await request(input, {
    method: (init.method ?? "GET") as "GET",
    headers: requestHeaders(init.headers),
    body: init.body as string | Uint8Array | undefined,
    signal: init.signal ?? undefined,
  });
  const headers = headerPairs(reply.headers);
  if (NULL_BODY_STATUSES.has(reply.statusCode)) {
    reply.body.resume();
    return new Response(null, { status: reply.statusCode, headers });
  }
  return new NodeBodyResponse(reply.body, reply.statusCode, headers) as unknown as Response;
}

/**
 * The reply's body as a Node stream, for a caller that reads it itself. Undefined when the
 * reply did not come through {@link eventStreamFetch}, or its web body was already read.
 */
export function takeNodeBody(response: Response): Readable | undefined {
  return response instanceof NodeBodyResponse ? response.takeNode() : undefined;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** Response, typed so that a subclass may replace its body and readers (the typings declare them as fields). */
const BaseResponse: new (body: null, init: ResponseInit) => Pick<Response, "status" | "statusText" | "headers"> = Response;

/**
 * A Response whose body stays a Node stream until something asks for the web body: most
 * streams are read through {@link takeNodeBody}, and building a web stream and a Response
 * around it for each of them cost about 100 µs of CPU per request. Whichever is taken
 * first, the web body (or a reader such as `text()`) or the Node body, owns the stream.
 */
class NodeBodyResponse extends BaseResponse {
  #node: Readable | undefined;
  #web: Response | undefined;

  constructor(node: Readable, status: number, headers: [string, string][]) {
    super(null, { status, headers });
    this.#node = node;
  }

  takeNode(): Readable | undefined {
    const node = this.#node;
    this.#node = undefined;
    return node;
  }

  /** The same reply as an ordinary Response over a web stream, built on first use. */
  #webResponse(): Response {
    if (!this.#web) {
      const node = this.takeNode();
      this.#web = new Response(node ? lazyWebStream(node) : null, { status: this.status, statusText: this.statusText, headers: this.headers });
    }
    return this.#web;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#webResponse().body;
  }

  get bodyUsed(): boolean {
    return this.#web ? this.#web.bodyUsed : this.#node === undefined;
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

function headerPairs(raw: Record<string, string | string[] | undefined>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const name in raw) {
    const value = raw[name];
    if (Array.isArray(value)) for (const item of value) pairs.push([name, item]);
    else if (value !== undefined) pairs.push([name, value]);
  }
  return pairs;
}

/** A web stream over the Node body that pulls nothing until it is read (high-water mark 0). */
function lazyWebStream(body: Readable): ReadableStream<Uint8Array> {
  let chunks: AsyncIterator<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        chunks ??= body[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value));
      },
      cancel(reason) {
        body.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
