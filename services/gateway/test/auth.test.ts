import request from "supertest";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { ADMIN_KEY, accessApp, createKey, type AccessApp } from "./support/access-app";

let harness: GatewayHarness;
let gateway: AccessApp;
let noAdmin: AccessApp;

beforeAll(async () => {
  harness = await startGatewayHarness();
  gateway = await accessApp(harness, { AUTH_MODE: "api_key", ADMIN_API_KEY: ADMIN_KEY });
  noAdmin = await accessApp(harness, { AUTH_MODE: "api_key" });
});
afterAll(async () => {
  await noAdmin?.close();
  await gateway?.close();
  await harness?.close();
});

const expectStandard401 = (response: request.Response, code: string) => {
  expect(response.status).toBe(401);
  expect(response.body).toEqual({ error: { code, message: expect.any(String) }, request_id: response.headers["x-request-id"] });
  expect(response.headers["www-authenticate"]).toMatch(/^Bearer/);
};

describe("API keys on the public API", () => {
  it("answers 401 in the standard shape without a key, or with a wrong one", async () => {
    expectStandard401(await request(gateway.app).post("/api/sessions").send({}), "missing_api_key");
    expectStandard401(await request(gateway.app).get("/api/documents"), "missing_api_key");
    expectStandard401(await request(gateway.app).post("/api/sessions").set("Authorization", "Bearer cbk_wrong_key_0000").send({}), "invalid_api_key");
    expectStandard401(await request(gateway.app).post("/api/search").set("X-API-Key", "cbk_wrong").send({ query: "날씨" }), "invalid_api_key");
    expectStandard401(await request(gateway.app).get("/api/sessions/abc").set("Authorization", "Basic dXNlcjpwYXNz"), "missing_api_key");
  });

  it("accepts a key as Authorization: Bearer and as X-API-Key, for the key's tenant", async () => {
    const { key } = await createKey(gateway.app, "한빛-상사");
    const created = await request(gateway.app)
      .post("/api/sessions")
      .set("Authorization", `Bearer ${key}`)
      .send({ metadata: { 주제: "인증" } });
    expect(created.status).toBe(201);
    const read = await request(gateway.app).get(`/api/sessions/${created.body.session_id}`).set("X-API-Key", key);
    expect(read.status).toBe(200);
    expect(read.body.metadata).toEqual({ 주제: "인증" });
    const stored = await harness.sql.query<{ tenant_id: string }>(`SELECT tenant_id FROM ${harness.schema}.sessions WHERE id = $1`, [created.body.session_id]);
    expect(stored.rows[0]?.tenant_id).toBe("한빛-상사");
  });

  it("keeps probes, metrics and the documentation open", async () => {
    for (const path of ["/api/health", "/livez", "/readyz", "/metrics", "/docs", "/redoc", "/openapi.json"]) {
      const response = await request(gateway.app).get(path);
      expect([path, response.status === 401]).toEqual([path, false]);
    }
    expect((await request(gateway.app).get("/livez")).status).toBe(200);
    expect((await request(gateway.app).get("/openapi.json")).status).toBe(200);
  });

  it("refuses a revoked key at once", async () => {
    const { key, key_id } = await createKey(gateway.app, "폐기-테넌트");
    expect((await request(gateway.app).post("/api/sessions").set("X-API-Key", key).send({})).status).toBe(201);
    const revoked = await request(gateway.app).delete(`/api/admin/keys/${key_id}`).set("X-API-Key", ADMIN_KEY);
    expect(revoked.status).toBe(204);
    expectStandard401(await request(gateway.app).post("/api/sessions").set("X-API-Key", key).send({}), "invalid_api_key");
  });

  it("answers 503, not 401, when the key cannot be checked", async () => {
    const broken = await accessApp(harness, { AUTH_MODE: "api_key", SESSION_ADDR: "127.0.0.1:1" });
    try {
      const response = await request(broken.app).post("/api/sessions").set("X-API-Key", "cbk_any_key").send({});
      expect(response.status).toBe(503);
    } finally {
      await broken.close();
    }
  });
});

describe("admin API", () => {
  it("shows a new key once, lists keys without it, and revokes", async () => {
    const created = await request(gateway.app).post("/api/admin/keys").set("Authorization", `Bearer ${ADMIN_KEY}`).send({ tenant: "관리-테넌트", name: "모바일 앱 📱" });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      key_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      key: expect.stringMatching(/^cbk_[\w-]{43}$/),
      tenant: "관리-테넌트",
      name: "모바일 앱 📱",
      created_at: expect.any(String),
      last_used_at: null,
      revoked_at: null,
    });

    const listed = await request(gateway.app).get("/api/admin/keys").query({ tenant: "관리-테넌트" }).set("X-API-Key", ADMIN_KEY);
    expect(listed.status).toBe(200);
    expect(listed.body.keys).toEqual([expect.objectContaining({ key_id: created.body.key_id, tenant: "관리-테넌트", revoked_at: null })]);
    expect(listed.text).not.toContain(created.body.key);
    expect(listed.body.keys[0]).not.toHaveProperty("key");
    const all = await request(gateway.app).get("/api/admin/keys").set("X-API-Key", ADMIN_KEY);
    expect(all.body.keys.length).toBeGreaterThanOrEqual(1);
    expect(all.text).not.toContain("cbk_");

    expect((await request(gateway.app).delete(`/api/admin/keys/${created.body.key_id}`).set("X-API-Key", ADMIN_KEY)).status).toBe(204);
    const after = await request(gateway.app).get("/api/admin/keys").query({ tenant: "관리-테넌트" }).set("X-API-Key", ADMIN_KEY);
    expect(after.body.keys[0].revoked_at).toEqual(expect.any(String));
  });

  it("answers 404 for an unknown key and 422 without a tenant", async () => {
    const unknown = await request(gateway.app).delete("/api/admin/keys/00000000-0000-4000-8000-000000000000").set("X-API-Key", ADMIN_KEY);
    expect(unknown.status).toBe(404);
    expect((await request(gateway.app).delete("/api/admin/keys/없는-키").set("X-API-Key", ADMIN_KEY)).status).toBe(404);
    const invalid = await request(gateway.app).post("/api/admin/keys").set("X-API-Key", ADMIN_KEY).send({ tenant: "  " });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.details).toEqual([expect.objectContaining({ field: "tenant" })]);
  });

  it("answers 401 to a missing or wrong admin key, and to a tenant's key", async () => {
    expectStandard401(await request(gateway.app).get("/api/admin/keys"), "missing_admin_key");
    expectStandard401(await request(gateway.app).get("/api/admin/keys").set("X-API-Key", `${ADMIN_KEY}x`), "invalid_admin_key");
    const { key } = await createKey(gateway.app, "일반-테넌트");
    expectStandard401(await request(gateway.app).post("/api/admin/keys").set("X-API-Key", key).send({ tenant: "탈취" }), "invalid_admin_key");
  });

  it("does not exist without ADMIN_API_KEY", async () => {
    for (const call of [
      request(noAdmin.app).get("/api/admin/keys"),
      request(noAdmin.app).post("/api/admin/keys").set("X-API-Key", ADMIN_KEY).send({ tenant: "누구" }),
      request(noAdmin.app).delete("/api/admin/keys/00000000-0000-4000-8000-000000000000"),
    ]) {
      expect((await call).status).toBe(404);
    }
    const paths = (await request(noAdmin.app).get("/openapi.json")).body.paths as Record<string, unknown>;
    expect(Object.keys(paths).some((path) => path.startsWith("/api/admin"))).toBe(false);
  });
});

describe("OpenAPI document", () => {
  it("describes the key schemes, which routes need a key, and the admin routes", async () => {
    const document = (await request(gateway.app).get("/openapi.json")).body;
    expect(document.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: "http", scheme: "bearer" }),
      apiKeyHeader: expect.objectContaining({ type: "apiKey", in: "header", name: "X-API-Key" }),
      // Only the GET stream routes accept it (query-api-key.test.ts).
      apiKeyQuery: expect.objectContaining({ type: "apiKey", in: "query", name: "api_key" }),
    });
    const security = [{ bearerAuth: [] }, { apiKeyHeader: [] }];
    expect(document.paths["/api/sessions"].post.security).toEqual(security);
    expect(document.paths["/api/chat/streams/{message_id}/stop"].post.security).toEqual(security);
    expect(document.paths["/api/health"].get.security).toBeUndefined();
    expect(document.paths["/livez"].get.security).toBeUndefined();
    expect(document.paths["/api/admin/keys"].post.security).toEqual(security);
    expect(document.paths["/api/admin/keys/{key_id}"]).toHaveProperty("delete");
    expect(document.components.schemas).toHaveProperty("CreatedApiKey");
  });

  it("has no security requirements in AUTH_MODE=none", async () => {
    const document = (await request(harness.app).get("/openapi.json")).body;
    expect(document.paths["/api/sessions"].post.security).toBeUndefined();
  });
});
