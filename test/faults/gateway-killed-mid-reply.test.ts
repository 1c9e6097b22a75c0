import { reportMeasurement, scaledTimeout, testStores, uniqueName, waitFor } from "@chatbot/testkit";
import { clearRedisPrefix, startGatewayHarness, type GatewayHarness } from "../../services/gateway/test/support/gateway-harness";
import { postJson, readSse } from "../../services/gateway/test/support/sse-client";
import { startServiceProcess, type ServiceProcess } from "./support/service-process";

/**
 * Two gateway instances, each its own process, share streams through Redis. The one
 * generating a reply is killed (SIGKILL) mid-reply; a client resuming the stream on the
 * other instance hears `generation_lost` once the dead instance's lease runs out, and the
 * reply is stored interrupted with the text the client heard.
 */
const LEASE_SECONDS = 2;
const prefix = `${uniqueName("gwkill")}:`;

let harness: GatewayHarness;
let generating: ServiceProcess;
let other: ServiceProcess;

beforeAll(async () => {
  harness = await startGatewayHarness();
  const env = {
    HOST: "127.0.0.1",
    AUTH_MODE: "none",
    SESSION_ADDR: harness.session.address,
    LLM_PROXY_ADDR: harness.llmProxy.address,
    RETRIEVAL_ADDR: harness.retrieval.address,
    REDIS_URL: testStores.redisUrl,
    REDIS_KEY_PREFIX: prefix,
    STREAM_LEASE_SECONDS: String(LEASE_SECONDS),
  };
  [generating, other] = await Promise.all([
    startServiceProcess({ service: "gateway", portVariable: "PORT", env }),
    startServiceProcess({ service: "gateway", portVariable: "PORT", env }),
  ]);
}, scaledTimeout(90_000));

afterAll(async () => {
  await generating?.dispose();
  await other?.dispose();
  await clearRedisPrefix(prefix);
  await harness?.close();
});

function chunksOf(events: { data: Record<string, unknown> }[]): string {
  return events
    .filter((event) => typeof event.data.chunk === "string")
    .map((event) => event.data.chunk as string)
    .join("");
}

it(
  "ends the stream resumed on the other instance with generation_lost and stores the reply interrupted with what the client heard",
  async () => {
    // 400 tokens 100 ms apart: the reply is still running when its gateway dies.
    harness.upstream.configure({ tokens: 400, tokenIntervalMs: 100, latencyMs: 0 });
    const before = await readSse(`http://${generating.address}/api/chat/stream`, postJson({ message: "조선 시대 역사를 길게 이야기해 주세요.", use_rag: false }), {
      stopAfter: 6,
    });
    const sessionId = before.events[0]!.data.session_id as string;
    const messageId = before.events[0]!.data.message_id as string;
    const lastSeen = before.events.at(-1)!.id;
    // What the client heard has reached Redis (the mirror trails local readers by a batch):
    // the other instance can replay it.
    const mirrored = await readSse(`http://${other.address}/api/chat/streams/${messageId}`, {}, { stopAfter: lastSeen });
    expect(mirrored.events.at(-1)!.id).toBeGreaterThanOrEqual(lastSeen);

    await generating.kill("SIGKILL");
    const killedAt = Date.now();
    const after = await readSse(`http://${other.address}/api/chat/streams/${messageId}`, { headers: { "Last-Event-ID": String(lastSeen) } });
    const endedAfterMs = Date.now() - killedAt;
    reportMeasurement("generation_lost after the generating gateway was killed", { endedAfterMs, leaseSeconds: LEASE_SECONDS });

    expect(after.status).toBe(200);
    expect(after.events.at(-1)!.data).toMatchObject({ error: { code: "generation_lost" } });
    expect(after.events.every((event, index) => event.id === lastSeen + index + 1)).toBe(true);
    expect(endedAfterMs).toBeLessThan(30_000);

    const heard = chunksOf(before.events) + chunksOf(after.events);
    expect(heard.length).toBeGreaterThan(0);
    const stored = await waitFor(
      async () => {
        const rows = await harness.sql.query<{ role: string; status: string; content: string }>(
          `SELECT role, status, content FROM ${harness.schema}.messages WHERE session_id = $1 AND role = 'assistant'`,
          [sessionId],
        );
        return rows.rows[0]?.status === "streaming" ? undefined : rows.rows[0];
      },
      { what: "the reply stored", timeoutMs: 30_000, intervalMs: 100 },
    );
    expect(stored).toEqual({ role: "assistant", status: "interrupted", content: heard });
  },
  scaledTimeout(90_000),
);
