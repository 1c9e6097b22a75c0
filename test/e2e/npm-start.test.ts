import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, scaledTimeout, waitFor } from "@chatbot/testkit";

const root = join(__dirname, "../..");
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "chatbot-e2e-"));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm start` from the repository root, in its own process group, as a terminal would run it. */
function npmStart(env: Record<string, string>): Started {
  const child = spawn("npm", ["start"], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Ctrl-C: SIGINT to the whole foreground process group. */
function pressCtrlC(started: Started) {
  process.kill(-started.child.pid!, "SIGINT");
}

/** Leaves nothing running behind a failed test. */
function killGroup(started: Started) {
  try {
    process.kill(-started.child.pid!, "SIGKILL");
  } catch {
    // The group is already gone.
  }
}

/** Whether any process of the group `npm start` ran in is still there. */
function groupAlive(started: Started): boolean {
  try {
    process.kill(-started.child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

async function healthOf(port: number) {
  const response = await fetch(`http://127.0.0.1:${port}/api/health`);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe("npm start (embedded mode)", () => {
  it(
    "starts all five services, keeps data across restarts and stops cleanly on Ctrl-C",
    async () => {
      const port = await freePort();
      const first = npmStart({ PORT: String(port) });
      try {
        const health = await waitFor(
          async () => {
            const result = await healthOf(port);
            return result.status === 200 ? result : undefined;
          },
          { timeoutMs: 90_000, intervalMs: 250, what: "GET /api/health to answer 200" },
        );
        expect(health.body.status).toBe("ok");
        for (const service of ["gateway", "session", "retrieval", "llm-proxy", "ingest"]) {
          expect(health.body.services[service].status).toBe("ok");
        }
        expect(health.body.llm.provider).toBe("local");
        // Each backend service on its own store (its own directory under DATA_DIR).
        for (const store of ["session.postgres", "retrieval.vector_store", "ingest.postgres"]) expect(health.body.stores[store].kind).toBe("pglite");
        for (const service of ["session", "retrieval", "ingest"]) expect(existsSync(join(dataDir, service))).toBe(true);

        // The chat page, built by the install step npm start runs first, and what it loads.
        const page = await fetch(`http://127.0.0.1:${port}/`);
        expect(page.status).toBe(200);
        expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
        const script = /src="(\/assets\/app-[\w-]+\.js)"/.exec(await page.text())?.[1];
        expect((await fetch(`http://127.0.0.1:${port}${script}`)).status).toBe(200);

        const created = await fetch(`http://127.0.0.1:${port}/api/sessions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ metadata: { 메모: "재시작 후에도 남아야 합니다" } }),
        });
        expect(created.status).toBe(201);
        const { session_id } = (await created.json()) as { session_id: string };
        const chat = await fetch(`http://127.0.0.1:${port}/api/chat`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ session_id, message: "안녕하세요" }),
        });
        expect(chat.status).toBe(200);

        // One /metrics for the whole system: the gateway's own, and each service thread's.
        const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        for (const service of ["session", "retrieval", "llm-proxy", "ingest"]) {
          expect(metrics).toContain(`chatbot_nodejs_eventloop_lag_p99_seconds{thread="${service}"}`);
        }
        expect(metrics).toMatch(/^chatbot_grpc_server_requests_total\{[^}]*service="session"/m);
        expect(metrics).toMatch(/^chatbot_llm_tokens_total\{/m);
        expect(metrics).toMatch(/^chatbot_http_requests_total\{/m);
        expect(metrics.match(/^chatbot_process_resident_memory_bytes /gm)).toHaveLength(1);

        const stoppingAt = Date.now();
        pressCtrlC(first);
        await first.exited;
        // Nothing left behind: no process of the group (service threads end with their process).
        await waitFor(async () => !groupAlive(first), { timeoutMs: 5000, intervalMs: 50, what: "every process of npm start to end" });
        expect(Date.now() - stoppingAt).toBeLessThan(5000);

        const second = npmStart({ PORT: String(port) });
        try {
          await waitFor(async () => (await healthOf(port)).status === 200, { timeoutMs: 90_000, intervalMs: 250, what: "restart" });
          const found = await fetch(`http://127.0.0.1:${port}/api/sessions/${session_id}`);
          expect(found.status).toBe(200);
          expect(((await found.json()) as { metadata: unknown }).metadata).toEqual({ 메모: "재시작 후에도 남아야 합니다" });
          const messages = await fetch(`http://127.0.0.1:${port}/api/sessions/${session_id}/messages`);
          expect(((await messages.json()) as { messages: { content: string }[] }).messages[0]?.content).toBe("안녕하세요");
        } finally {
          pressCtrlC(second);
          await second.exited;
          killGroup(second);
        }
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- npm start output ---\n${first.output().slice(-4000)}`);
      } finally {
        killGroup(first);
      }
    },
    scaledTimeout(240_000),
  );

  it(
    "refuses to start on an invalid variable, naming it in one line",
    async () => {
      const started = npmStart({ PORT: "abc" });
      const code = await started.exited;
      expect(code).not.toBe(0);
      expect(started.output()).toMatch(/Invalid configuration: PORT: .*"abc"/);
    },
    scaledTimeout(60_000),
  );
});
