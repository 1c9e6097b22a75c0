import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { ADMIN_KEY, accessApp, createKey, type AccessApp } from "./support/access-app";
import { sendRaw } from "./support/raw-http";

/**
 * Access is a property of the route a request is routed to, so no spelling of a path can
 * reach a guarded route without its key: other letter cases, escaped or doubled slashes,
 * a trailing slash and dot segments are either the same route (and guarded) or no route.
 */
let harness: GatewayHarness;
let gateway: AccessApp;
let baseUrl: string;

beforeAll(async () => {
  harness = await startGatewayHarness();
  gateway = await accessApp(harness, { AUTH_MODE: "api_key", ADMIN_API_KEY: ADMIN_KEY, RATE_LIMIT_PER_MINUTE: "1000" });
  baseUrl = await gateway.listen();
});
afterAll(async () => {
  await gateway?.close();
  await harness?.close();
});

const OPEN = new Set(["/api/health", "/livez", "/readyz", "/metrics"]);

/** Every documented route but the open probes, its parameters filled in. */
async function guardedRoutes(): Promise<Array<{ method: string; path: string }>> {
  const document = JSON.parse((await sendRaw(baseUrl, { method: "GET", path: "/openapi.json" })).body.toString()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const routes: Array<{ method: string; path: string }> = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    if (OPEN.has(path)) continue;
    for (const method of Object.keys(operations)) routes.push({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, "0b9a1c2d") });
  }
  return routes;
}

/** Spellings a client may send for one path: the path itself and every way to disguise it. */
function spellings(path: string): string[] {
  const segments = path.split("/").slice(1);
  const variants = new Set<string>([path, path.toUpperCase(), `${path}/`, `/${path}`, `${path}/.`]);
  segments.forEach((segment, index) => {
    const swap = (replacement: string) => `/${[...segments.slice(0, index), replacement, ...segments.slice(index + 1)].join("/")}`;
    variants.add(swap(segment.toUpperCase()));
    variants.add(swap(segment.charAt(0).toUpperCase() + segment.slice(1)));
    variants.add(swap(`./${segment}`));
    variants.add(swap(`x/../${segment}`));
    variants.add(swap(`/${segment}`));
    if (index > 0) {
      const joined = `/${[...segments.slice(0, index - 1), `${segments[index - 1]}%2F${segment}`, ...segments.slice(index + 1)].join("/")}`;
      variants.add(joined);
      variants.add(joined.replace("%2F", "%2f"));
    }
  });
  return [...variants];
}

describe("route access", () => {
  it("covers every guarded route", async () => {
    const paths = (await guardedRoutes()).map((route) => `${route.method} ${route.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        "POST /api/admin/keys",
        "GET /api/admin/keys",
        "POST /api/sessions",
        "GET /api/sessions",
        "PATCH /api/sessions/0b9a1c2d",
        "POST /api/chat",
      ]),
    );
  });

  it("answers 401 or 404 to every spelling of every guarded route sent without a key", async () => {
    const admitted: string[] = [];
    for (const route of await guardedRoutes()) {
      for (const path of spellings(route.path)) {
        const response = await sendRaw(
          baseUrl,
          { method: route.method, path, headers: { "content-type": "application/json" }, body: Buffer.from("{}") },
          { maxStreamMs: 500 },
        );
        if (response.status !== 401 && response.status !== 404) admitted.push(`${route.method} ${path} → ${response.status}`);
        else expect(JSON.parse(response.body.toString()).error.code).toEqual(expect.any(String));
      }
    }
    expect(admitted).toEqual([]);
  });

  it("needs the admin key on the admin routes in any letter case, a tenant's key is not enough", async () => {
    const { key } = await createKey(gateway.app, "대소문자-테넌트");
    for (const path of ["/API/admin/keys", "/api/ADMIN/keys", "/Api/Admin/Keys/", "/api/admin/keys"]) {
      const listed = await sendRaw(baseUrl, { method: "GET", path, headers: { authorization: `Bearer ${key}` } });
      expect([path, listed.status]).toEqual([path, path === "/api/admin/keys" ? 401 : 404]);
      const created = await sendRaw(baseUrl, {
        method: "POST",
        path,
        headers: { "content-type": "application/json" },
        body: Buffer.from(JSON.stringify({ tenant: "침입자" })),
      });
      expect([path, created.status]).toEqual([path, path === "/api/admin/keys" ? 401 : 404]);
    }
  });

  it("serves the routes as declared, with a trailing slash, to a valid key", async () => {
    const { key } = await createKey(gateway.app, "경로-테넌트");
    const created = await sendRaw(baseUrl, {
      method: "POST",
      path: "/api/sessions/",
      headers: { "content-type": "application/json", "x-api-key": key },
      body: Buffer.from("{}"),
    });
    expect(created.status).toBe(201);
    const listed = await sendRaw(baseUrl, {
      method: "GET",
      path: "/api/admin/keys/?tenant=%EA%B2%BD%EB%A1%9C-%ED%85%8C%EB%84%8C%ED%8A%B8",
      headers: { "x-api-key": ADMIN_KEY },
    });
    expect(listed.status).toBe(200);
    expect(JSON.parse(listed.body.toString()).keys).toHaveLength(1);
  });
});
