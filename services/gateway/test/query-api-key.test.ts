import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import request from "supertest";
import { freePort, scaledTimeout, waitFor } from "@chatbot/testkit";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { ADMIN_KEY, accessApp, createKey, type AccessApp } from "./support/access-app";
import { postJson, readSse } from "./support/sse-client";

const WRONG_KEY = "cbk_wrong_query_key_0000000000000000000000000000";
// Nothing listens here: the document progress route gets past authentication and finds ingest down.
const NO_INGEST = "127.0.0.1:1";

let harness: GatewayHarness;
let gateway: AccessApp;
let baseUrl: string;
let key: string;

beforeAll(async () => {
  harness = await startGatewayHarness();
  gateway = await accessApp(harness, { AUTH_MODE: "api_key", ADMIN_API_KEY: ADMIN_KEY, INGEST_ADDR: NO_INGEST });
  baseUrl = await gateway.listen();
  ({ key } = await createKey(gateway.app, "쿼리-키-테넌트"));
});
afterAll(async () => {
  await gateway?.close();
  await harness?.close();
});

const chatUrl = (base: string, message: string, apiKey: string) => `${base}/api/chat/stream?message=${encodeURIComponent(message)}&api_key=${encodeURIComponent(apiKey)}`;

const expect401 = (response: request.Response, code: string) => {
  expect(response.status).toBe(401);
  expect(response.headers["content-type"]).toMatch(/^application\/json/);
  expect(response.body).toEqual({ error: { code, message: expect.any(String) }, request_id: response.headers["x-request-id"] });
  expect(response.headers["www-authenticate"]).toMatch(/^Bearer/);
};

describe("API key as ?api_key= (AUTH_MODE=api_key)", () => {
  it("is taken on GET /api/chat/stream and the resume route, for the key's tenant", async () => {
    const streamed = await readSse(chatUrl(baseUrl, "쿼리 키로 스트리밍이 되나요?", key));
    expect(streamed.status).toBe(200);
    expect(streamed.events.at(-1)!.data).toMatchObject({ done: true, finish_reason: "stop" });
    const { session_id: sessionId, message_id: messageId } = streamed.events[0]!.data;
    const stored = await harness.sql.query<{ tenant_id: string }>(`SELECT tenant_id FROM ${harness.schema}.sessions WHERE id = $1`, [sessionId]);
    expect(stored.rows[0]?.tenant_id).toBe("쿼리-키-테넌트");

    const resumed = await readSse(`${baseUrl}/api/chat/streams/${messageId}?after=1&api_key=${key}`);
    expect(resumed.status).toBe(200);
    expect(resumed.events.map((event) => event.id)).toEqual(streamed.events.slice(1).map((event) => event.id));
  });

  it("is taken on the document progress stream", async () => {
    const withKey = await request(gateway.app).get(`/api/documents/문서-1/events?api_key=${key}`);
    // Past authentication: the answer is about ingest, which is not running here.
    expect(withKey.status).toBe(503);
    expect401(await request(gateway.app).get("/api/documents/문서-1/events"), "missing_api_key");
  });

  it("is ignored everywhere else: 401 as without a key", async () => {
    const q = `api_key=${key}`;
    expect401(await request(gateway.app).post(`/api/chat/stream?${q}`).send({ message: "POST에는 쿼리 키가 안 됩니다" }), "missing_api_key");
    expect401(await request(gateway.app).post(`/api/chat?${q}`).send({ message: "안녕하세요" }), "missing_api_key");
    expect401(await request(gateway.app).post(`/api/sessions?${q}`).send({}), "missing_api_key");
    expect401(await request(gateway.app).get(`/api/documents?${q}`), "missing_api_key");
    expect401(await request(gateway.app).post(`/api/chat/streams/00000000-0000-4000-8000-000000000000/stop?${q}`), "missing_api_key");
    expect401(await request(gateway.app).get(`/api/admin/keys?api_key=${ADMIN_KEY}`), "missing_admin_key");
    // The POST stream route through a real socket too, as a browser's fetch would send it.
    const posted = await readSse(`${baseUrl}/api/chat/stream?${q}`, postJson({ message: "안녕하세요" }));
    expect(posted.status).toBe(401);
  });

  it("answers a wrong or empty key with 401 JSON naming every way to send one", async () => {
    expect401(await request(gateway.app).get(`/api/chat/stream?message=hi&api_key=${WRONG_KEY}`), "invalid_api_key");
    expect401(await request(gateway.app).get(`/api/chat/streams/x?api_key=${WRONG_KEY}`), "invalid_api_key");
    const missing = await request(gateway.app).get("/api/chat/stream?message=hi&api_key=");
    expect401(missing, "missing_api_key");
    expect(missing.body.error.message).toContain("?api_key=");
  });

  it("is described in the OpenAPI document on the GET stream routes only", async () => {
    const document = (await request(gateway.app).get("/openapi.json")).body;
    expect(document.components.securitySchemes.apiKeyQuery).toMatchObject({ type: "apiKey", in: "query", name: "api_key" });
    const withQuery = [{ bearerAuth: [] }, { apiKeyHeader: [] }, { apiKeyQuery: [] }];
    expect(document.paths["/api/chat/stream"].get.security).toEqual(withQuery);
    expect(document.paths["/api/chat/streams/{message_id}"].get.security).toEqual(withQuery);
    expect(document.paths["/api/documents/{document_id}/events"].get.security).toEqual(withQuery);
    expect(document.paths["/api/chat/stream"].post.security).toEqual([{ bearerAuth: [] }, { apiKeyHeader: [] }]);
    expect(document.paths["/api/sessions"].post.security).toEqual([{ bearerAuth: [] }, { apiKeyHeader: [] }]);
    expect(document.paths["/api/admin/keys"].get.security).toEqual([{ bearerAuth: [] }, { apiKeyHeader: [] }]);
  });
});

describe("a gateway process with tracing on", () => {
  let collector: Server;
  const exports: string[] = [];
  let child: ChildProcess | undefined;
  let output = "";

  beforeAll(async () => {
    // A stand-in OTLP/HTTP endpoint that keeps what the exporter sends (JSON).
    collector = createServer((incoming, response) => {
      let body = "";
      incoming.setEncoding("utf8");
      incoming.on("data", (text: string) => (body += text));
      incoming.on("end", () => {
        exports.push(body);
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }
    await new Promise((resolve) => collector.close(resolve));
  });

  function serverSpans(): { path: string; query: string }[] {
    const spans = exports.flatMap((body) => {
      const parsed = JSON.parse(body) as {
        resourceSpans?: { scopeSpans?: { spans?: { kind: number; attributes: { key: string; value: { stringValue?: string } }[] }[] }[] }[];
      };
      return (parsed.resourceSpans ?? []).flatMap((resource) => (resource.scopeSpans ?? []).flatMap((scope) => scope.spans ?? []));
    });
    return spans.map((span) => {
      const attribute = (name: string) => span.attributes.find((entry) => entry.key === name)?.value.stringValue ?? "";
      return { path: attribute("url.path"), query: attribute("url.query") };
    });
  }

  it(
    "never writes the key, nor the GET chat's message, to its logs or its traces",
    async () => {
      const port = await freePort();
      child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "../src/main.ts")], {
        cwd: join(__dirname, "../../.."),
        env: {
          ...process.env,
          PORT: String(port),
          HOST: "127.0.0.1",
          AUTH_MODE: "api_key",
          LOG_LEVEL: "trace",
          SESSION_ADDR: harness.session.address,
          LLM_PROXY_ADDR: harness.llmProxy.address,
          RETRIEVAL_ADDR: harness.retrieval.address,
          INGEST_ADDR: NO_INGEST,
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
          OTEL_BSP_SCHEDULE_DELAY: "100",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const base = `http://127.0.0.1:${port}`;
      await waitFor(async () => (await fetch(`${base}/livez`)).ok, { timeoutMs: 30_000, what: "the gateway process to listen" });

      const streamed = await readSse(chatUrl(base, "추적에 키가 남지 않나요?", key));
      expect(streamed.events.at(-1)!.data).toMatchObject({ done: true });
      expect((await readSse(`${base}/api/chat/streams/${streamed.events[0]!.data.message_id}?api_key=${key}`)).status).toBe(200);
      expect((await readSse(chatUrl(base, "틀린 키", WRONG_KEY))).status).toBe(401);
      expect((await fetch(`${base}/api/sessions?api_key=${key}`, { method: "POST" })).status).toBe(401);
      // A 503 is logged: the request's URL, key included, must not be.
      expect((await fetch(`${base}/api/documents/문서-1/events?api_key=${key}`)).status).toBe(503);

      const spans = await waitFor(
        () => {
          const found = serverSpans().filter((span) => span.path.startsWith("/api/"));
          return found.length >= 5 ? found : undefined;
        },
        { timeoutMs: 10_000, what: "the five server spans exported" },
      );
      for (const span of spans) expect(span.query).toMatch(/(^|&)api_key=REDACTED(&|$)/);
      // Spans carry no message text either, and the GET chat route has it in its query.
      expect(spans.find((span) => span.path === "/api/chat/stream")!.query).toContain("message=REDACTED");
      const everything = exports.join("\n") + output;
      expect(everything).not.toContain(encodeURIComponent("추적에 키가"));
      expect(everything).not.toContain("추적에 키가");
      expect(output).toContain('"level":"warn"');
      expect(everything).not.toContain(key);
      expect(everything).not.toContain(WRONG_KEY);
    },
    scaledTimeout(60_000),
  );
});
