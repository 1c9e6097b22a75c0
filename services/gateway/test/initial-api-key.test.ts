import * as grpc from "@grpc/grpc-js";
import type { apiKeysV1 } from "@chatbot/grpc";
import { createLogger } from "@chatbot/core";
import { createMetricsRegistry } from "@chatbot/observability";
import type { ServiceHandle } from "@chatbot/runtime";
import { loadSessionConfig, startSessionService } from "@chatbot/session";
import { createPostgresClient } from "@chatbot/sql";
import { capturingLogger, testLogger, testStores, uniqueName, waitFor } from "@chatbot/testkit";
import { loadGatewayConfig, startGateway } from "../src";
import { grpcInvoker } from "@chatbot/grpc";
import { createApiKeysClient } from "../src/clients/api-keys.client-adapter";
import { INITIAL_KEY_MESSAGE, ensureInitialApiKey, wantsInitialApiKey } from "../src/domain/access/initial-api-key";

const NO_KEYS_NEEDED = "the session store holds API keys already: no initial key made";
const NOWHERE = "127.0.0.1:1";

/** What the log lines say about the initial key: the key printed, or that none was needed. */
function initialKeyLines(lines: string[]) {
  const parsed = lines.map((line) => JSON.parse(line) as { level: string; msg: string; key_id?: string });
  const printed = parsed.filter((line) => line.msg.startsWith(INITIAL_KEY_MESSAGE));
  return {
    printed,
    key: printed[0]?.msg.match(/cbk_[\w-]+/)?.[0],
    notNeeded: parsed.some((line) => line.msg === NO_KEYS_NEEDED),
  };
}

describe("the initial API key (AUTH_MODE=api_key, no ADMIN_API_KEY)", () => {
  const schema = uniqueName("session_initial_key");
  const sessions: ServiceHandle[] = [];
  const gateways: ServiceHandle[] = [];

  beforeAll(async () => {
    // Two replicas of the session service on one empty store, as in a deployment.
    for (let replica = 0; replica < 2; replica += 1) {
      sessions.push(
        await startSessionService(
          loadSessionConfig({ GRPC_HOST: "127.0.0.1", GRPC_PORT: "0", ADMIN_PORT: "0", DATABASE_URL: testStores.postgresUrl }),
          { logger: testLogger("session"), registry: createMetricsRegistry({ collectDefaults: false }) },
          { schema },
        ),
      );
    }
  });
  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop();
    for (const session of sessions) await session.stop();
    const sql = createPostgresClient({ connectionString: testStores.postgresUrl });
    await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await sql.close();
  });

  const startOne = async (sessionAddress: string) => {
    const { logger, lines } = capturingLogger("gateway");
    const gateway = await startGateway(
      loadGatewayConfig({
        HOST: "127.0.0.1",
        PORT: "0",
        AUTH_MODE: "api_key",
        SESSION_ADDR: sessionAddress,
        RETRIEVAL_ADDR: NOWHERE,
        LLM_PROXY_ADDR: NOWHERE,
        INGEST_ADDR: NOWHERE,
      }),
      { logger, registry: createMetricsRegistry({ collectDefaults: false }) },
    );
    gateways.push(gateway);
    return { gateway, lines };
  };

  it("is printed once by one of two gateways starting together, and works", async () => {
    const started = await Promise.all(sessions.map((session) => startOne(session.address)));
    const outcomes = await waitFor(
      () => {
        const seen = started.map(({ lines }) => initialKeyLines(lines));
        return seen.every((outcome) => outcome.printed.length > 0 || outcome.notNeeded) ? seen : undefined;
      },
      { timeoutMs: 20_000, what: "both gateways to have asked for the initial key" },
    );
    const printing = outcomes.filter((outcome) => outcome.printed.length > 0);
    expect(printing).toHaveLength(1);
    expect(printing[0]!.printed).toEqual([expect.objectContaining({ level: "warn", key_id: expect.any(String) })]);
    const key = printing[0]!.key!;
    expect(key).toMatch(/^cbk_/);

    for (const { gateway } of started) {
      const created = await fetch(`http://127.0.0.1:${gateway.port}/api/sessions`, {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body: "{}",
      });
      expect(created.status).toBe(201);
    }
  });

  it("is not printed again when a gateway starts later", async () => {
    for (const gateway of gateways.splice(0)) await gateway.stop();
    const { lines } = await startOne(sessions[0]!.address);
    await waitFor(() => initialKeyLines(lines).notNeeded, { timeoutMs: 20_000, what: "the restarted gateway to have asked" });
    expect(initialKeyLines(lines).printed).toEqual([]);
  });
});

describe("asking for the initial API key", () => {
  /** A stand-in for the session service's ApiKeys client: answers CreateInitialApiKey from a script. */
  function scriptedClient(answers: Array<Partial<grpc.ServiceError> | apiKeysV1.InitialApiKey>) {
    const calls: unknown[] = [];
    const client = {
      CreateInitialApiKey(request: unknown, _metadata: unknown, _options: unknown, callback: (error: unknown, response?: unknown) => void) {
        calls.push(request);
        const answer = answers.shift() ?? { created: false, api_key: null, key: "" };
        setImmediate(() => ("code" in answer ? callback(answer) : callback(null, answer)));
        return { cancel: () => undefined };
      },
    };
    return { client: createApiKeysClient(grpcInvoker(client as unknown as apiKeysV1.Client, "session")), calls };
  }
  const made: apiKeysV1.InitialApiKey = {
    created: true,
    key: "cbk_made_for_the_test",
    api_key: { key_id: "k-1", tenant_id: "default", name: "", created_at: "", last_used_at: "", revoked_at: "" },
  };

  it("is wanted only in AUTH_MODE=api_key without ADMIN_API_KEY", () => {
    expect(wantsInitialApiKey({ AUTH_MODE: "api_key", ADMIN_API_KEY: undefined })).toBe(true);
    expect(wantsInitialApiKey({ AUTH_MODE: "api_key", ADMIN_API_KEY: "an-admin-key-of-16+" })).toBe(false);
    expect(wantsInitialApiKey({ AUTH_MODE: "none", ADMIN_API_KEY: undefined })).toBe(false);
  });

  it("waits while the session service is unavailable, then prints the key", async () => {
    const { client, calls } = scriptedClient([{ code: grpc.status.UNAVAILABLE, details: "starting" }, { code: grpc.status.UNAVAILABLE, details: "starting" }, made]);
    const { logger, lines } = capturingLogger("gateway");
    expect(await ensureInitialApiKey({ client, logger, signal: new AbortController().signal, retryMs: 5 })).toBe("k-1");
    expect(calls).toHaveLength(3);
    expect(initialKeyLines(lines).key).toBe("cbk_made_for_the_test");
  });

  it("makes no key where the log would not show it", async () => {
    const { client, calls } = scriptedClient([made]);
    const logger = createLogger({ service: "gateway", level: "error", destination: { write: () => undefined } });
    expect(await ensureInitialApiKey({ client, logger, signal: new AbortController().signal })).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it("gives up with a warning on any other answer, and stops waiting when the gateway stops", async () => {
    const refused = scriptedClient([{ code: grpc.status.UNIMPLEMENTED, details: "old session service" }]);
    const { logger, lines } = capturingLogger("gateway");
    expect(await ensureInitialApiKey({ client: refused.client, logger, signal: new AbortController().signal })).toBeUndefined();
    expect(lines.map((line) => JSON.parse(line) as { level: string; msg: string })).toContainEqual(
      expect.objectContaining({ level: "warn", msg: expect.stringContaining("api-keys command") }),
    );

    const down = scriptedClient(Array.from({ length: 1000 }, () => ({ code: grpc.status.UNAVAILABLE, details: "down" })));
    const stopping = new AbortController();
    const asking = ensureInitialApiKey({ client: down.client, logger, signal: stopping.signal, retryMs: 5 });
    await waitFor(() => down.calls.length >= 2, { timeoutMs: 5000, what: "a second attempt" });
    stopping.abort();
    expect(await asking).toBeUndefined();
  });
});
