import request from "supertest";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness({ MAX_JSON_BODY_KB: "16" });
});
afterAll(() => harness.close());

function expectErrorShape(body: unknown, code: string) {
  expect(body).toEqual({
    error: expect.objectContaining({ code, message: expect.any(String) }),
    request_id: expect.any(String),
  });
  expect(JSON.stringify(body)).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
}

describe("HTTP error contract", () => {
  it("answers malformed JSON with 400 malformed_json", async () => {
    const response = await request(harness.app).post("/api/sessions").set("content-type", "application/json").send('{"metadata": {"이름": "김민지",');
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
    const response = await request(harness.app)
      .post("/api/sessions")
      .send({ metadata: ["배열은", "안 됩니다"] });
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

  it("never answers 500 to JSON that is valid but of the wrong shape", async () => {
    for (const body of ["null", "42", '"문자열"', "[]", '{"metadata": null}', '{"metadata": "🙂"}']) {
      const response = await request(harness.app).post("/api/sessions").set("content-type", "application/json").send(body);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
  });
});
