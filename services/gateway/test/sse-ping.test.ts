import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { postJson, readSse } from "./support/sse-client";

let harness: GatewayHarness;
let baseUrl: string;

beforeAll(async () => {
  harness = await startGatewayHarness({ SSE_PING_SECONDS: "1" });
  baseUrl = await harness.listen();
});
afterAll(() => harness.close());

describe("SSE keep-alive", () => {
  it("sends a ping comment while the upstream is silent, and the reply still arrives whole", async () => {
    harness.upstream.configure({ tokens: 2, tokenIntervalMs: 1300, latencyMs: 0 });
    const result = await readSse(`${baseUrl}/api/chat/stream`, postJson({ message: "천천히 생각해 보고 답해 주세요." }));
    expect(result.comments).toContain("ping");
    expect(result.events.at(-1)!.data).toMatchObject({ done: true });
  });

  it("keeps pinging through a long silence, once a second", async () => {
    harness.upstream.configure({ tokens: 2, tokenIntervalMs: 2600, latencyMs: 0 });
    const result = await readSse(`${baseUrl}/api/chat/stream`, postJson({ message: "아주 오래 고민해 주세요." }));
    expect(result.comments.filter((comment) => comment === "ping").length).toBeGreaterThanOrEqual(2);
    expect(result.events.at(-1)!.data).toMatchObject({ done: true });
  });

  it("sends no ping while events keep coming faster than the interval", async () => {
    // 100 ms between tokens against a 1 s ping: a stall on a busy machine still leaves a wide margin.
    harness.upstream.configure({ tokens: 20, tokenIntervalMs: 100, latencyMs: 0 });
    const result = await readSse(`${baseUrl}/api/chat/stream`, postJson({ message: "또박또박 말해 주세요." }));
    expect(result.events.filter((event) => "chunk" in event.data).length).toBeGreaterThan(1);
    expect(result.comments).not.toContain("ping");
    expect(result.events.at(-1)!.data).toMatchObject({ done: true });
  });
});
