import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { acceptsConnections, freePort, waitFor } from "@chatbot/testkit";

const repositoryRoot = join(__dirname, "../../..");

export interface ServiceProcessOptions {
  /** Folder under services/: its `src/main.ts` is run. */
  service: string;
  /** Added to this process's environment (and to the defaults below). */
  env?: Record<string, string>;
  /** The port it listens on, kept across restarts; a free one when not given. */
  port?: number;
  /** Which variable tells the service its port: GRPC_PORT for backend services, PORT for the gateway. */
  portVariable?: string;
  /** Ready when this answers true; by default when the port accepts TCP connections. */
  ready?: (port: number) => Promise<boolean>;
  startTimeoutMs?: number;
}

export interface ServiceProcess {
  readonly service: string;
  readonly port: number;
  /** 127.0.0.1:port */
  readonly address: string;
  readonly pid: number | undefined;
  readonly running: boolean;
  /** How the last run ended: its exit code, or null while running or when a signal ended it. */
  readonly exitCode: number | null;
  /** Starts the service again on the same port; resolves with how long it took to be ready (ms). */
  start(): Promise<number>;
  /**
   * Sends `signal` (SIGKILL: a crash) and resolves once the process has exited; a signal
   * it survives for `graceMs` is followed by SIGKILL.
   */
  kill(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  /** The last lines it wrote, for failure messages. */
  output(): string;
  /** Kills it if it still runs; for afterAll. */
  dispose(): Promise<void>;
}

const OUTPUT_LINES = 200;

// A test that dies before its afterAll must not leave services running.
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/**
 * Runs a service's own entry point as a separate Node process, as it runs in distributed
 * mode, so a test can crash it for real (SIGKILL) and start it again on the same port.
 */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const entry = join(repositoryRoot, "services", options.service, "src", "main.ts");
  const env = {
    ...process.env,
    GRPC_HOST: "127.0.0.1",
    // Fixed admin ports would collide with other suites running at the same time.
    ADMIN_PORT: "0",
    LOG_LEVEL: "warn",
    ...options.env,
    [options.portVariable ?? "GRPC_PORT"]: String(port),
  };
  const ready = options.ready ?? acceptsConnections;
  const lines: string[] = [];
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const remember = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (lines.length > OUTPUT_LINES) lines.splice(0, lines.length - OUTPUT_LINES);
  };
  let gone = true;
  const isRunning = () => !gone;

  const start = async (): Promise<number> => {
    if (isRunning()) throw new Error(`${options.service} is already running (pid ${child!.pid})`);
    const startedAt = Date.now();
    const spawned = spawn(process.execPath, ["--import", "tsx", entry], { cwd: repositoryRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    child = spawned;
    gone = false;
    live.add(spawned);
    spawned.stdout!.on("data", remember);
    spawned.stderr!.on("data", remember);
    exited = new Promise((resolve) => {
      spawned.once("exit", () => {
        gone = true;
        live.delete(spawned);
        resolve();
      });
      // A process that could not be spawned at all emits only "error".
      spawned.once("error", (error) => {
        lines.push(String(error));
        gone = true;
        live.delete(spawned);
        resolve();
      });
    });
    try {
      // An exited process ends the wait at once rather than at the timeout.
      await waitFor(async () => gone || (await ready(port)), {
        timeoutMs: options.startTimeoutMs ?? 30_000,
        intervalMs: 50,
        what: `${options.service} on port ${port}`,
      });
      if (gone) throw new Error(`${options.service} exited (${spawned.exitCode ?? spawned.signalCode}) before it was ready`);
    } catch (error) {
      spawned.kill("SIGKILL");
      await exited;
      throw new Error(`${(error as Error).message}\n${lines.slice(-20).join("\n")}`);
    }
    return Date.now() - startedAt;
  };

  const kill = async (signal: NodeJS.Signals = "SIGKILL", graceMs = 10_000): Promise<void> => {
    if (!isRunning()) return exited;
    child!.kill(signal);
    const escalate = setTimeout(() => child?.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(escalate);
  };

  await start();
  return {
    service: options.service,
    port,
    address: `127.0.0.1:${port}`,
    get pid() {
      return child?.pid;
    },
    get running() {
      return isRunning();
    },
    get exitCode() {
      return child?.exitCode ?? null;
    },
    start,
    kill,
    output: () => lines.join("\n"),
    dispose: () => kill("SIGKILL"),
  };
}
