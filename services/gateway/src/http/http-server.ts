import { createServer, type RequestListener, type Server } from "node:http";
import { answerClientError } from "./client-error";

/**
 * The gateway's HTTP server: every answer, including to requests Node itself refuses,
 * carries the public error shape and a request id.
 * - `clientError`: requests the HTTP parser rejects get a JSON error instead of a bare 400.
 * - `requireHostHeader: false`: an HTTP/1.1 request without `Host` reaches the app (which
 *   does not route by host) instead of Node's bodiless 400.
 */
export function createHttpServer(app: RequestListener): Server {
  const server = createServer({ requireHostHeader: false }, app);
  server.on("clientError", answerClientError);
  return server;
}
