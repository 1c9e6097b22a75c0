import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPostgresClient } from "@chatbot/sql";
import { buildKoreanPdf, freePort, scaledTimeout, testStores, uniqueName, waitFor } from "@chatbot/testkit";
import { root, serviceNames } from "./support/deploy-files";

/**
 * The services as their images run them: `npm run build`'s JavaScript, started with
 * `node --enable-source-maps dist/main.js` from a folder laid out as the image's /app
 * (package.json, dist/, node_modules), outside the repository, so nothing can be read from
 * the TypeScript sources, proto/ or packages/web by a path that only exists in a checkout.
 * node_modules is the workspace's own (linked); that it holds what `pnpm deploy --prod`
 * would is checked by the build, which fails when a service's dependencies differ from
 * what its dist loads.
 *
 * All five run, with loopback addresses and an internal token as in embedded mode: session
 * and ingest on a Postgres database of their own (made here, dropped after), retrieval on
 * embedded PGlite with pgvector (its WASM loaded from node_modules), the llm-proxy with the
 * built-in `local` provider; the gateway in AUTH_MODE=api_key without ADMIN_API_KEY, so
 * the first start prints the installation's first API key, which the requests then use.
 */

interface Running {
  name: string;
  child: ChildProcess;
  lines: string[];
  exited: Promise<void>;
}

const INTERNAL_TOKEN = randomBytes(24).toString("base64url");
const INITIAL_KEY = /^Initial API key created for tenant "default": (cbk_[\w-]+)/;

/** The `msg` of each JSON log line (the services log one JSON object a line). */
function messages(lines: string[]): string[] {
  return lines.flatMap((line) => {
    try {
      return [String((JSON.parse(line) as { msg?: unknown }).msg ?? "")];
    } catch {
      return [];
    }
  });
}

const running: Running[] = [];
let workDir: string;
let databaseName: string;
let databaseUrl: string;
let gatewayUrl: string;
let apiKey: string;
let collector: Server;
const exportedTraces: string[] = [];
const ports: Record<string, { grpc: number; admin: number }> = {};

/** The folder an image of `service` would have as /app. */
function imageLayout(service: string): string {
  const app = join(workDir, service);
  mkdirSync(app, { recursive: true });
  cpSync(join(root, "services", service, "package.json"), join(app, "package.json"));
  cpSync(join(root, "services", service, "dist"), join(app, "dist"), { recursive: true });
  symlinkSync(join(root, "services", service, "node_modules"), join(app, "node_modules"), "dir");
  return app;
}

function start(name: string, env: Record<string, string>): Running {
  const child = spawn(process.execPath, ["--enable-source-maps", "dist/main.js"], {
    cwd: join(workDir, name),
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const entry = { name, child, lines, exited };
  running.push(entry);
  return entry;
}

async function stop(entry: Running): Promise<number | null> {
  if (entry.child.exitCode === null && entry.child.signalCode === null) entry.child.kill("SIGTERM");
  const escalate = setTimeout(() => entry.child.kill("SIGKILL"), 15_000);
  await entry.exited;
  clearTimeout(escalate);
  running.splice(running.indexOf(entry), 1);
  return entry.child.exitCode;
}

const tail = () => running.map((entry) => `--- ${entry.name}\n${entry.lines.slice(-15).join("\n")}`).join("\n");
const authorized = (init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers ?? {}), Authorization: `Bearer ${apiKey}` } });

function startGateway(extra: Record<string, string> = {}): Running {
  return start("gateway", {
    HOST: "127.0.0.1",
    PORT: String(ports.gateway!.grpc),
    AUTH_MODE: "api_key",
    INTERNAL_TOKEN,
    SESSION_ADDR: `127.0.0.1:${ports.session!.grpc}`,
    RETRIEVAL_ADDR: `127.0.0.1:${ports.retrieval!.grpc}`,
    LLM_PROXY_ADDR: `127.0.0.1:${ports["llm-proxy"]!.grpc}`,
    INGEST_ADDR: `127.0.0.1:${ports.ingest!.grpc}`,
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
    OTEL_BSP_SCHEDULE_DELAY: "100",
    ...extra,
  });
}

beforeAll(async () => {
  const built = spawnSync(process.execPath, [join(root, "scripts/build-services.mjs")], { cwd: root, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}\n${built.stderr}`);

  workDir = mkdtempSync(join(tmpdir(), "compiled-services-"));
  for (const name of serviceNames) imageLayout(name);
  for (const name of serviceNames) ports[name] = { grpc: await freePort(), admin: await freePort() };

  databaseName = uniqueName("compiled");
  const admin = createPostgresClient({ connectionString: testStores.postgresUrl });
  await admin.query(`CREATE DATABASE ${databaseName}`);
  await admin.close();
  const url = new URL(testStores.postgresUrl);
  url.pathname = `/${databaseName}`;
  databaseUrl = url.toString();

  // A stand-in OTLP/HTTP endpoint that keeps what the gateway's exporter sends (JSON).
  collector = createServer((incoming, response) => {
    let body = "";
    incoming.setEncoding("utf8");
    incoming.on("data", (text: string) => (body += text));
    incoming.on("end", () => {
      exportedTraces.push(body);
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));

  const backend = (name: string, env: Record<string, string>) =>
    start(name, {
      GRPC_HOST: "127.0.0.1",
      GRPC_PORT: String(ports[name]!.grpc),
      ADMIN_PORT: String(ports[name]!.admin),
      INTERNAL_TOKEN,
      DATA_DIR: join(workDir, "data"),
      ...env,
    });
  backend("session", { DATABASE_URL: databaseUrl });
  backend("retrieval", {});
  backend("llm-proxy", { LLM_PROVIDER: "local" });
  backend("ingest", { DATABASE_URL: databaseUrl, RETRIEVAL_ADDR: `127.0.0.1:${ports.retrieval!.grpc}` });
  startGateway();
  gatewayUrl = `http://127.0.0.1:${ports.gateway!.grpc}`;

  await waitFor(
    async () => {
      for (const entry of running) if (entry.child.exitCode !== null) throw new Error(`${entry.name} exited with ${entry.child.exitCode}`);
      return (await fetch(`${gatewayUrl}/api/health`).catch(() => undefined))?.status === 200;
    },
    { timeoutMs: 150_000, intervalMs: 250, what: "every compiled service to answer the gateway's health check" },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${tail()}`);
  });
  const gateway = running.find((entry) => entry.name === "gateway")!;
  apiKey = await waitFor(
    () =>
      messages(gateway.lines)
        .map((message) => message.match(INITIAL_KEY)?.[1])
        .find(Boolean),
    {
      timeoutMs: 20_000,
      what: "the gateway to print the initial API key",
    },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${tail()}`);
  });
}, scaledTimeout(240_000));

afterAll(async () => {
  try {
    await Promise.all([...running].map((entry) => stop(entry)));
    await new Promise((resolve) => collector?.close(resolve));
    if (databaseName) {
      const admin = createPostgresClient({ connectionString: testStores.postgresUrl });
      await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      await admin.close();
    }
  } finally {
    if (workDir) rmSync(workDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}, scaledTimeout(60_000));

describe("the compiled services (dist/main.js, as in their images)", () => {
  it("answer their admin ports' /livez and the gateway's /readyz", async () => {
    for (const name of serviceNames.filter((service) => service !== "gateway")) {
      const response = await fetch(`http://127.0.0.1:${ports[name]!.admin}/livez`);
      expect({ name, status: response.status }).toEqual({ name, status: 200 });
    }
    expect((await fetch(`${gatewayUrl}/readyz`)).status).toBe(200);
    const health = (await (await fetch(`${gatewayUrl}/api/health`)).json()) as { status: string };
    expect(health.status).toBe("ok");
  });

  it("print the installation's first API key once, in one line, and it opens the API", async () => {
    const gateway = running.find((entry) => entry.name === "gateway")!;
    expect(messages(gateway.lines).filter((message) => INITIAL_KEY.test(message))).toHaveLength(1);
    expect((await fetch(`${gatewayUrl}/api/sessions`, { method: "POST" })).status).toBe(401);
    const created = await fetch(`${gatewayUrl}/api/sessions`, authorized({ method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }));
    expect(created.status).toBe(201);
  });

  it("read a PDF in the ingest's reader thread (dist/read-worker.js), then answer from it", async () => {
    const pdf = buildKoreanPdf({ pages: [["배포 이미지 점검 문서", "컴파일된 서비스는 dist/main.js 에서 시작합니다."]], title: "배포 점검" });
    const form = new FormData();
    form.append("file", new Blob([pdf], { type: "application/pdf" }), "배포-점검.pdf");
    const uploaded = await fetch(`${gatewayUrl}/api/documents`, authorized({ method: "POST", body: form }));
    expect(uploaded.status).toBe(202);
    const { document_id: documentId } = (await uploaded.json()) as { document_id: string };

    const ready = await waitFor(
      async () => {
        const document = (await (await fetch(`${gatewayUrl}/api/documents/${documentId}`, authorized())).json()) as { status: string; error?: unknown };
        if (document.status === "failed") throw new Error(`the document failed: ${JSON.stringify(document)}`);
        return document.status === "ready" ? document : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: "the PDF to be read, chunked and indexed" },
    );
    expect(ready).toMatchObject({ status: "ready" });

    const chat = await fetch(
      `${gatewayUrl}/api/chat`,
      authorized({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ message: "컴파일된 서비스는 어디에서 시작합니까?" }) }),
    );
    expect(chat.status).toBe(200);
    const reply = (await chat.json()) as { content: string; sources: { document_id: string }[] };
    expect(reply.content.length).toBeGreaterThan(0);
    expect(reply.sources.map((source) => source.document_id)).toContain(documentId);
  });

  it("serve the chat page from dist/web and the API documentation's assets from node_modules", async () => {
    const page = await fetch(`${gatewayUrl}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(`${gatewayUrl}${script}`)).status).toBe(200);
    expect((await fetch(`${gatewayUrl}/docs`)).status).toBe(200);
    expect((await fetch(`${gatewayUrl}/redoc/redoc.standalone.js`)).status).toBe(200);
    expect((await fetch(`${gatewayUrl}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it("trace from the bundle: the instrumentation loaded first still sees the HTTP server", async () => {
    await fetch(`${gatewayUrl}/api/sessions`, authorized({ method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }));
    const serverSpans = await waitFor(
      () => {
        const spans = exportedTraces.flatMap((body) => {
          const parsed = JSON.parse(body) as {
            resourceSpans?: {
              resource?: { attributes: { key: string; value: { stringValue?: string } }[] };
              scopeSpans?: { spans?: { kind: number; attributes: { key: string; value: { stringValue?: string } }[] }[] }[];
            }[];
          };
          return (parsed.resourceSpans ?? []).flatMap((resource) =>
            (resource.scopeSpans ?? []).flatMap((scope) =>
              (scope.spans ?? []).map((span) => ({
                service: resource.resource?.attributes.find((entry) => entry.key === "service.name")?.value.stringValue,
                kind: span.kind,
                path: span.attributes.find((entry) => entry.key === "url.path")?.value.stringValue,
              })),
            ),
          );
        });
        // Kind 2: SERVER, as the http instrumentation records an incoming request.
        const found = spans.filter((span) => span.kind === 2 && span.path === "/api/sessions");
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 15_000, what: "the gateway's server span for POST /api/sessions" },
    );
    expect(serverSpans[0]!.service).toBe("gateway");
  });

  it("run the session service's api-keys command from dist/api-keys.js", () => {
    const listed = spawnSync(process.execPath, ["dist/api-keys.js", "list"], {
      cwd: join(workDir, "session"),
      env: { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl },
      encoding: "utf8",
    });
    expect({ status: listed.status, stderr: listed.stderr }).toEqual({ status: 0, stderr: "" });
    const keys = listed.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { tenant: string; name: string });
    expect(keys).toEqual([expect.objectContaining({ tenant: "default", name: "initial key (created at first start)" })]);
    expect(listed.stdout).not.toContain(apiKey);
  });

  it("stop on SIGTERM, and a restarted gateway prints no key", async () => {
    const gateway = running.find((entry) => entry.name === "gateway")!;
    expect(await stop(gateway)).toBe(0);
    const again = startGateway({ LOG_LEVEL: "debug" });
    await waitFor(() => messages(again.lines).some((message) => message.startsWith("the session store holds API keys already")), {
      timeoutMs: 30_000,
      what: "the restarted gateway to find the key made before",
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${tail()}`);
    });
    expect(again.lines.filter((line) => line.includes("cbk_"))).toEqual([]);
    expect((await fetch(`${gatewayUrl}/api/sessions`, authorized({ method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }))).status).toBe(201);
  });
});
