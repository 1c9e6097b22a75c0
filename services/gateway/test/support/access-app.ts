import type { Server } from "node:http";
import type { Express } from "express";
import request from "supertest";
import { createMetricsRegistry } from "@chatbot/observability";
import { scaledTimeout, testLogger } from "@chatbot/testkit";
import { buildGateway, createAccessControl, createServiceClients, loadGatewayConfig, type AccessControl, type GatewayConfig, type ServiceClients } from "../../src";
import { createHttpServer } from "../../src/transport/http/http-server";
import { connectionLimitsOf } from "../../src/config";
import type { GatewayHarness } from "./gateway-harness";

export const ADMIN_KEY = "admin-key-0123456789-abcdef";

export interface AccessApp {
  app: Express;
  config: GatewayConfig;
  clients: ServiceClients;
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Another gateway app in front of the harness's services with its own configuration
 * (auth mode, admin key, limits, an ingest address), so one set of services serves
 * every access configuration a suite needs.
 */
export async function accessApp(
  harness: GatewayHarness,
  env: Record<string, string>,
  options: { access?: (config: GatewayConfig, clients: ServiceClients) => AccessControl } = {},
): Promise<AccessApp> {
  const config = loadGatewayConfig({
    SESSION_ADDR: harness.session.address,
    LLM_PROXY_ADDR: harness.llmProxy.address,
    RETRIEVAL_ADDR: harness.retrieval.address,
    HEALTH_TIMEOUT_MS: String(scaledTimeout(500)),
    ...env,
  });
  const logger = testLogger("gateway-access");
  const registry = createMetricsRegistry({ collectDefaults: false });
  const clients = createServiceClients(config);
  const access = options.access?.(config, clients) ?? createAccessControl(config, clients.apiKeys, { logger, useRedis: false });
  const gateway = await buildGateway(config, { logger, registry, clients, access });
  gateway.setReady(true);
  const app = gateway.app;
  const servers: Server[] = [];
  return {
    app,
    config,
    clients,
    listen: () =>
      new Promise((resolve) => {
        const server = createHttpServer(app, connectionLimitsOf(config)).listen(0, "127.0.0.1", () => {
          const address = server.address();
          resolve(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`);
        });
        servers.push(server);
      }),
    async close() {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      await gateway.close(1000);
      clients.close();
    },
  };
}

/** A new key for a tenant through the admin API. */
export async function createKey(app: Express, tenant: string, name = "테스트 키 🔑"): Promise<{ key_id: string; key: string }> {
  const response = await request(app).post("/api/admin/keys").set("Authorization", `Bearer ${ADMIN_KEY}`).send({ tenant, name });
  if (response.status !== 201) throw new Error(`creating a key answered ${response.status}: ${response.text}`);
  return response.body as { key_id: string; key: string };
}
