import { scaledTimeout, waitFor } from "@chatbot/testkit";
import { startGatewayHarness, type GatewayHarness } from "../../services/gateway/test/support/gateway-harness";
import { postJson, readSse } from "../../services/gateway/test/support/sse-client";
import { startServiceProcess, type ServiceProcess } from "./support/service-process";

/**
 * The gateway as an operator runs it (its own process, `src/main.ts`) stopped with SIGTERM
 * while a reply streams: the configured grace is honoured even when it is longer than the
 * process's default shutdown deadline, then the reply is stored as interrupted and the
 * stream ends with `shutting_down`, and the process exits 0.
 */
const GRACE_SECONDS = 6;

let harness: GatewayHarness;
let gateway: ServiceProcess;

beforeAll(async () => {
  harness = await startGatewayHarness();
  gateway = await startServiceProcess({
    service: "gateway",
    portVariable: "PORT",
    env: {
      HOST: "127.0.0.1",
      AUTH_MODE: "none",
      SESSION_ADDR: harness.session.address,
      LLM_PROXY_ADDR: harness.llmProxy.address,
      RETRIEVAL_ADDR: harness.retrieval.address,
      SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
    },
  });
}, scaledTimeout(60_000));

afterAll(async () => {
  await gateway?.dispose();
  await harness?.close();
});

it(
  "lets a running reply use the whole configured grace, then stores it interrupted and exits 0",
  async () => {
    // 400 tokens 30 ms apart: the reply outlasts the grace.
    harness.upstream.configure({ tokens: 400, tokenIntervalMs: 30, latencyMs: 0 });
    const watching = readSse(`http://${gateway.address}/api/chat/stream`, postJson({ message: "아주 긴 옛날이야기를 들려주세요.", use_rag: false }));
    await waitFor(() => harness.upstream.requests.find((recorded) => recorded.tokensSent >= 3), { what: "tokens flowing" });

    const signalled = Date.now();
    const exited = gateway.kill("SIGTERM", 30_000);
    const result = await watching;
    const endedAfterMs = Date.now() - signalled;
    await exited;

    expect(result.events.at(-1)!.data).toMatchObject({ error: { code: "shutting_down" } });
    expect(endedAfterMs).toBeGreaterThanOrEqual((GRACE_SECONDS - 0.5) * 1000);
    expect(gateway.exitCode).toBe(0);

    const sessionId = result.events[0]!.data.session_id as string;
    const streamed = result.events
      .filter((event) => "chunk" in event.data)
      .map((event) => event.data.chunk as string)
      .join("");
    const stored = await harness.sql.query<{ role: string; status: string; content: string }>(
      `SELECT role, status, content FROM ${harness.schema}.messages WHERE session_id = $1 ORDER BY sequence`,
      [sessionId],
    );
    expect(stored.rows).toEqual([
      { role: "user", status: "complete", content: "아주 긴 옛날이야기를 들려주세요." },
      { role: "assistant", status: "interrupted", content: streamed },
    ]);
    expect(streamed.length).toBeGreaterThan(0);
  },
  scaledTimeout(40_000),
);
