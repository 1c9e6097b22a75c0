import type { Server } from "node:http";
import type { ServiceDependencies, ServiceHandle } from "@chatbot/runtime";
import { ensureInitialApiKey, wantsInitialApiKey } from "./domain/access/initial-api-key";
import { createServiceClients } from "./clients/service-clients";
import { createGateway } from "./create-gateway";
import { connectionDrain } from "./transport/http/connection-drain";
import { createHttpServer } from "./transport/http/http-server";
import { connectionLimitsOf, type GatewayConfig } from "./config";

/**
 * Starts the HTTP server; `stop()` stops taking requests, lets running replies finish up to the grace, closes clients.
 * In AUTH_MODE=api_key without ADMIN_API_KEY, a store without any API key gets one, written to the log once (see initial-api-key.ts).
 */
export async function startGateway(config: GatewayConfig, dependencies: ServiceDependencies): Promise<ServiceHandle> {
  const { logger } = dependencies;
  const clients = createServiceClients(config);
  const gateway = await createGateway(config, { ...dependencies, clients });
  const server: Server = createHttpServer(gateway.app, connectionLimitsOf(config));
  const drain = connectionDrain(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  gateway.setReady(true);
  logger.info({ host: config.HOST, port }, "gateway listening");
  const initialKeyWait = new AbortController();
  const initialKey = wantsInitialApiKey(config)
    ? ensureInitialApiKey({ client: clients.apiKeys, logger, signal: initialKeyWait.signal })
    : Promise.resolve(undefined);
  return {
    address: `${config.HOST}:${port}`,
    port,
    async stop() {
      initialKeyWait.abort();
      await initialKey;
      gateway.setReady(false);
      const closed = drain.stopAccepting();
      // Running replies finish (or are stopped and stored as interrupted) before the clients close.
      await gateway.close(config.SHUTDOWN_GRACE_SECONDS * 1000);
      server.closeAllConnections();
      await closed;
      clients.close();
    },
  };
}
