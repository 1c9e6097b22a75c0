import { createMetricsRegistry } from "@chatbot/observability";
import type { ServiceHandle } from "@chatbot/runtime";
import { loadSessionConfig, startSessionService } from "@chatbot/session";
import { createPgliteClient, type SqlClient } from "@chatbot/sql";
import { testLogger } from "@chatbot/testkit";
import { loadGatewayConfig, startGateway } from "../src";

const TOKEN = "gateway-internal-token-0123456789";

/** The gateway in front of a session service that requires INTERNAL_TOKEN. */
describe("the gateway's internal token", () => {
  let sql: SqlClient;
  let session: ServiceHandle;
  const gateways: ServiceHandle[] = [];
  const dependencies = () => ({ logger: testLogger("gateway-test"), registry: createMetricsRegistry({ collectDefaults: false }) });

  beforeAll(async () => {
    sql = await createPgliteClient();
    session = await startSessionService(loadSessionConfig({ GRPC_PORT: "0", ADMIN_PORT: "0", INTERNAL_TOKEN: TOKEN }), dependencies(), { sql });
  });
  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop();
    await session?.stop();
    await sql?.close();
  });

  async function createSessionThrough(internalToken: string): Promise<{ status: number; body: { error?: { code: string } } }> {
    const gateway = await startGateway(
      loadGatewayConfig({ HOST: "127.0.0.1", PORT: "0", AUTH_MODE: "none", LOG_LEVEL: "silent", SESSION_ADDR: session.address, INTERNAL_TOKEN: internalToken }),
      dependencies(),
    );
    gateways.push(gateway);
    const response = await fetch(`http://127.0.0.1:${gateway.port}/api/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
  }

  it("reaches the session service with the right token", async () => {
    expect((await createSessionThrough(TOKEN)).status).toBe(201);
  });

  it("answers 500 internal_auth_failed with a wrong one: the deployment is at fault, not the client, so never 401", async () => {
    const { status, body } = await createSessionThrough("gateway-internal-token-guessed");
    expect(status).toBe(500);
    expect(body.error?.code).toBe("internal_auth_failed");
  });
});
