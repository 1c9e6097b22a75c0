import { readJsonBody } from "./read-json-body";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Which body a request carried: `texts` (text-embeddings-inference) or `documents` (Cohere, Jina, Infinity). */
export type RerankRequestShape = "tei" | "cohere";

/** What the server saw of one request. */
export interface RecordedRerankRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or `{ unparsed: text }`. */
  body: Record<string, unknown>;
  /** Undefined when the body had neither `texts` nor `documents`. */
  shape: RerankRequestShape | undefined;
  receivedAt: number;
  /** The caller hung up before the answer was complete. */
  closedEarly: boolean;
  closedAt: number | undefined;
}

/** A scripted failure, in force until changed. */
export type RerankFault =
  /** An error status with a JSON error body. */
  | { kind: "status"; status: number; message?: string }
  /** Status 200 with a body that is not JSON (cut off mid-object). */
  | { kind: "malformed" }
  /** Status 200 with exactly this body. */
  | { kind: "raw"; body: string };

export interface RerankServerOptions {
  /** Pause before answering (cut short if the caller hangs up). */
  delayMs: number;
  fault: RerankFault | undefined;
  /** When set, requests without `Authorization: Bearer <apiKey>` are answered 401. */
  apiKey: string | undefined;
  /** Relevance of a text to the query; default {@link bigramOverlap}. */
  score: (query: string, text: string) => number;
}

export interface RerankServer {
  /** http://127.0.0.1:port; POST to any path ending in /rerank. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRerankRequest[];
  /** Changes how requests are answered from now on. */
  configure(options: Partial<RerankServerOptions>): void;
  /** Forgets recorded requests and restores the starting options. */
  reset(): void;
  close(): Promise<void>;
}

/** Hangul syllables, letters and digits; everything else separates words. */
const WORD = /[\p{L}\p{N}]+/gu;

function bigramsOf(text: string): Set<string> {
  const bigrams = new Set<string>();
  for (const [word] of text.toLowerCase().matchAll(WORD)) {
    const characters = [...word];
    if (characters.length === 1) bigrams.add(word);
    for (let i = 0; i + 1 < characters.length; i++) bigrams.add(characters[i]! + characters[i + 1]!);
  }
  return bigrams;
}

/**
 * The share of the query's character bigrams (within words, so Korean stems match across
 * particles: "서울에서" and "서울은" share "서울") that the text contains, in [0, 1].
 * Deterministic and model-free: a stand-in for a cross-encoder's relevance.
 */
export function bigramOverlap(query: string, text: string): number {
  const wanted = bigramsOf(query);
  if (wanted.size === 0) return 0;
  const present = bigramsOf(text);
  let shared = 0;
  for (const bigram of wanted) if (present.has(bigram)) shared += 1;
  return shared / wanted.size;
}

const DEFAULTS: RerankServerOptions = { delayMs: 0, fault: undefined, apiKey: undefined, score: bigramOverlap };

/**
 * A local HTTP server speaking the rerank protocol of text-embeddings-inference
 * (`{query, texts}` → `[{index, score}]`) and of Cohere, Jina and Infinity
 * (`{query, documents, top_n?}` → `{results: [{index, relevance_score}]}`), chosen by the
 * body's field, both answering best first as the real servers do. Like Cohere, it refuses
 * a body carrying both fields. It records requests, and can be made slow, failing or
 * malformed.
 */
export async function startRerankServer(initial: Partial<RerankServerOptions> = {}): Promise<RerankServer> {
  let options: RerankServerOptions = { ...DEFAULTS, ...initial };
  const requests: RecordedRerankRequest[] = [];

  const server = createServer({ noDelay: true, keepAliveTimeout: 30_000 }, (request, response) => {
    const path = (request.url ?? "/").split("?")[0]!;
    if (request.method !== "POST" || !path.endsWith("/rerank")) {
      json(response, 404, { error: `no route ${request.method} ${path}` });
      return;
    }
    readJsonBody(request).then(
      (body) => void handle(path, request, response, body),
      () => response.destroy(),
    );
  });

  async function handle(path: string, request: IncomingMessage, response: ServerResponse, body: Record<string, unknown>) {
    const shape = Array.isArray(body.documents) ? "cohere" : Array.isArray(body.texts) ? "tei" : undefined;
    const record: RecordedRerankRequest = { path, headers: request.headers, body, shape, receivedAt: Date.now(), closedEarly: false, closedAt: undefined };
    requests.push(record);
    const current = options;
    let open = true;
    let wake: (() => void) | undefined;
    response.on("close", () => {
      open = false;
      if (!response.writableFinished) {
        record.closedEarly = true;
        record.closedAt = Date.now();
      }
      wake?.();
    });
    if (current.delayMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, current.delayMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    if (!open) return;

    if (current.apiKey !== undefined && request.headers.authorization !== `Bearer ${current.apiKey}`) {
      return json(response, 401, { error: "invalid api key" });
    }
    const fault = current.fault;
    if (fault?.kind === "status") return json(response, fault.status, { error: fault.message ?? `scripted failure ${fault.status}` });
    if (fault?.kind === "malformed") return raw(response, 200, '{"results": [{"index": 0, "relevance_score": 0.9');
    if (fault?.kind === "raw") return raw(response, 200, fault.body);

    if (typeof body.query !== "string" || shape === undefined) {
      return json(response, 422, { error: "missing field `texts`", error_type: "Validation" });
    }
    if (shape === "cohere" && "texts" in body) {
      return json(response, 422, { message: "unknown field: parameter 'texts' is not a valid field" });
    }
    const texts = (shape === "tei" ? body.texts : body.documents) as unknown[];
    if (!texts.every((text): text is string => typeof text === "string")) return json(response, 422, { error: "every text must be a string" });
    const ranked = texts.map((text, index) => ({ index, score: current.score(body.query as string, text) })).sort((a, b) => b.score - a.score || a.index - b.index);
    if (shape === "tei") {
      return json(
        response,
        200,
        ranked.map(({ index, score }) => (body.return_text === true ? { index, text: texts[index], score } : { index, score })),
      );
    }
    const topN = typeof body.top_n === "number" && body.top_n > 0 ? body.top_n : ranked.length;
    return json(response, 200, {
      id: `rerank-${requests.length}`,
      results: ranked
        .slice(0, topN)
        .map(({ index, score }) =>
          body.return_documents === true ? { index, relevance_score: score, document: { text: texts[index] } } : { index, relevance_score: score },
        ),
      meta: { billed_units: { search_units: 1 } },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    configure(changes) {
      options = { ...options, ...changes };
    },
    reset() {
      requests.length = 0;
      options = { ...DEFAULTS, ...initial };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function json(response: ServerResponse, status: number, payload: unknown): void {
  raw(response, status, JSON.stringify(payload));
}

function raw(response: ServerResponse, status: number, body: string): void {
  if (response.destroyed) return;
  response.writeHead(status, { "content-type": "application/json" }).end(body);
}
