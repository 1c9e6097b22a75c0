import { createHash } from "node:crypto";
import { AppError } from "@chatbot/core";
import { callUnary, checkHealth, createClient, createHealthClient, protos, type apiKeysV1 } from "@chatbot/grpc";
import { createMetricsRegistry } from "@chatbot/observability";
import type { ServiceHandle } from "@chatbot/runtime";
import { createPgliteClient, type SqlClient } from "@chatbot/sql";
import { testLogger } from "@chatbot/testkit";
import { API_KEYS_SERVICE_NAME } from "../src/start-session";
import { loadSessionConfig, startSessionService } from "../src";

const sha256 = (key: string) => createHash("sha256").update(key).digest("hex");

describe("ApiKeys gRPC service", () => {
  let sql: SqlClient;
  let handle: ServiceHandle;
  let client: apiKeysV1.Client;

  beforeAll(async () => {
    sql = await createPgliteClient();
    handle = await startSessionService(
      loadSessionConfig({ GRPC_HOST: "127.0.0.1", GRPC_PORT: "0", ADMIN_PORT: "0" }),
      { logger: testLogger("session"), registry: createMetricsRegistry({ collectDefaults: false }) },
      { sql },
    );
    client = createClient(protos.apiKeys().ApiKeys, handle.address);
  });
  afterAll(async () => {
    client?.close();
    await handle?.stop();
    await sql?.close();
  });

  it("is served beside SessionService and reports SERVING", async () => {
    const health = createHealthClient(handle.address);
    try {
      expect(await checkHealth(health, 2000, API_KEYS_SERVICE_NAME)).toBe("SERVING");
    } finally {
      health.close();
    }
  });

  it("creates, resolves by hash, lists and revokes across the wire", async () => {
    const created = await callUnary(client, "session", "CreateApiKey", { tenant_id: "테넌트-α", name: "모바일 앱 📱" });
    expect(created.api_key).toMatchObject({ tenant_id: "테넌트-α", name: "모바일 앱 📱", last_used_at: "", revoked_at: "" });
    const keyId = created.api_key!.key_id;

    const resolved = await callUnary(client, "session", "ResolveApiKey", { key_sha256: sha256(created.key) });
    expect(resolved).toEqual({ key_id: keyId, tenant_id: "테넌트-α" });

    const listed = await callUnary(client, "session", "ListApiKeys", { tenant_id: "테넌트-α" });
    expect(listed.api_keys.map((key) => key.key_id)).toEqual([keyId]);
    expect(listed.api_keys[0]!.last_used_at).not.toBe("");

    const revoked = await callUnary(client, "session", "RevokeApiKey", { key_id: keyId });
    expect(revoked.revoked_at).not.toBe("");
    const error = await callUnary(client, "session", "ResolveApiKey", { key_sha256: sha256(created.key) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe("not_found");
  });

  it("refuses a key without a tenant, naming the field", async () => {
    const error = await callUnary(client, "session", "CreateApiKey", { tenant_id: "", name: "" }).catch((e: unknown) => e);
    expect((error as AppError).kind).toBe("invalid_argument");
    expect((error as AppError).details).toEqual([expect.objectContaining({ field: "tenant_id" })]);
  });
});
