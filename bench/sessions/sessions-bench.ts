/**
 * Session API throughput through HTTP: the session service and the gateway each run as
 * their own process on the real Postgres (as in distributed mode); autocannon drives
 * them from this process at 50 concurrent connections.
 *
 *   node --import tsx bench/sessions/sessions-bench.ts [--seconds 10] [--connections 50]
 *
 * Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * the benchmark creates and uses a database named chatbot_bench.
 */
import autocannon from "autocannon";
import { benchDatabaseUrl } from "../support/bench-database";
import { freePort } from "@chatbot/testkit";
import { memoryOf, spawnService, waitUntil, type ServiceProcess } from "../support/processes";

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const seconds = argument("seconds", 10);
const connections = argument("connections", 50);
/**
 * Closed-loop clients measure capacity, but their latency is just connections ÷ throughput
 * (Little's law). The second pass offers a fixed rate instead and measures latency while
 * serving it.
 */
const offeredRate = argument("rate", 1500);

interface Scenario {
  name: string;
  run(url: string, rate?: number): Promise<autocannon.Result>;
}

async function main() {
  const databaseUrl = await benchDatabaseUrl();
  const [grpcPort, adminPort, httpPort] = [await freePort(), await freePort(), await freePort()];
  const processes: ServiceProcess[] = [
    spawnService("session", "services/session/src/main.ts", {
      DATABASE_URL: databaseUrl,
      GRPC_HOST: "127.0.0.1",
      GRPC_PORT: String(grpcPort),
      ADMIN_PORT: String(adminPort),
    }),
    spawnService("gateway", "services/gateway/src/main.ts", {
      HOST: "127.0.0.1",
      PORT: String(httpPort),
      AUTH_MODE: "none",
      SESSION_ADDR: `127.0.0.1:${grpcPort}`,
    }),
  ];
  const url = `http://127.0.0.1:${httpPort}`;
  try {
    await waitUntil(async () => (await fetch(`${url}/api/sessions`, { method: "POST" })).status === 201);
    const sessionIds: string[] = [];
    for (let index = 0; index < 200; index += 1) {
      const response = await fetch(`${url}/api/sessions`, { method: "POST" });
      sessionIds.push(((await response.json()) as { session_id: string }).session_id);
    }
    let next = 0;
    const pickSession = () => sessionIds[next++ % sessionIds.length]!;

    const scenarios: Scenario[] = [
      {
        name: "POST /api/sessions",
        run: (base, rate) =>
          autocannon({
            url: `${base}/api/sessions`,
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ metadata: { 사용자: "김민지", 채널: "웹" } }),
            connections,
            duration: seconds,
            ...(rate ? { overallRate: rate } : {}),
          }),
      },
      {
        name: "POST /api/sessions/{id}/messages",
        run: (base, rate) =>
          autocannon({
            url: base,
            connections,
            duration: seconds,
            ...(rate ? { overallRate: rate } : {}),
            requests: [
              {
                method: "POST",
                headers: { "content-type": "application/json" },
                setupRequest: (request) => ({
                  ...request,
                  path: `/api/sessions/${pickSession()}/messages`,
                  body: JSON.stringify({ role: "user", content: "내일 서울 날씨는 어떤가요? 우산을 챙겨야 할까요?" }),
                }),
              },
            ],
          }),
      },
      {
        name: "GET /api/sessions/{id}/messages?limit=20",
        run: (base, rate) =>
          autocannon({
            url: base,
            connections,
            duration: seconds,
            ...(rate ? { overallRate: rate } : {}),
            requests: [{ method: "GET", setupRequest: (request) => ({ ...request, path: `/api/sessions/${pickSession()}/messages?limit=20` }) }],
          }),
      },
    ];

    const rows = [];
    for (const scenario of scenarios) {
      for (const rate of [undefined, offeredRate]) {
        const result = await scenario.run(url, rate);
        rows.push({
          scenario: scenario.name,
          load: rate ? `${rate}/s offered` : "max (closed loop)",
          connections,
          "requests/s": Math.round(result.requests.average),
          "p50 ms": result.latency.p50,
          "p99 ms": result.latency.p99,
          errors: result.errors + result.non2xx,
        });
      }
    }
    console.table(rows);
    console.table(processes.map((service) => ({ service: service.name, ...memoryOf(service.child.pid!) })));
    console.log(JSON.stringify({ benchmark: "sessions", seconds, connections, results: rows }));
  } finally {
    await Promise.all(processes.map((service) => service.stop()));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
