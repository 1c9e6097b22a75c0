import { connect } from "node:net";
import request from "supertest";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness({ MAX_JSON_BODY_KB: "16" });
});
afterAll(() => harness.close());

/** POSTs a JSON body over a raw socket, the body written in the given pieces with a pause between them. */
async function postInPieces(baseUrl: string, path: string, pieces: Buffer[]): Promise<{ status: number; body: unknown }> {
  const { port } = new URL(baseUrl);
  const length = pieces.reduce((total, piece) => total + piece.length, 0);
  const socket = connect(Number(port), "127.0.0.1");
  let received = Buffer.alloc(0);
  // The whole answer: its head, then as many bytes as its Content-Length says.
  const answered = new Promise<{ head: string; body: Buffer }>((resolve) =>
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf("\r\n\r\n");
      if (end < 0) return;
      const head = received.subarray(0, end).toString("latin1");
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
      if (received.length >= end + 4 + length) resolve({ head, body: received.subarray(end + 4, end + 4 + length) });
    }),
  );
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`);
  for (const piece of pieces) {
    socket.write(piece);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  const { head, body } = await answered;
  socket.destroy();
  return { status: Number(head.split(" ")[1]), body: JSON.parse(body.toString("utf8")) as unknown };
}

function expectErrorShape(body: unknown, code: string) {
  expect(body).toEqual({
    error: expect.objectContaining({ code, message: expect.any(String) }),
    request_id: expect.any(String),
  });
  expect(JSON.stringify(body)).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
}

describe("HTTP error contract", () => {
  it("answers malformed JSON with 400 malformed_json", async () => {
    const response = await request(harness.app)
      .post("/api/sessions")
      .set("content-type", "application/json")
      .send('{"metadata": {"이름": "김민지",');
    expect(response.status).toBe(400);
    expectErrorShape(response.body, "malformed_json");
  });

  it("answers an unknown route with 404 route_not_found", async () => {
    const response = await request(harness.app).get("/api/없는-경로");
    expect(response.status).toBe(404);
    expectErrorShape(response.body, "route_not_found");
  });

  it("answers a body over the limit with 413", async () => {
    const big = { metadata: { 설명: "가".repeat(20 * 1024) } };
    const response = await request(harness.app).post("/api/sessions").send(big);
    expect(response.status).toBe(413);
    expectErrorShape(response.body, "payload_too_large");
  });

  it("answers a non-JSON body with 415", async () => {
    const response = await request(harness.app).post("/api/sessions").set("content-type", "text/plain").send("안녕하세요");
    expect(response.status).toBe(415);
    expectErrorShape(response.body, "unsupported_media_type");
  });

  it("answers validation failures with 422 and the failing fields", async () => {
    const response = await request(harness.app).post("/api/sessions").send({ metadata: ["배열은", "안 됩니다"] });
    expect(response.status).toBe(422);
    expectErrorShape(response.body, "validation_failed");
    expect(response.body.error.details).toEqual([expect.objectContaining({ field: "metadata" })]);
  });

  it("echoes a caller's request id, or makes one, on every response", async () => {
    const echoed = await request(harness.app).get("/livez").set("x-request-id", "bad id; with spaces".padEnd(300, "x"));
    expect(echoed.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await request(harness.app).get("/api/nope").set("x-request-id", "client-req-42");
    expect(kept.headers["x-request-id"]).toBe("client-req-42");
    expect(kept.body.request_id).toBe("client-req-42");
  });

  it("reads a JSON body alike whether it comes with its headers or in pieces, with a byte order mark or not", async () => {
    const baseUrl = await harness.listen();
    const json = Buffer.from(JSON.stringify({ metadata: { 이름: "김민지", 도시: "서울" } }), "utf8");
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    for (const pieces of [[json], [json.subarray(0, 7), json.subarray(7, 20), json.subarray(20)], [bom, json], [Buffer.concat([bom, json])]]) {
      const answer = await postInPieces(baseUrl, "/api/sessions", pieces);
      expect(answer).toMatchObject({ status: 201, body: { metadata: { 이름: "김민지", 도시: "서울" } } });
    }
    // Only a byte order mark: nothing left, which body-parser takes as an empty object.
    expect(await postInPieces(baseUrl, "/api/sessions", [bom])).toMatchObject({ status: 201, body: { metadata: {} } });
    for (const pieces of [[Buffer.from(" 42")], [Buffer.from('{"metadata": '), Buffer.from("{}}")]]) {
      const answer = await postInPieces(baseUrl, "/api/sessions", pieces);
      expect(answer.status).toBe(pieces.length === 1 ? 400 : 201);
    }
  });

  it("never answers 500 to JSON that is valid but of the wrong shape", async () => {
    for (const body of ["null", "42", '"문자열"', "[]", '{"metadata": null}', '{"metadata": "🙂"}']) {
      const response = await request(harness.app).post("/api/sessions").set("content-type", "application/json").send(body);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
  });
});
