import request from "supertest";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";

/**
 * JSON nested deeper than any field needs is refused at the edge, before validation and
 * storage walk it recursively: 20 KB of `{"a":` once answered 500.
 */
let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness();
});
afterAll(() => harness.close());

const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
const nestedArrays = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

describe("deeply nested JSON", () => {
  it.each([
    ["POST", "/api/sessions", (deep: string) => `{"metadata":${deep}}`, "metadata"],
    ["POST", "/api/documents", (deep: string) => `{"documents":[{"content":"본문","metadata":${deep}}]}`, "documents"],
    ["POST", "/api/chat", (deep: string) => `{"message":"안녕","filters":${deep}}`, "filters"],
  ])("%s %s answers 422 naming the field for 10,000 levels", async (method, path, body, field) => {
    for (const deep of [nested(10_000), nestedArrays(10_000)]) {
      const response = await request(harness.app)[method === "POST" ? "post" : "get"](path).set("content-type", "application/json").send(body(deep));
      expect([path, response.status]).toEqual([path, 422]);
      expect(response.body.error.code).toBe("validation_failed");
      expect(response.body.error.details).toEqual([{ field, message: expect.stringMatching(/nested/) }]);
    }
  });

  it("answers 422 naming the field for an upload's metadata nested 10,000 levels", async () => {
    const response = await request(harness.app)
      .post("/api/documents")
      .field("metadata", nested(10_000))
      .attach("file", Buffer.from("본문입니다."), { filename: "본문.txt", contentType: "text/plain" });
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual([{ field: "metadata", message: expect.stringMatching(/nested/) }]);
  });

  it("keeps metadata nested a few levels", async () => {
    const response = await request(harness.app)
      .post("/api/sessions")
      .send({ metadata: JSON.parse(nested(20)) });
    expect(response.status).toBe(201);
    expect(JSON.stringify(response.body.metadata)).toBe(nested(20));
  });
});
