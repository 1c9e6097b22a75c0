import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import request from "supertest";
import { ensureWebPageBuilt } from "@chatbot/web";
import { PAGE_NOT_BUILT, webPageRoutes } from "../src/transport/http/web-page.routes";
import { errorHandler, notFoundHandler } from "../src/transport/http/error-handler";
import { securityHeaders } from "../src/transport/http/security-headers";
import { scaledTimeout, testLogger } from "@chatbot/testkit";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { accessApp, type AccessApp } from "./support/access-app";

let harness: GatewayHarness;
let guarded: AccessApp;

beforeAll(async () => {
  ensureWebPageBuilt();
  harness = await startGatewayHarness();
  guarded = await accessApp(harness, { AUTH_MODE: "api_key" });
}, scaledTimeout(60_000));
afterAll(async () => {
  await guarded?.close();
  await harness?.close();
});

function assetsOf(html: string): { script: string; styles: string } {
  const script = /<script type="module" src="(\/assets\/app-[\w-]+\.js)"><\/script>/.exec(html)?.[1];
  const styles = /<link rel="stylesheet" href="(\/assets\/styles-[\w-]+\.css)"/.exec(html)?.[1];
  if (!script || !styles) throw new Error(`the page names no script or stylesheet:\n${html}`);
  return { script, styles };
}

describe("the chat page at /", () => {
  it("is HTML revalidated on every load, under a strict content security policy, with no inline script or style", async () => {
    const response = await request(harness.app).get("/");
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.headers["cache-control"]).toBe("no-cache");
    expect(response.headers["last-modified"]).toEqual(expect.any(String));
    const csp = response.headers["content-security-policy"] as string;
    const directives = new Map(
      csp.split(";").map((directive) => {
        const [name, ...values] = directive.trim().split(/\s+/);
        return [name!, values.join(" ")];
      }),
    );
    expect(directives.get("script-src")).toBe("'self'");
    expect(directives.get("style-src")).toBe("'self'");
    expect(directives.get("connect-src")).toBe("'self'");
    expect(directives.get("object-src")).toBe("'none'");
    expect(directives.get("require-trusted-types-for")).toBe("'script'");
    expect(csp).not.toMatch(/unsafe-|https:|\*/);

    const html = response.text;
    expect(html).toContain('<html lang="ko">');
    assetsOf(html);
    // Every script is a file of this origin; nothing is styled or scripted inline.
    expect(html.match(/<script[^>]*>/g)).toEqual([expect.stringMatching(/ src="\/assets\//)]);
    expect(html).not.toMatch(/<style|\sstyle=|\son\w+=|javascript:|https?:\/\//i);

    const again = await request(harness.app)
      .get("/")
      .set("If-Modified-Since", response.headers["last-modified"] as string);
    expect(again.status).toBe(304);
  });

  it("serves its assets with their content types, cached for a year as immutable", async () => {
    const { script, styles } = assetsOf((await request(harness.app).get("/")).text);
    const js = await request(harness.app).get(script);
    expect(js.status).toBe(200);
    expect(js.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(js.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(js.headers["x-content-type-options"]).toBe("nosniff");
    const css = await request(harness.app).get(styles);
    expect(css.status).toBe(200);
    expect(css.headers["content-type"]).toBe("text/css; charset=utf-8");
    expect(css.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("answers a missing asset, a directory or a path outside the assets with the API's error shape", async () => {
    for (const path of ["/assets/app-NOPE.js", "/assets/", "/assets", "/assets/..%2F..%2Fpackage.json", "/assets/%2e%2e/build.json", "/index.html"]) {
      const response = await request(harness.app).get(path);
      expect([path, response.status >= 400 && response.status < 500]).toEqual([path, true]);
      expect(response.body.error.code).toEqual(expect.any(String));
      expect(response.text).not.toContain("chatbot");
    }
  });

  it("is public in AUTH_MODE=api_key while the API stays guarded", async () => {
    const page = await request(guarded.app).get("/");
    expect(page.status).toBe(200);
    const { script, styles } = assetsOf(page.text);
    expect((await request(guarded.app).get(script)).status).toBe(200);
    expect((await request(guarded.app).get(styles)).status).toBe(200);
    const api = await request(guarded.app).post("/api/sessions").send({});
    expect(api.status).toBe(401);
    expect(api.body.error.code).toBe("missing_api_key");
    // A key in the URL opens nothing either: the page sends it as a header.
    expect((await request(guarded.app).get("/api/documents?api_key=cbk_anything")).status).toBe(401);
  });
});

describe("a gateway whose page was not built", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "web-page-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("still starts, and / says how to build the page, in the API's error shape", async () => {
    const app = express();
    app.use(securityHeaders());
    app.use(webPageRoutes(join(dir, "dist")));
    app.use(notFoundHandler);
    app.use(errorHandler(testLogger("web-page")));
    const response = await request(app).get("/");
    expect(response.status).toBe(503);
    expect(response.body.error).toEqual({ code: "web_page_not_built", message: PAGE_NOT_BUILT });
    expect(response.body.error.message).toContain("node scripts/ensure-installed.mjs");
    expect((await request(app).get("/assets/app.js")).status).toBe(404);
  });
});
