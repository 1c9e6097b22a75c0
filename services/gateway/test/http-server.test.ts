import type { Server } from "node:http";
import { gzipSync } from "node:zlib";
import express from "express";
import { expectMeasuredOn, testLogger } from "@chatbot/testkit";
import { errorHandler, notFoundHandler } from "../src/transport/http/error-handler";
import { jsonBody } from "../src/transport/http/json-body";
import { createHttpServer } from "../src/transport/http/http-server";
import { connectionLimitsOf, loadGatewayConfig } from "../src/config";
import { requestContext } from "../src/transport/http/request-context";
import { checkContract, exchangeRaw, latin1Bytes, sendRaw, type RawResponse } from "./support/raw-http";

/**
 * Regressions found by the hostile-input fuzz: requests that never reach Express (Node's
 * HTTP parser refuses them), path ids that cannot be percent-decoded, and bodies that do
 * not inflate under their Content-Encoding.
 */
let server: Server;
let baseUrl: string;
let app: express.Express;

beforeAll(async () => {
  app = express();
  app.use(requestContext);
  app.get("/livez", (_request, response) => {
    response.json({ status: "ok" });
  });
  app.post("/echo", jsonBody(16), (request, response) => {
    response.json(request.body);
  });
  app.get("/api/sessions/:session_id", (request, response) => {
    response.json({ session_id: request.params.session_id });
  });
  app.use(notFoundHandler);
  app.use(errorHandler(testLogger("http-server-test")));
  server = createHttpServer(app, connectionLimitsOf(loadGatewayConfig({})));
  baseUrl = await new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`);
    });
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const head = (lines: string[]) => Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");

function expectError(response: RawResponse | undefined, status: number, code: string) {
  expect(response?.status).toBe(status);
  const checked = checkContract({ method: "GET", path: "(raw)" }, response!);
  expect(checked.code).toBe(code);
}

describe("the gateway's HTTP server", () => {
  it("makes requests and responses with the app's own prototypes, before Express sees them, and serves them as usual", async () => {
    const seen: boolean[] = [];
    const check = (request: object, response: object) => seen.push(Object.getPrototypeOf(request) === app.request && Object.getPrototypeOf(response) === app.response);
    server.prependListener("request", check);
    try {
      const answer = await fetch(`${baseUrl}/echo`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ 인사: "안녕하세요" }) });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ 인사: "안녕하세요" });
      expect(answer.headers.get("x-request-id")).toEqual(expect.any(String));
    } finally {
      server.off("request", check);
    }
    expect(seen).toEqual([true]);
  });

  it("runs on the express its app classes were measured on (re-measure before moving the pin)", () => {
    expectMeasuredOn("createHttpServer's app classes", "express", "5.3.0", __dirname, "node --import tsx bench/tricks/ab.ts app-classes");
  });

  it("answers a path with raw UTF-8 bytes (curl http://host/api/sessions/세션) with the JSON error shape, not a bare 400", async () => {
    const [response, ...more] = await exchangeRaw(baseUrl, head([latin1Bytes("GET /api/sessions/세션 HTTP/1.1"), "Host: x"]));
    expectError(response, 400, "malformed_http");
    expect(response?.headers.connection).toBe("close");
    expect(more).toEqual([]);
  });

  it("answers a /v1 request the parser refuses in OpenAI's error shape, which its SDKs read", async () => {
    const [malformed] = await exchangeRaw(baseUrl, head([latin1Bytes("POST /v1/chat/completions/세션 HTTP/1.1"), "Host: x"]));
    expect(malformed?.status).toBe(400);
    expect(JSON.parse(malformed!.body.toString("utf8"))).toEqual({
      error: { message: "The request is not valid HTTP", type: "invalid_request_error", param: null, code: "malformed_http" },
    });
    expect(malformed?.headers["x-request-id"]).toEqual(expect.any(String));
    const [tooLarge] = await exchangeRaw(baseUrl, head(["GET /V1/models HTTP/1.1", "Host: x", `X-Request-Id: ${"r".repeat(20_000)}`]));
    expect(tooLarge?.status).toBe(431);
    expect(JSON.parse(tooLarge!.body.toString("utf8")).error).toMatchObject({ type: "invalid_request_error", code: "headers_too_large" });
  });

  it("answers headers over Node's limit with 431 in the JSON error shape", async () => {
    const [response] = await exchangeRaw(baseUrl, head(["GET /livez HTTP/1.1", "Host: x", `X-Request-Id: ${"r".repeat(20_000)}`]));
    expectError(response, 431, "headers_too_large");
  });

  it("answers request smuggling framing (Content-Length and chunked) with 400 malformed_http", async () => {
    const [response] = await exchangeRaw(
      baseUrl,
      head(["POST /livez HTTP/1.1", "Host: x", "Content-Length: 3", "Transfer-Encoding: chunked", "Content-Type: application/json"]),
    );
    expectError(response, 400, "malformed_http");
  });

  it("sends no body after a HEAD request the parser refuses", async () => {
    const responses = await exchangeRaw(baseUrl, head([latin1Bytes("HEAD /api/안녕 HTTP/1.1"), "Host: x"]));
    expect(responses).toHaveLength(1);
    expect(responses[0]?.status).toBe(400);
    expect(responses[0]?.headers["x-request-id"]).toEqual(expect.any(String));
    // exchangeRaw reads a HEAD answer's Content-Length as a body length; nothing followed the head.
    expect(responses[0]?.body.length).toBe(0);
  });

  it("lets an HTTP/1.1 request without Host reach the app", async () => {
    const [response] = await exchangeRaw(baseUrl, head(["GET /livez HTTP/1.1", "Connection: close"]));
    expect(response?.status).toBe(200);
    expect(JSON.parse(response!.body.toString("utf8"))).toEqual({ status: "ok" });
  });

  it("answers a path id that is not valid percent-encoded UTF-8 with 400 malformed_path", async () => {
    for (const id of ["%E0%A4%A", "%zz", "%ff", "%ED%A0%80"]) {
      const response = await sendRaw(baseUrl, { method: "GET", path: `/api/sessions/${id}` });
      expectError(response, 400, "malformed_path");
    }
    const korean = await sendRaw(baseUrl, { method: "GET", path: `/api/sessions/${encodeURIComponent("세션-🙂")}` });
    expect(JSON.parse(korean.body.toString("utf8"))).toEqual({ session_id: "세션-🙂" });
  });

  it("answers a body that is not valid for its Content-Encoding with 400 malformed_encoding", async () => {
    const json = { "content-type": "application/json" };
    const plain = Buffer.from(JSON.stringify({ 이름: "김민지 🙂" }));
    for (const [encoding, body] of [
      ["gzip", plain],
      ["deflate", plain],
      ["br", plain],
      ["gzip", gzipSync(plain).subarray(0, 12)],
    ] as const) {
      const response = await sendRaw(baseUrl, { method: "POST", path: "/echo", headers: { ...json, "content-encoding": encoding }, body });
      expectError(response, 400, "malformed_encoding");
    }
    const inflated = await sendRaw(baseUrl, { method: "POST", path: "/echo", headers: { ...json, "content-encoding": "gzip" }, body: gzipSync(plain) });
    expect(JSON.parse(inflated.body.toString("utf8"))).toEqual({ 이름: "김민지 🙂" });
  });
});
