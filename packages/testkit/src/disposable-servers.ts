import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
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
