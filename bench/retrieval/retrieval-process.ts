// The retrieval service as its own process (`services/retrieval/src/main.ts`, as
// distributed mode runs it), for benchmarks that measure its start-up and memory apart
// from the benchmark's own.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { checkHealth, createClient, createHealthClient, protos, type retrievalV1 } from "@chatbot/grpc";
import { acceptsConnections, freePort } from "@chatbot/testkit";
import { repositoryRoot } from "../support/processes";

const RETRIEVAL_SERVICE_NAME = "chatbot.retrieval.v1.Retrieval";

export interface RetrievalProcess {
  pid: number;
  client: retrievalV1.Client;
  /** From spawning the process to gRPC health reporting SERVING for the retrieval service. */
  startupMs: number;
  /** What the service logged as the time to open its chunk store (part of startupMs). */
  storeOpenMs: number | undefined;
  stop(): Promise<void>;
}

/**
 * Spawns the service (`entry`, by default this checkout's) with `env` on free loopback
 * ports (no internal token: it binds 127.0.0.1) and waits until it serves. Its log lines
 * at warn and above go to stderr.
 */
export async function startRetrievalProcess(
  env: Record<string, string>,
  entry = join(repositoryRoot, "services/retrieval/src/main.ts"),
  timeoutMs = 600_000,
): Promise<RetrievalProcess> {
  const port = await freePort();
  const adminPort = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: repositoryRoot,
    env: { ...process.env, LOG_LEVEL: "info", ...env, GRPC_HOST: "127.0.0.1", GRPC_PORT: String(port), ADMIN_PORT: String(adminPort) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let storeOpenMs: number | undefined;
  createInterface({ input: child.stdout! }).on("line", (line) => {
    let record: { level?: number; msg?: string; ms?: number } | undefined;
    try {
      record = JSON.parse(line) as typeof record;
    } catch {
      process.stderr.write(`${line}\n`);
      return;
    }
    if (record?.msg === "chunk store open") storeOpenMs = record.ms;
    if ((record?.level ?? 0) >= 40) process.stderr.write(`[retrieval] ${line}\n`);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + timeoutMs;
  const address = `127.0.0.1:${port}`;
  try {
    // The port accepts only once the store is open and the server bound; polled every 10 ms.
    while (!(await acceptsConnections(port))) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`retrieval exited (${child.signalCode ?? child.exitCode}) before it served`);
      if (Date.now() > deadline) throw new Error("retrieval did not start in time");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    for (;;) {
      const health = createHealthClient(address);
      const status = await checkHealth(health, 1000, RETRIEVAL_SERVICE_NAME).catch(() => "UNAVAILABLE");
      health.close();
      if (status === "SERVING") break;
      if (Date.now() > deadline) throw new Error(`retrieval health is ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const startupMs = performance.now() - started;
  const client: retrievalV1.Client = createClient(protos.retrieval().Retrieval, address);
  return {
    pid: child.pid!,
    client,
    startupMs,
    get storeOpenMs() {
      return storeOpenMs;
    },
    async stop() {
      client.close();
      await stop();
    },
  };
}

export interface ProcessMemory {
  rssMb: number;
  anonMb: number;
  fileMb: number;
  peakMb: number;
}

/** Resident memory of a process (/proc, Linux): total, anonymous and file-backed (mapped files), and its peak. */
export function processMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const mb = (field: string) => Math.round(Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? 0) / 1024);
  return { rssMb: mb("VmRSS"), anonMb: mb("RssAnon"), fileMb: mb("RssFile"), peakMb: mb("VmHWM") };
}

/** The id of the local process listening on a TCP port (IPv4 or IPv6), found through /proc; undefined when none is visible. */
export function pidListeningOn(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let lines: string[];
    try {
      lines = readFileSync(table, "utf8").split("\n").slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN; inode is the tenth field.
      if (fields.length < 10 || fields[3] !== "0A") continue;
      if (parseInt(fields[1]!.split(":")[1]!, 16) === port) inodes.add(fields[9]!);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        if (target.startsWith("socket:[") && inodes.has(target.slice(8, -1))) return Number(entry);
      } catch {
        // Closed meanwhile.
      }
    }
  }
  return undefined;
}
