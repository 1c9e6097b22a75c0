import { Worker, type WorkerOptions } from "node:worker_threads";
import type { Logger } from "@chatbot/core";
import type { MetricsJson } from "@chatbot/observability";
import type { FromServiceThread, ServiceThreadData, ToServiceThread } from "./protocol";

/**
 * tsx's require hook, which a thread registers before loading its TypeScript entry. `npm start`
 * runs `node --import tsx`, but on Node 20 a worker does not apply `--import` hooks to its own
 * modules (it inherits the flag, and loading a .ts entry still fails); registering the CommonJS
 * hook in the thread works on every supported Node, and also when the launcher itself runs
 * under jest.
 */
const TSX_REQUIRE_HOOK = require.resolve("tsx/cjs/api");

/** A worker thread running a TypeScript module; the process environment is inherited. */
export function typeScriptThread(entry: string, options: Omit<WorkerOptions, "eval" | "execArgv"> = {}): Worker {
  const bootstrap = `require(${JSON.stringify(TSX_REQUIRE_HOOK)}).register();\nrequire(${JSON.stringify(entry)});\n`;
  // execArgv: [] — the inherited `--import tsx` does nothing useful in a thread (see above)
  // but would load tsx's loader there once more.
  return new Worker(bootstrap, { ...options, eval: true, execArgv: [] });
}

export interface ServiceThreadOptions {
  service: string;
  /** The thread's entry module (TypeScript), which calls `runInThread`. */
  entry: string;
  /** The service's environment, validated by the caller. */
  env: Record<string, string>;
  logLevel: string;
  /** For this thread's lifecycle lines, written from the launching thread. */
  logger: Logger;
  /** How long the service may take to stop before its thread is ended anyway. */
  stopTimeoutMs?: number;
}

export interface Listening {
  /** host:port of its gRPC server (loopback). */
  address: string;
  port: number;
}

export interface ServiceThread {
  readonly service: string;
  /**
   * Starts the service (with `extraEnv` added to its environment) and resolves once it
   * listens; rejects with the service's own start-up error, or if the thread has ended.
   */
  start(extraEnv?: Record<string, string>): Promise<Listening>;
  /** The service's metrics; [] when the thread does not answer within `timeoutMs` or has ended. */
  metrics(timeoutMs?: number): Promise<MetricsJson>;
  /** Stops the service (its server, then its store) if it runs, then ends the thread. */
  stop(): Promise<void>;
  /** Settles only if the thread ends, after its service started, without having been told to stop. */
  readonly died: Promise<Error>;
}

/**
 * One backend service in a worker thread of its own. The thread loads its modules at once
 * and starts the service when `start` is called, so that loading overlaps whatever the
 * launcher prepares meanwhile (stores, the address of a service it depends on).
 */
export function spawnServiceThread(options: ServiceThreadOptions): ServiceThread {
  const { service, logger } = options;
  const stopTimeoutMs = options.stopTimeoutMs ?? 2_000;
  const data: ServiceThreadData = { service, env: options.env, logLevel: options.logLevel };
  const worker = typeScriptThread(options.entry, { name: service, workerData: data });

  let started = false;
  let stopping = false;
  let endedWith: number | undefined;
  let uncaught: Error | undefined;
  let reportDeath!: (error: Error) => void;
  const died = new Promise<Error>((resolve) => (reportDeath = resolve));
  const exited = new Promise<number>((resolve) => worker.once("exit", resolve));
  const metricsWaiting = new Map<number, (metrics: MetricsJson) => void>();
  let nextMetricsId = 0;
  let acknowledgeStop: (() => void) | undefined;
  let startAnswer: ((message: FromServiceThread) => void) | undefined;
  const describeEnd = (code: number) => `exit code ${code}${uncaught ? `: ${uncaught.stack ?? uncaught.message}` : ""}`;
  const send = (message: ToServiceThread) => worker.postMessage(message);

  worker.on("error", (error) => (uncaught = error));
  worker.on("message", (message: FromServiceThread) => {
    if (message.type === "metrics") {
      metricsWaiting.get(message.id)?.(message.metrics);
      metricsWaiting.delete(message.id);
    } else if (message.type === "stopped") {
      acknowledgeStop?.();
    } else {
      startAnswer?.(message);
    }
  });
  void exited.then((code) => {
    endedWith = code;
    for (const answer of metricsWaiting.values()) answer([]);
    metricsWaiting.clear();
    if (started && !stopping) reportDeath(new Error(`the ${service} service thread ended unexpectedly (${describeEnd(code)})`));
  });

  return {
    service,
    died,
    async start(extraEnv = {}) {
      if (endedWith !== undefined) throw new Error(`the ${service} thread ended before its service started (${describeEnd(endedWith)})`);
      const listening = await new Promise<Listening>((resolve, reject) => {
        startAnswer = (message) => {
          if (message.type === "started") resolve({ address: message.address, port: message.port });
          if (message.type === "failed") {
            const error = new Error(message.message);
            if (message.stack) error.stack = message.stack;
            reject(error);
          }
        };
        void exited.then((code) => reject(new Error(`the ${service} thread ended while its service started (${describeEnd(code)})`)));
        send({ type: "start", env: extraEnv });
      });
      started = true;
      return listening;
    },
    metrics(timeoutMs = 2_000) {
      if (endedWith !== undefined) return Promise.resolve([]);
      return new Promise<MetricsJson>((resolve) => {
        const id = nextMetricsId++;
        const timer = setTimeout(() => {
          metricsWaiting.delete(id);
          resolve([]);
        }, timeoutMs);
        metricsWaiting.set(id, (metrics) => {
          clearTimeout(timer);
          resolve(metrics);
        });
        send({ type: "metrics", id });
      });
    },
    async stop() {
      if (stopping || endedWith !== undefined) {
        stopping = true;
        await exited;
        return;
      }
      stopping = true;
      let timer: NodeJS.Timeout | undefined;
      const acknowledged = new Promise<"stopped">((resolve) => (acknowledgeStop = () => resolve("stopped")));
      const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), stopTimeoutMs)));
      send({ type: "stop" });
      const outcome = await Promise.race([acknowledged, exited.then(() => "exited" as const), timedOut]);
      clearTimeout(timer);
      if (outcome === "timeout") logger.warn({ service, timeout_ms: stopTimeoutMs }, `${service} did not stop in time; ending its thread`);
      await worker.terminate();
    },
  };
}
