import { IncomingMessage, ServerResponse, createServer, type Server, type ServerOptions } from "node:http";
import type { Socket } from "node:net";
import type { Express } from "express";
import { answerRefusedRequests } from "./client-error";
import { CONNECTION_CHECK_INTERVAL_MS, applyConnectionLimits, type ConnectionLimits } from "./connection-limits";

/**
 * Node's request and response classes, but with the app's own prototypes (`app.request`,
 * `app.response`). Express re-parents every request and response onto those with
 * Object.setPrototypeOf (`app.handle`), which is a no-op on objects that already have them; on
 * Node's own objects each re-parenting costs V8 hidden-class work and keeps a fifth of the
 * memory a request allocates alive into the old generation, for costly garbage collections later.
 *
 * This leans on Express's internals (where and onto what it re-parents), so it is kept only for
 * what it was measured to save: measured on express 5.3.0 (Node 20.20.2): 13% CPU per request
 * (gateway CPU per GET /api/sessions/{id}, about 900 vs 1050 µs on a loaded machine; 22 paired
 * rounds, 3–19%; `node --import tsx bench/tricks/ab.ts app-classes`). test/http-server.test.ts
 * fails when another express is installed, so that it is measured again first.
 */
function appClasses(app: Express): Pick<ServerOptions, "IncomingMessage" | "ServerResponse"> {
  function AppIncomingMessage(this: IncomingMessage, socket: Socket): void {
    IncomingMessage.call(this, socket);
  }
  AppIncomingMessage.prototype = app.request;
  function AppServerResponse(this: ServerResponse, request: IncomingMessage, options?: object): void {
    (ServerResponse as unknown as (this: ServerResponse, request: IncomingMessage, options?: object) => void).call(this, request, options);
  }
  AppServerResponse.prototype = app.response;
  return {
    IncomingMessage: AppIncomingMessage as unknown as typeof IncomingMessage,
    ServerResponse: AppServerResponse as unknown as typeof ServerResponse,
  };
}

/**
 * The gateway's HTTP server: every answer, including to requests Node itself refuses,
 * carries the public error shape and a request id; requests are received within the
 * limits' deadline and one client address holds at most its share of connections.
 * - requests the HTTP parser rejects or that time out get a JSON error (in their path's shape) instead of a bare 400 or 408.
 * - `requireHostHeader: false`: an HTTP/1.1 request without `Host` reaches the app (which
 *   does not route by host) instead of Node's bodiless 400.
 */
export function createHttpServer(app: Express, limits: ConnectionLimits): Server {
  // BENCH_PLAIN=app-classes: Node's own classes, for bench/tricks/ab.ts only.
  const plain = (process.env.BENCH_PLAIN ?? "").split(",").includes("app-classes");
  const server = createServer({ requireHostHeader: false, connectionsCheckingInterval: CONNECTION_CHECK_INTERVAL_MS, ...(plain ? {} : appClasses(app)) }, app);
  answerRefusedRequests(server);
  applyConnectionLimits(server, limits);
  return server;
}
