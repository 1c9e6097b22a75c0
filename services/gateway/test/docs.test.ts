import request from "supertest";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness();
});
afterAll(() => harness.close());

describe("API documentation", () => {
  it("serves an OpenAPI 3.1 document generated from the request schemas", async () => {
    const response = await request(harness.app).get("/openapi.json");
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe("3.1.0");
    const paths = response.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths["/api/sessions"]!).sort()).toEqual(["get", "post"]);
    expect(Object.keys(paths["/api/sessions/{session_id}"]!).sort()).toEqual(["delete", "get", "patch"]);
    const listSessions = paths["/api/sessions"]!.get as { parameters: { name: string }[] };
    expect(listSessions.parameters.map((parameter) => parameter.name).sort()).toEqual(["cursor", "limit", "user_id"]);
    expect(paths["/api/health"]).toHaveProperty("get");
    const listMessages = paths["/api/sessions/{session_id}/messages"]!.get as { parameters: { name: string }[] };
    expect(listMessages.parameters.map((parameter) => parameter.name).sort()).toEqual(["before", "limit", "message_id", "session_id"]);
    expect(Object.keys(response.body.components.schemas.Message.properties)).toEqual(expect.arrayContaining(["parent_message_id", "sibling_ids"]));
    expect(Object.keys(response.body.components.schemas.ChatRequest.properties)).toEqual(expect.arrayContaining(["parent_message_id", "regenerate_message_id"]));
    const streamQuery = (paths["/api/chat/stream"]!.get as { parameters: { name: string }[] }).parameters.map((parameter) => parameter.name);
    expect(streamQuery).toEqual(expect.arrayContaining(["parent_message_id", "regenerate_message_id"]));
    expect(response.body.components.schemas).toHaveProperty("ErrorResponse");
    expect(response.body.components.schemas.Session.properties).toHaveProperty("expires_at");
    expect(Object.keys(response.body.components.schemas.Session.properties)).toEqual(expect.arrayContaining(["user_id", "title", "last_activity_at"]));
    expect(Object.keys(response.body.components.schemas.SessionList.properties)).toEqual(["sessions", "next_cursor"]);
    expect(Object.keys(response.body.components.schemas.CreateSessionRequest.properties).sort()).toEqual(["metadata", "title", "user_id"]);
    expect(response.body.components.schemas).toHaveProperty("UpdateSessionRequest");
    const search = paths["/api/sessions/search"]!.get as { parameters: { name: string }[]; responses: Record<string, unknown> };
    expect(search.parameters.map((parameter) => parameter.name).sort()).toEqual(["limit", "q", "user_id"]);
    expect(Object.keys(search.responses).sort()).toEqual(expect.arrayContaining(["200", "422"]));
    expect(Object.keys(response.body.components.schemas.SessionSearchResult.properties)).toEqual(
      expect.arrayContaining(["session_id", "title", "user_id", "last_activity_at", "score", "snippet", "highlights", "message_id"]),
    );
  });

  it("types the events of the chat and document streams as schemas", async () => {
    const { body } = await request(harness.app).get("/openapi.json");
    const schemas = body.components.schemas as Record<
      string,
      { anyOf?: { $ref?: string; properties?: Record<string, unknown> }[]; properties?: Record<string, unknown> }
    >;
    expect(schemas.ChatStreamEvent!.anyOf!.map((member) => member.$ref)).toEqual(
      ["ChatStartedEvent", "ChatSourcesEvent", "ChatChunkEvent", "ChatDoneEvent", "ChatErrorEvent"].map((name) => `#/components/schemas/${name}`),
    );
    expect(Object.keys(schemas.ChatDoneEvent!.properties!)).toEqual(["done", "message_id", "finish_reason", "usage", "model"]);
    expect(schemas.DocumentStreamEvent!.anyOf!.map((member) => Object.keys(member.properties!))).toEqual([
      ["type", "document"],
      ["type", "document", "chunks_done", "chunks_total"],
    ]);
  });

  it("serves Swagger UI at /docs with its assets", async () => {
    const page = await request(harness.app).get("/docs");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    const bundle = page.text.match(/src="([^"]*swagger-ui-bundle\.js)"/)?.[1];
    expect(bundle).toBeDefined();
    const asset = await request(harness.app).get(bundle!);
    expect(asset.status).toBe(200);
    expect(asset.text.length).toBeGreaterThan(100_000);
  });

  it("serves ReDoc at /redoc with its bundle", async () => {
    const page = await request(harness.app).get("/redoc");
    expect(page.status).toBe(200);
    expect(page.text).toContain('spec-url="/openapi.json"');
    const bundle = await request(harness.app).get("/redoc/redoc.standalone.js");
    expect(bundle.status).toBe(200);
  });
});
