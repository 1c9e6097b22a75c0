import { createPostgresClient, type SqlClient } from "@chatbot/sql";
import { reportMeasurement, scaledTimeout, testStores, waitFor } from "@chatbot/testkit";
import { startGatewayHarness, type GatewayHarness } from "../../services/gateway/test/support/gateway-harness";
import { postJson, readSse } from "../../services/gateway/test/support/sse-client";
import { startServiceProcess, type ServiceProcess } from "./support/service-process";

/**
 * The session service crashes (SIGKILL) while a reply streams and is still down when the
 * reply ends: the gateway cannot store the reply then. Once the service is back (well
 * within the stream retention), the stored message holds the whole text the client heard,
 * with the status the reply had, never an empty or failed message.
 *
 * The session service and the gateway run as their own processes; the harness provides
 * the llm-proxy, retrieval and the test upstream.
 */

let harness: GatewayHarness;
let session: ServiceProcess;
let gateway: ServiceProcess;
let sql: SqlClient;

beforeAll(async () => {
  harness = await startGatewayHarness();
  sql = createPostgresClient({ connectionString: testStores.postgresUrl });
  session = await startServiceProcess({
    service: "session",
    env: { DATABASE_URL: testStores.postgresUrl, LOG_LEVEL: "silent" },
  });
  gateway = await startServiceProcess({
    service: "gateway",
    portVariable: "PORT",
    env: {
      HOST: "127.0.0.1",
      AUTH_MODE: "none",
      LOG_LEVEL: "info",
      SESSION_ADDR: session.address,
      LLM_PROXY_ADDR: harness.llmProxy.address,
      RETRIEVAL_ADDR: harness.retrieval.address,
      STREAM_RETENTION_SECONDS: "120",
    },
  });
}, scaledTimeout(90_000));

afterAll(async () => {
  await gateway?.dispose();
  await session?.dispose();
  await sql?.close();
  await harness?.close();
});

/** The session process keeps its tables in the `session` schema. */
async function storedReply(sessionId: string) {
  const rows = await sql.query<{ role: string; status: string; content: string; error_code: string }>(
    `SELECT role, status, content, error_code FROM session.messages WHERE session_id = $1 ORDER BY sequence`,
    [sessionId],
  );
  return rows.rows.find((row) => row.role === "assistant");
}

it(
  "stores the whole reply, complete, once the session service is back",
  async () => {
    // 80 tokens 40 ms apart: about 3 s of reply, long enough to kill the service half-way.
    harness.upstream.configure({ tokens: 80, tokenIntervalMs: 40, latencyMs: 0 });
    const watching = readSse(`http://${gateway.address}/api/chat/stream`, postJson({ message: "제주도 여행 일정을 길게 짜 주세요.", use_rag: false }));
    await waitFor(() => harness.upstream.requests.find((recorded) => recorded.tokensSent >= 5), { what: "tokens flowing", timeoutMs: 30_000 });
    await session.kill("SIGKILL");

    const result = await watching;
    const sessionId = result.events[0]!.data.session_id as string;
    const streamed = result.events
      .filter((event) => "chunk" in event.data)
      .map((event) => event.data.chunk as string)
      .join("");
    expect(result.events.at(-1)!.data).toMatchObject({ done: true, finish_reason: "stop" });
    expect(streamed.length).toBeGreaterThan(0);

    // Still down when the reply ended: the gateway's first attempt to store it failed.
    await waitFor(() => gateway.output().includes("could not store the assistant message"), { what: "a failed attempt to store", timeoutMs: 30_000 });
    const restartedAt = Date.now();
    await session.start();
    const reply = await waitFor(
      async () => {
        const row = await storedReply(sessionId);
        return row && row.status !== "streaming" ? row : undefined;
      },
      { what: "the reply stored", timeoutMs: 60_000, intervalMs: 100 },
    );
    const storedAfterMs = Date.now() - restartedAt;
    const retried = /"attempts":(\d+)/.exec(
      gateway
        .output()
        .split("\n")
        .find((line) => line.includes("after retrying")) ?? "",
    );
    reportMeasurement("reply stored after the session service was back", { storedAfterMs, attempt: retried?.[1] });

    expect(reply).toEqual({ role: "assistant", status: "complete", content: streamed, error_code: "" });
  },
  scaledTimeout(120_000),
);
