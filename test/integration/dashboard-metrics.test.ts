import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbedded, type EmbeddedSystem } from "@chatbot/embedded";
import { scaledTimeout, waitFor } from "@chatbot/testkit";

const root = join(__dirname, "../..");
const dashboardsDir = join(root, "deploy/grafana/dashboards");
let system: EmbeddedSystem;
let starting: Promise<EmbeddedSystem> | undefined;
let dataDir: string;

/** Every `chatbot_*` series a dashboard queries, as the metric it belongs to. */
function dashboardMetrics(): string[] {
  const names = new Set<string>();
  for (const file of readdirSync(dashboardsDir).filter((name) => name.endsWith(".json"))) {
    const text = readFileSync(join(dashboardsDir, file), "utf8");
    for (const [expression] of text.matchAll(/chatbot_[a-z0-9_]+/g)) names.add(expression.replace(/_(bucket|sum|count)$/, ""));
  }
  return [...names].sort();
}

async function post(path: string, body: unknown) {
  const response = await fetch(`${system.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

// The system as `npm start` runs it: each backend service in its own thread, so /metrics
// shows what the gateway gathers from every thread. Four threads loading their modules
// side by side take a while on a busy two-core machine.
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "chatbot-metrics-"));
  starting = startEmbedded({ ...process.env, DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "silent" });
  system = await starting;
}, scaledTimeout(180_000));
afterAll(async () => {
  // Also a system that finished starting only after its hook gave up.
  await (await starting?.catch(() => undefined))?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, scaledTimeout(60_000));

describe("dashboard metrics", () => {
  it(
    "every metric a Grafana panel uses is exported after a short workload",
    async () => {
      const submitted = await post("/api/documents", {
        documents: [{ content: "지표 점검용 문서입니다. 대시보드의 모든 지표가 실제로 나오는지 확인합니다.", metadata: { title: "지표 점검" } }],
      });
      expect(submitted.status).toBe(202);
      const documentId = submitted.body.documents[0].document_id as string;
      await waitFor(async () => ((await (await fetch(`${system.url}/api/documents/${documentId}`)).json()) as { status: string }).status === "ready", {
        timeoutMs: 30_000,
        what: "the document to be ready",
      });
      expect((await post("/api/search", { query: "대시보드 지표" })).status).toBe(200);
      expect((await post("/api/chat", { message: "대시보드 지표는 어디서 확인하나요?" })).status).toBe(200);
      expect((await fetch(`${system.url}/api/health`)).status).toBe(200);

      const exposition = await (await fetch(`${system.url}/metrics`)).text();
      const families = [...exposition.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]);
      // Each family once, its series from whichever threads have them (a valid exposition).
      expect(families.length).toBe(new Set(families).size);
      const exported = new Set(families);
      const used = dashboardMetrics();
      expect(used.length).toBeGreaterThan(15);
      expect(used.filter((name) => !exported.has(name))).toEqual([]);
    },
    scaledTimeout(60_000),
  );
});
