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
import { runOpenLoop, type OpenLoopRequest } from "../support/open-loop";
import { memoryOf } from "../support/processes";
import { startSessionsApi } from "../support/sessions-api";
import { numberArgument } from "../support/arguments";

const seconds = numberArgument("seconds", 10);
const connections = numberArgument("connections", 50);
/**
 * Closed-loop clients measure capacity, but their latency is just connections ÷ throughput
 * (Little's law). The second pass offers a fixed rate instead and measures latency while
 * serving it. It uses its own open-loop client: autocannon's rate option sends each
 * second's quota as a burst when the second starts, and backfills latencies at 1 ms steps.
 */
const offeredRate = numberArgument("rate", 1500);

interface Scenario {
  name: string;
  /** As many requests as 50 clients get answered, each sending its next on an answer. */
  closedLoop(url: string): Promise<autocannon.Result>;
  /** One request of the fixed-rate pass. */
  next: () => OpenLoopRequest;
}

async function main() {
  const databaseUrl = await benchDatabaseUrl();
  const api = await startSessionsApi(databaseUrl);
  const processes = api.services;
  const url = api.url;
  try {
    const sessionIds: string[] = [];
    for (let index = 0; index < 200; index += 1) {
      const response = await fetch(`${url}/api/sessions`, { method: "POST" });
      sessionIds.push(((await response.json()) as { session_id: string }).session_id);
    }
    let next = 0;
    const pickSession = () => sessionIds[next++ % sessionIds.length]!;

    const question = JSON.stringify({ role: "user", content: "내일 서울 날씨는 어떤가요? 우산을 챙겨야 할까요?" });
    const metadata = JSON.stringify({ metadata: { 사용자: "김민지", 채널: "웹" } });
    const scenarios: Scenario[] = [
      {
        name: "POST /api/sessions",
        closedLoop: (base) =>
          autocannon({
            url: `${base}/api/sessions`,
            method: "POST",
            headers: { "content-type": "application/json" },
            body: metadata,
            connections,
            duration: seconds,
          }),
        next: () => ({ method: "POST", path: "/api/sessions", body: metadata }),
      },
      {
        name: "POST /api/sessions/{id}/messages",
        closedLoop: (base) =>
          autocannon({
            url: base,
            connections,
            duration: seconds,
            requests: [
              {
                method: "POST",
                headers: { "content-type": "application/json" },
                setupRequest: (request) => ({ ...request, path: `/api/sessions/${pickSession()}/messages`, body: question }),
              },
            ],
          }),
        next: () => ({ method: "POST", path: `/api/sessions/${pickSession()}/messages`, body: question }),
      },
      {
        name: "GET /api/sessions/{id}/messages?limit=20",
        closedLoop: (base) =>
          autocannon({
            url: base,
            connections,
            duration: seconds,
            requests: [{ method: "GET", setupRequest: (request) => ({ ...request, path: `/api/sessions/${pickSession()}/messages?limit=20` }) }],
          }),
        next: () => ({ method: "GET", path: `/api/sessions/${pickSession()}/messages?limit=20` }),
      },
    ];

    const rows = [];
    for (const scenario of scenarios) {
      const closed = await scenario.closedLoop(url);
      rows.push({
        scenario: scenario.name,
        load: "max (closed loop)",
        connections,
        "requests/s": Math.round(closed.requests.average),
        "p50 ms": closed.latency.p50,
        "p99 ms": closed.latency.p99,
        errors: closed.errors + closed.non2xx,
      });
      const open = await runOpenLoop({ baseUrl: url, rate: offeredRate, clients: connections, seconds, next: scenario.next });
      rows.push({
        scenario: scenario.name,
        load: `${offeredRate}/s offered`,
        connections,
        "requests/s": open.requestsPerSecond,
        "p50 ms": open.p50,
        "p99 ms": open.p99,
        errors: open.errors,
      });
    }
    console.table(rows);
    console.table(processes.map((service) => ({ service: service.name, ...memoryOf(service.child.pid!) })));
    console.log(JSON.stringify({ benchmark: "sessions", seconds, connections, results: rows }));
  } finally {
    await api.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
