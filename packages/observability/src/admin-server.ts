import { createServer, type Server } from "node:http";
import type { Registry } from "prom-client";

export interface AdminServer {
  port: number;
  close(): Promise<void>;
}

/** A service's operator port: Prometheus text at /metrics and a liveness answer at /livez. */
export async function startAdminServer(registry: Registry, host: string, port: number): Promise<AdminServer> {
  const server: Server = createServer((request, response) => {
    if (request.url === "/metrics") {
      registry.metrics().then(
        (text) => {
          response.writeHead(200, { "content-type": registry.contentType });
          response.end(text);
        },
        () => {
          response.writeHead(500).end();
        },
      );
      return;
    }
    if (request.url === "/livez") {
      response.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
