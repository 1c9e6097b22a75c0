import { scaledTimeout, waitFor } from "@chatbot/testkit";
import { startDistributedSystem, type BackendName } from "../support/distributed-system";

let system: Awaited<ReturnType<typeof startDistributedSystem>>;

beforeAll(async () => {
  system = await startDistributedSystem();
}, scaledTimeout(60_000));
afterAll(() => system?.close());

async function health() {
  const response = await fetch(`${system.url}/api/health`);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe("GET /api/health in distributed mode", () => {
  it("is 200 ok with every service and the real stores behind them", async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.status).toBe("ok");
    expect(Object.keys(body.services).sort()).toEqual(["gateway", "ingest", "llm-proxy", "retrieval", "session"]);
    expect(body.stores).toMatchObject({
      "session.postgres": { status: "ok", kind: "postgres" },
      "ingest.postgres": { status: "ok", kind: "postgres" },
      "ingest.queue": { status: "ok", kind: "rabbitmq" },
      "llm-proxy.redis": { status: "ok", kind: "redis" },
      "retrieval.vector_store": { status: "ok" },
    });
    for (const part of [...Object.values(body.services), ...Object.values(body.stores)] as { latency_ms: number }[]) {
      expect(typeof part.latency_ms).toBe("number");
    }
    expect(body.llm).toEqual({ provider: "local", model: expect.stringContaining("local") });
  });

  it.each<BackendName>(["session", "llm-proxy"])(
    "turns 503 naming %s within 5 s of it stopping, and 200 again after it restarts",
    async (name) => {
      await system.stopService(name);
      const stoppedAt = Date.now();
      const down = await waitFor(
        async () => {
          const result = await health();
          return result.status === 503 && result.body.services[name].status === "down" ? result : undefined;
        },
        { timeoutMs: 5000, what: `${name} reported down` },
      );
      expect(Date.now() - stoppedAt).toBeLessThan(scaledTimeout(5000));
      expect(down.body.status).toBe("degraded");
      for (const other of ["session", "retrieval", "llm-proxy", "ingest"].filter((service) => service !== name)) {
        expect(down.body.services[other].status).toBe("ok");
      }

      await system.startService(name);
      const restartedAt = Date.now();
      await waitFor(async () => (await health()).status === 200, { timeoutMs: 5000, what: `${name} back to ok` });
      expect(Date.now() - restartedAt).toBeLessThan(scaledTimeout(5000));
    },
    scaledTimeout(20_000),
  );
});
