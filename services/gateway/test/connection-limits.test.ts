import type { Server } from "node:http";
import { connect, type Socket } from "node:net";
import express from "express";
import { testLogger } from "@chatbot/testkit";
import { errorHandler } from "../src/transport/http/error-handler";
import { jsonBody } from "../src/transport/http/json-body";
import { createHttpServer } from "../src/transport/http/http-server";
import { requestContext } from "../src/transport/http/request-context";
import { checkContract, sendRaw } from "./support/raw-http";

/**
 * What one client can hold: a request whose body never comes, and sockets. Each case would
 * hold its socket (and a file descriptor) forever without the limits.
 */
const REQUEST_TIMEOUT_MS = 1_000;
const PER_ADDRESS = 4;
let server: Server;
let port: number;
let baseUrl: string;

beforeAll(async () => {
  const app = express();
  app.use(requestContext);
  app.post(["/echo", "/v1/chat/completions"], jsonBody(16), (request, response) => {
    response.json(request.body);
  });
  // A response that outlives the request deadline several times over, as an event stream does.
  app.get("/events", (_request, response) => {
    response.writeHead(200, { "content-type": "text/event-stream" });
    let sent = 0;
    const timer = setInterval(() => {
      response.write(`data: ${++sent}\n\n`);
      if (sent === 6) {
        clearInterval(timer);
        response.end();
      }
    }, 500);
    response.on("close", () => clearInterval(timer));
  });
  app.use(errorHandler(testLogger("connection-limits-test")));
  server = createHttpServer(app, { requestTimeoutMs: REQUEST_TIMEOUT_MS, maxConnectionsPerAddress: PER_ADDRESS });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  port = typeof address === "object" && address ? address.port : 0;
  baseUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A raw socket that collects whatever the server sends until it closes. */
function openSocket(): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    const closed = new Promise<number>((done) => socket.once("close", () => done(Date.now() - started)));
    socket.once("error", () => undefined);
    socket.once("connect", () => resolve({ socket, received: () => Buffer.concat(chunks).toString("utf8"), closed }));
    socket.once("error", reject);
  });
}

const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4)) as { error: { code: string }; request_id: string };

describe("connection limits", () => {
  it("answers 408 in the error shape and closes the connection when a body never comes", async () => {
    const client = await openSocket();
    client.socket.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{"a"');
    const elapsed = await client.closed;
    expect(statusOf(client.received())).toBe(408);
    expect(bodyOf(client.received()).error.code).toBe("request_timeout");
    // The deadline plus Node's check interval, with room for a busy machine.
    expect(elapsed).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(REQUEST_TIMEOUT_MS + 10_000);
  });

  it("answers 408 in OpenAI's error shape when a /v1 body never comes, and the API's own after an earlier answered request", async () => {
    const client = await openSocket();
    client.socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"model"');
    await client.closed;
    expect(statusOf(client.received())).toBe(408);
    expect(JSON.parse(client.received().slice(client.received().indexOf("\r\n\r\n") + 4))).toEqual({
      error: { message: "The request was not received in time", type: "invalid_request_error", param: null, code: "request_timeout" },
    });

    // A /v1 request answered in full, then a second request on the same connection whose headers stall: its path is unknown.
    const reused = await openSocket();
    reused.socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{"a":"b"}');
    reused.socket.write("GET /v1/models HTTP/1.1\r\nHost: x\r\n");
    await reused.closed;
    const answers = reused.received().split(/(?=HTTP\/1\.1 )/);
    expect(answers.map(statusOf)).toEqual([200, 408]);
    expect(bodyOf(answers[1]!).error.code).toBe("request_timeout");
    expect(bodyOf(answers[1]!).request_id).toEqual(expect.any(String));
  });

  it("closes a connection whose headers never end", async () => {
    const client = await openSocket();
    client.socket.write("GET /events HTTP/1.1\r\nHost: x\r\n");
    const elapsed = await client.closed;
    expect(statusOf(client.received())).toBe(408);
    expect(elapsed).toBeLessThan(REQUEST_TIMEOUT_MS + 10_000);
  });

  it("does not cut a response that lasts longer than the request deadline", async () => {
    const response = await sendRaw(baseUrl, { method: "GET", path: "/events" }, { maxStreamMs: 20_000 });
    expect(response.status).toBe(200);
    expect(response.truncated).toBe(false);
    expect(response.body.toString()).toContain("data: 6");
  });

  it("answers 429 to an address's connections beyond its share, and takes new ones once some close", async () => {
    const held = await Promise.all(Array.from({ length: PER_ADDRESS }, () => openSocket()));
    const refused = await openSocket();
    await refused.closed;
    expect(statusOf(refused.received())).toBe(429);
    expect(bodyOf(refused.received()).error.code).toBe("too_many_connections");
    expect(refused.received()).toMatch(/\r\nRetry-After: 1\r\n/);

    held[0]!.socket.destroy();
    await held[0]!.closed;
    const answered = await sendRaw(baseUrl, { method: "POST", path: "/echo", headers: { "content-type": "application/json" }, body: Buffer.from('{"네":1}') });
    expect(answered.status).toBe(200);
    expect(checkContract({ method: "POST", path: "/echo" }, answered).status).toBe(200);
    for (const client of held.slice(1)) client.socket.destroy();
  });
});
