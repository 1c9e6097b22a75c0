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
});
