import { readJsonBody } from "../read-json-body";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { serveAnthropic } from "./anthropic-protocol";
import { serveLlmServer } from "./llm-server-protocol";
import { openAiModels, serveOpenAi } from "./openai-protocol";
import type { RecordedUpstreamRequest, UpstreamExchange, UpstreamFault, UpstreamProtocol, UpstreamReplyOptions } from "./upstream-types";

export interface LlmUpstream {
  /** http://127.0.0.1:port */
  url: string;
  /** Base URLs as each client expects them. */
  openaiBaseUrl: string;
  anthropicBaseUrl: string;
  llmServerUrl: string;
  /** Every request received, in order. */
  requests: RecordedUpstreamRequest[];
  /** Changes how replies are produced from now on. */
  configure(options: Partial<Omit<UpstreamReplyOptions, "llmServer">> & { llmServer?: Partial<UpstreamReplyOptions["llmServer"]> }): void;
  /** Scripts a fault for the next `times` requests (of one protocol, when given). */
  fail(fault: UpstreamFault, scope?: { protocol?: UpstreamProtocol; times?: number }): void;
  /** Forgets recorded requests and pending faults. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULTS: UpstreamReplyOptions = {
  tokens: 8,
  tokenIntervalMs: 0,
  latencyMs: 0,
  llmServer: { replyField: "response", streamField: "token", end: "done-marker" },
};

const ROUTES: Record<string, UpstreamProtocol> = {
  "/v1/chat/completions": "openai",
  "/v1/messages": "anthropic",
  "/chat": "llm-server",
  "/chat/stream": "llm-server",
};

/**
 * A local HTTP server speaking the wire protocols of OpenAI chat completions, the
 * Anthropic Messages API and the plain llm-server, with Korean replies, a configurable
 * pace and scripted faults. It records what it received and whether the caller hung
 * up early. Per-request overrides: x-upstream-tokens, x-upstream-token-interval-ms,
 * x-upstream-latency-ms headers.
 */
export async function startLlmUpstream(initial: Partial<UpstreamReplyOptions> = {}): Promise<LlmUpstream> {
  let options: UpstreamReplyOptions = { ...DEFAULTS, ...initial, llmServer: { ...DEFAULTS.llmServer, ...initial.llmServer } };
  let faults: { fault: UpstreamFault; protocol: UpstreamProtocol | undefined; remaining: number }[] = [];
  const requests: RecordedUpstreamRequest[] = [];

  const takeFault = (protocol: UpstreamProtocol): UpstreamFault | undefined => {
    const index = faults.findIndex((entry) => entry.protocol === undefined || entry.protocol === protocol);
    if (index < 0) return undefined;
    const entry = faults[index]!;
    entry.remaining -= 1;
    if (entry.remaining <= 0) faults.splice(index, 1);
    return entry.fault;
  };

  const server = createServer({ noDelay: true, keepAliveTimeout: 30_000 }, (request, response) => {
    const path = (request.url ?? "/").split("?")[0]!;
    if (request.method === "GET" && path === "/v1/models") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(openAiModels()));
      return;
    }
    const protocol = ROUTES[path];
    if (request.method !== "POST" || !protocol) {
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `no route ${request.method} ${path}` } }));
      return;
    }
    readJsonBody(request).then(
      (body) => handle(protocol, path, request, response, body),
      () => response.destroy(),
    );
  });

  // Numbers each TCP connection, so tests can tell whether a client reuses its connections.
  const connectionIds = new WeakMap<object, number>();
  let connections = 0;
  const connectionIdOf = (socket: object) => {
    if (!connectionIds.has(socket)) connectionIds.set(socket, (connections += 1));
    return connectionIds.get(socket)!;
  };

  async function handle(protocol: UpstreamProtocol, path: string, request: IncomingMessage, response: ServerResponse, body: Record<string, unknown>) {
    const custom = options.respond?.(body);
    const fault = takeFault(protocol) ?? custom?.fault;
    const record: RecordedUpstreamRequest = {
      protocol,
      method: request.method ?? "POST",
      path,
      headers: request.headers,
      body,
      receivedAt: Date.now(),
      connection: connectionIdOf(request.socket),
      closedEarly: false,
      closedAt: undefined,
      tokensSent: 0,
      fault,
    };
    requests.push(record);
    const replyOptions = withHeaderOverrides(custom?.script ? { ...options, script: custom.script } : options, request);
    let serverClosed = false;
    let open = true;
    const wakers = new Set<() => void>();
    response.on("close", () => {
      open = false;
      if (!response.writableFinished && !serverClosed) {
        record.closedEarly = true;
        record.closedAt = Date.now();
      }
      for (const wake of wakers) wake();
    });
    const limit = maxTokensOf(protocol, body);
    const tokens = limit === undefined ? replyOptions.tokens : Math.min(limit, replyOptions.tokens);
    const exchange: UpstreamExchange = {
      record,
      options: replyOptions,
      fault,
      tokens,
      truncated: tokens < replyOptions.tokens,
      stream: protocol === "llm-server" ? path === "/chat/stream" : body.stream === true,
      write: (text) => (open ? (response.write(text), true) : false),
      json(status, payload, headers = {}) {
        if (!open) return;
        response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(payload));
      },
      startEvents() {
        response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
        response.flushHeaders();
      },
      end: () => {
        if (open) response.end();
      },
      destroy() {
        serverClosed = true;
        // End the socket rather than destroy it, so what was written reaches the caller before the cut.
        if (response.socket) response.socket.end();
        else response.destroy();
      },
      pause: (ms) =>
        new Promise<void>((resolve) => {
          if (!open) return resolve();
          const wake = () => {
            clearTimeout(timer);
            wakers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, ms);
          wakers.add(wake);
        }),
      get open() {
        return open;
      },
    };
    if (replyOptions.latencyMs > 0) await exchange.pause(replyOptions.latencyMs);
    if (!open) return;
    if (protocol === "openai") await serveOpenAi(exchange);
    else if (protocol === "anthropic") await serveAnthropic(exchange);
    else await serveLlmServer(exchange);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: url,
    llmServerUrl: url,
    requests,
    configure(changes) {
      options = { ...options, ...changes, llmServer: { ...options.llmServer, ...changes.llmServer } };
    },
    fail(fault, scope = {}) {
      faults.push({ fault, protocol: scope.protocol, remaining: scope.times ?? 1 });
    },
    reset() {
      requests.length = 0;
      faults = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function maxTokensOf(protocol: UpstreamProtocol, body: Record<string, unknown>): number | undefined {
  const value = protocol === "llm-server" ? body.max_new_tokens : (body.max_tokens ?? body.max_completion_tokens);
  return typeof value === "number" && value >= 0 ? value : undefined;
}

function withHeaderOverrides(options: UpstreamReplyOptions, request: IncomingMessage): UpstreamReplyOptions {
  const number = (name: string) => {
    const value = request.headers[name];
    return typeof value === "string" && value !== "" && Number.isFinite(Number(value)) ? Number(value) : undefined;
  };
  return {
    ...options,
    tokens: number("x-upstream-tokens") ?? options.tokens,
    tokenIntervalMs: number("x-upstream-token-interval-ms") ?? options.tokenIntervalMs,
    latencyMs: number("x-upstream-latency-ms") ?? options.latencyMs,
  };
}
