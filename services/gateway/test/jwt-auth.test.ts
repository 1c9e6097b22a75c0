import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import request from "supertest";
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from "jose";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { ADMIN_KEY, accessApp, createKey, type AccessApp } from "./support/access-app";

const ISSUER = "https://id.example.kr/";
const AUDIENCE = "chatbot-api";
const KID = "서명-키-1";

let harness: GatewayHarness;
let jwksServer: Server;
let jwksUrl: string;
let signingKey: CryptoKey;
let strangerKey: CryptoKey;
let gateway: AccessApp;
let withoutJwt: AccessApp;

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function close(server: Server | undefined): Promise<void> {
  if (!server?.listening) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

beforeAll(async () => {
  harness = await startGatewayHarness();
  const served = await generateKeyPair("ES256");
  signingKey = served.privateKey;
  strangerKey = (await generateKeyPair("ES256")).privateKey;
  const publicJwk = { ...(await exportJWK(served.publicKey)), kid: KID, alg: "ES256", use: "sig" };
  jwksServer = createServer((req, res) => {
    if (req.url !== "/jwks.json") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/jwk-set+json" }).end(JSON.stringify({ keys: [publicJwk] }));
  });
  jwksUrl = `${await listen(jwksServer)}/jwks.json`;
  gateway = await accessApp(harness, {
    AUTH_MODE: "api_key",
    ADMIN_API_KEY: ADMIN_KEY,
    JWT_JWKS_URL: jwksUrl,
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    JWT_TENANT_CLAIM: "org",
  });
  withoutJwt = await accessApp(harness, { AUTH_MODE: "api_key" });
});
afterAll(async () => {
  await withoutJwt?.close();
  await gateway?.close();
  await close(jwksServer);
  await harness?.close();
});

interface TokenOptions {
  key?: CryptoKey;
  kid?: string;
  issuer?: string;
  audience?: string;
  subject?: string;
  /** Seconds from now; negative for a token that has already expired. */
  expiresIn?: number;
}

function token(claims: JWTPayload, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const expiresIn = options.expiresIn ?? 300;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256", kid: options.kid ?? KID })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setSubject(options.subject ?? "사용자-1")
    .setIssuedAt(now - Math.max(0, -expiresIn) - 60)
    .setExpirationTime(now + expiresIn)
    .sign(options.key ?? signingKey);
}

const bearer = (value: string) => `Bearer ${value}`;

function expectInvalidToken(response: request.Response) {
  expect(response.status).toBe(401);
  expect(response.body).toEqual({ error: { code: "invalid_token", message: expect.any(String) }, request_id: response.headers["x-request-id"] });
  expect(response.headers["www-authenticate"]).toMatch(/^Bearer .*error="invalid_token"/);
}

describe("JWT bearer tokens verified against a JWKS", () => {
  it("scopes a token's requests to its tenant claim: visible to the same tenant, 404 to another", async () => {
    const mine = await token({ org: "한빛-상사" }, { subject: "김민지" });
    const colleague = await token({ org: "한빛-상사" }, { subject: "이서준" });
    const outsider = await token({ org: "누리-물산" }, { subject: "박지훈" });

    const created = await request(gateway.app)
      .post("/api/sessions")
      .set("Authorization", bearer(mine))
      .send({ metadata: { 인사: "안녕하세요, 반갑습니다" } });
    expect(created.status).toBe(201);
    const path = `/api/sessions/${created.body.session_id}`;

    const read = await request(gateway.app).get(path).set("Authorization", bearer(colleague));
    expect(read.status).toBe(200);
    expect(read.body.metadata).toEqual({ 인사: "안녕하세요, 반갑습니다" });
    const hidden = await request(gateway.app).get(path).set("Authorization", bearer(outsider));
    expect(hidden.status).toBe(404);

    const stored = await harness.sql.query<{ tenant_id: string }>(`SELECT tenant_id FROM ${harness.schema}.sessions WHERE id = $1`, [created.body.session_id]);
    expect(stored.rows[0]?.tenant_id).toBe("한빛-상사");
    // A token's tenant is the same tenant an API key names.
    const { key } = await createKey(gateway.app, "한빛-상사");
    expect((await request(gateway.app).get(path).set("X-API-Key", key)).status).toBe(200);
  });

  it("refuses an expired token, a wrong issuer or audience, another key's signature and a token without a tenant", async () => {
    const refused = [
      await token({ org: "한빛-상사" }, { expiresIn: -60 }),
      await token({ org: "한빛-상사" }, { issuer: "https://가짜.example.kr/" }),
      await token({ org: "한빛-상사" }, { audience: "다른-서비스" }),
      await token({ org: "한빛-상사" }, { key: strangerKey }),
      await token({ org: "한빛-상사" }, { key: strangerKey, kid: "모르는-키" }),
      await token({ tenant: "한빛-상사" }),
      await token({ org: "   " }),
    ];
    for (const value of refused) expectInvalidToken(await request(gateway.app).post("/api/sessions").set("Authorization", bearer(value)).send({}));

    // Unsigned (alg "none"): no key in the set accepts it.
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${encode({ alg: "none", typ: "JWT" })}.${encode({ org: "한빛-상사", iss: ISSUER, aud: AUDIENCE, exp: now + 300 })}.`;
    expectInvalidToken(await request(gateway.app).get("/api/documents").set("Authorization", bearer(unsigned)));
    expectInvalidToken(await request(gateway.app).get("/api/documents").set("Authorization", bearer("not.a.token")));
  });

  it("tells a client whose token expired so, to refresh it", async () => {
    const response = await request(gateway.app)
      .get("/api/documents")
      .set("Authorization", bearer(await token({ org: "한빛-상사" }, { expiresIn: -30 })));
    expectInvalidToken(response);
    expect(response.body.error.message).toMatch(/expired/);
  });

  it("still accepts API keys alongside tokens, as Bearer and as X-API-Key", async () => {
    const { key } = await createKey(gateway.app, "키-테넌트");
    const created = await request(gateway.app)
      .post("/api/sessions")
      .set("Authorization", bearer(key))
      .send({ metadata: { 메모: "키로 만든 대화" } });
    expect(created.status).toBe(201);
    expect((await request(gateway.app).get(`/api/sessions/${created.body.session_id}`).set("X-API-Key", key)).status).toBe(200);
    const other = await token({ org: "다른-테넌트" });
    expect((await request(gateway.app).get(`/api/sessions/${created.body.session_id}`).set("Authorization", bearer(other))).status).toBe(404);
    const wrong = await request(gateway.app).post("/api/sessions").set("Authorization", "Bearer cbk_wrong_key_0000").send({});
    expect([wrong.status, wrong.body.error.code]).toEqual([401, "invalid_api_key"]);
  });

  it("takes tokens only from the Authorization header, not from ?api_key=", async () => {
    const value = await token({ org: "한빛-상사" });
    const response = await request(gateway.app).get(`/api/documents/abc/events?api_key=${encodeURIComponent(value)}`);
    expect([response.status, response.body.error.code]).toEqual([401, "invalid_api_key"]);
  });

  it("counts rate limits per token user, not per tenant (and reads the `tenant` claim by default)", async () => {
    const limited = await accessApp(harness, { AUTH_MODE: "api_key", JWT_JWKS_URL: jwksUrl, RATE_LIMIT_PER_MINUTE: "2" });
    try {
      const first = await token({ tenant: "한빛-상사" }, { subject: "김민지" });
      const second = await token({ tenant: "한빛-상사" }, { subject: "이서준" });
      const statuses = [];
      const create = (value: string) =>
        request(limited.app)
          .post("/api/sessions")
          .set("Authorization", bearer(value))
          .send({ metadata: { 인사: "안녕하세요, 반갑습니다" } });
      for (let i = 0; i < 3; i += 1) statuses.push((await create(first)).status);
      expect(statuses).toEqual([201, 201, 429]);
      expect((await create(second)).status).toBe(201);
    } finally {
      await limited.close();
    }
  });

  it("answers 503 auth_unavailable, not 401 or 500, when the key set cannot be fetched", async () => {
    const gone = createServer();
    const goneUrl = `${await listen(gone)}/jwks.json`;
    await close(gone);
    const unreachable = await accessApp(harness, { AUTH_MODE: "api_key", JWT_JWKS_URL: goneUrl });
    try {
      const response = await request(unreachable.app)
        .post("/api/sessions")
        .set("Authorization", bearer(await token({ org: "한빛-상사" })))
        .send({ metadata: { 인사: "안녕하세요" } });
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ error: { code: "auth_unavailable", message: expect.any(String) }, request_id: response.headers["x-request-id"] });
    } finally {
      await unreachable.close();
    }
  });

  it("treats a token as an unknown API key when JWT_JWKS_URL is not set", async () => {
    const response = await request(withoutJwt.app)
      .post("/api/sessions")
      .set("Authorization", bearer(await token({ org: "한빛-상사" })))
      .send({});
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("invalid_api_key");
  });
});
