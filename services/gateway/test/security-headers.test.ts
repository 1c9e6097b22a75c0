import request from "supertest";
import type { Browser } from "playwright-core";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { accessApp, type AccessApp } from "./support/access-app";
import { launchTestChromium, scaledTimeout } from "@chatbot/testkit";

let harness: GatewayHarness;
let withCors: AccessApp;

beforeAll(async () => {
  harness = await startGatewayHarness();
  withCors = await accessApp(harness, { AUTH_MODE: "api_key", CORS_ORIGINS: "https://앱.example, https://app.example" });
});
afterAll(async () => {
  await withCors?.close();
  await harness?.close();
});

describe("CORS", () => {
  it("answers a preflight from a listed origin without asking for a key", async () => {
    const response = await request(withCors.app)
      .options("/api/chat/stream")
      .set("Origin", "https://app.example")
      .set("Access-Control-Request-Method", "POST")
      .set("Access-Control-Request-Headers", "authorization, content-type");
    expect(response.status).toBe(204);
    expect(response.headers["access-control-allow-origin"]).toBe("https://app.example");
    expect(response.headers["access-control-allow-headers"]).toMatch(/Authorization/);
    expect(response.headers["access-control-allow-headers"]).toMatch(/X-API-Key/);
  });

  it("lets a listed origin read the error, request id and limit headers", async () => {
    const response = await request(withCors.app).post("/api/sessions").set("Origin", "https://app.example").send({});
    expect(response.status).toBe(401);
    expect(response.headers["access-control-allow-origin"]).toBe("https://app.example");
    expect(response.headers["access-control-expose-headers"]).toMatch(/X-Request-Id/);
    expect(response.headers["access-control-expose-headers"]).toMatch(/Retry-After/);
  });

  it("sends no CORS headers to an origin not listed, nor at all without CORS_ORIGINS", async () => {
    const unlisted = await request(withCors.app).get("/livez").set("Origin", "https://evil.example");
    expect(unlisted.headers["access-control-allow-origin"]).toBeUndefined();
    const none = await request(harness.app).get("/livez").set("Origin", "https://app.example");
    expect(none.headers["access-control-allow-origin"]).toBeUndefined();
    const preflight = await request(harness.app).options("/api/sessions").set("Origin", "https://app.example").set("Access-Control-Request-Method", "POST");
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("security headers", () => {
  it("sends helmet's headers with every answer, errors included", async () => {
    for (const path of ["/livez", "/api/sessions/없는-세션"]) {
      const response = await request(harness.app).get(encodeURI(path));
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.headers["x-frame-options"]).toBe("SAMEORIGIN");
      expect(response.headers["strict-transport-security"]).toMatch(/max-age=/);
      expect(response.headers["content-security-policy"]).toMatch(/script-src 'self'/);
      expect(response.headers["content-security-policy"]).not.toMatch(/unsafe-inline'?[^;]*;?.*script/);
      expect(response.headers["x-request-id"]).toEqual(expect.any(String));
    }
  });

  it("relaxes the content security policy for the documentation pages only", async () => {
    const docs = (await request(harness.app).get("/docs")).headers["content-security-policy"] as string;
    expect(docs).toMatch(/style-src 'self' 'unsafe-inline'/);
    expect(docs).toMatch(/worker-src 'self' blob:/);
    expect(docs).not.toMatch(/script-src[^;]*unsafe/);
    const api = (await request(harness.app).get("/livez")).headers["content-security-policy"] as string;
    expect(api).not.toMatch(/worker-src/);
  });
});

describe("documentation pages in a real browser under the content security policy", () => {
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    baseUrl = await harness.listen();
    browser = await launchTestChromium();
  }, scaledTimeout(60_000));
  afterAll(() => browser?.close());

  it.each([
    ["/docs", ".swagger-ui .info .title"],
    ["/redoc", "h1"],
  ])(
    "%s renders the API title with no CSP violation",
    async (path, selector) => {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
      });
      await page.goto(`${baseUrl}${path}`);
      await page.waitForSelector(selector, { timeout: 15_000 });
      expect(await page.textContent(selector)).toContain("Chatbot backend API");
      expect(violations).toEqual([]);
      await page.close();
    },
    scaledTimeout(30_000),
  );
});
