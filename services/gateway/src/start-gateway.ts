import type { Server } from "node:http";
import type { ServiceDependencies, ServiceHandle } from "@chatbot/runtime";
import { createServiceClients } from "./clients/service-clients";
import type { GatewayConfig } from "./config";
import { createApp } from "./create-app";

/** Starts the HTTP server; `stop()` stops accepting connections, lets requests finish, closes clients. */
export async function startGateway(config: GatewayConfig, dependencies: ServiceDependencies): Promise<ServiceHandle> {
  const { logger, registry } = dependencies;
  const clients = createServiceClients(config);
  let ready = false;
  const app = createApp({ config, clients, logger, registry, isReady: () => ready });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(config.PORT, config.HOST, (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  // Long-lived streams must not be cut by Node's default request timeout.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  ready = true;
  logger.info({ host: config.HOST, port }, "gateway listening");
  return {
    address: `${config.HOST}:${port}`,
    port,
    async stop() {
      ready = false;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      clients.close();
    },
  };
}
