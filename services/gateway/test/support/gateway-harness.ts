import type { Express } from "express";
import { createMetricsRegistry } from "@chatbot/observability";
import { startSessionService } from "@chatbot/session";
import { createPostgresClient, type SqlClient } from "@chatbot/sql";
import { testLogger, testStores, uniqueName } from "@chatbot/testkit";
import type { ServiceHandle } from "@chatbot/runtime";
import { createApp, createServiceClients, loadGatewayConfig, type ServiceClients } from "../../src";

export interface GatewayHarness {
  app: Express;
  clients: ServiceClients;
  session: ServiceHandle;
  sql: SqlClient;
  schema: string;
  /** Lets a test move the session service's clock forward. */
  clock: { offsetMs: number };
  close(): Promise<void>;
}

/**
 * The gateway app in-process (driven with supertest) in front of a real session
 * service on the real Postgres, in a schema of its own.
 */
export async function startGatewayHarness(env: Record<string, string> = {}): Promise<GatewayHarness> {
  const logger = testLogger("gateway-test");
  const registry = createMetricsRegistry({ collectDefaults: false });
  const sql = createPostgresClient({ connectionString: testStores.postgresUrl });
  const schema = uniqueName("gw_session");
  const clock = { offsetMs: 0 };
  const session = await startSessionService(
    {
      LOG_LEVEL: "silent",
      GRPC_HOST: "127.0.0.1",
      GRPC_PORT: 0,
      ADMIN_PORT: 0,
      DATA_DIR: "./data",
      DATABASE_URL: testStores.postgresUrl,
      SESSION_TIMEOUT_HOURS: 24,
      SESSION_SWEEP_INTERVAL_SECONDS: 3600,
    },
    { logger, registry },
    { sql, schema, now: () => new Date(Date.now() + clock.offsetMs) },
  );
  const config = loadGatewayConfig({ SESSION_ADDR: session.address, HEALTH_TIMEOUT_MS: "500", ...env });
  const clients = createServiceClients(config);
  const app = createApp({ config, clients, logger, registry, isReady: () => true });
  return {
    app,
    clients,
    session,
    sql,
    schema,
    clock,
    async close() {
      clients.close();
      await session.stop();
      await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await sql.close();
    },
  };
}
