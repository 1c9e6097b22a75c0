import { Worker } from "node:worker_threads";
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

function bootstrap(entry: string): string {
  return `require(${JSON.stringify(TSX_REQUIRE_HOOK)}).register();\nrequire(${JSON.stringify(entry)});\n`;
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

export interface ServiceThread {
  readonly service: string;
  /** host:port of its gRPC server (loopback). */
  readonly address: string;
  readonly port: number;
  /** The service's metrics; [] when the thread does not answer within `timeoutMs` or has ended. */
  metrics(timeoutMs?: number): Promise<MetricsJson>;
  /** Stops the service (its server, then its store), then ends the thread. */
  stop(): Promise<void>;
  /** Settles only if the thread ends without having been told to stop, with what ended it. */
  readonly died: Promise<Error>;
}

/**
 * Starts one backend service in its own worker thread and resolves once it listens; rejects
 * with the service's own start-up error (the thread is ended first).
 */
export async function startServiceThread(options: ServiceThreadOptions): Promise<ServiceThread> {
  const { service, logger } = options;
  const stopTimeoutMs = options.stopTimeoutMs ?? 2_000;
  const data: ServiceThreadData = { service, env: options.env, logLevel: options.logLevel };
  // execArgv: [] — the inherited `--import tsx` does nothing useful in a thread (see above)
  // but would load tsx's loader there once more; the process environment is inherited.
  const worker = new Worker(bootstrap(options.entry), { eval: true, name: service, workerData: data, execArgv: [] });

  let stopping = false;
  let ended = false;
  let uncaught: Error | undefined;
  let reportDeath!: (error: Error) => void;
  const died = new Promise<Error>((resolve) => (reportDeath = resolve));
  const exited = new Promise<number>((resolve) => worker.once("exit", resolve));
  const metricsWaiting = new Map<number, (metrics: MetricsJson) => void>();
  let nextMetricsId = 0;
  let acknowledgeStop: (() => void) | undefined;
  const describeEnd = (code: number) => `exit code ${code}${uncaught ? `: ${uncaught.stack ?? uncaught.message}` : ""}`;

  worker.on("error", (error) => (uncaught = error));
  worker.on("message", (message: FromServiceThread) => {
    if (message.type === "metrics") {
      metricsWaiting.get(message.id)?.(message.metrics);
      metricsWaiting.delete(message.id);
    } else if (message.type === "stopped") {
      acknowledgeStop?.();
    }
  });

  const listening = await new Promise<{ address: string; port: number }>((resolve, reject) => {
    worker.on("message", (message: FromServiceThread) => {
      if (message.type === "started") resolve(message);
      if (message.type === "failed") {
        const error = new Error(message.message);
        if (message.stack) error.stack = message.stack;
        reject(error);
      }
    });
    void exited.then((code) => reject(new Error(`the ${service} thread ended while starting (${describeEnd(code)})`)));
  }).catch(async (error: unknown) => {
    stopping = true;
    await worker.terminate();
    throw error;
  });

  void exited.then((code) => {
    ended = true;
    for (const answer of metricsWaiting.values()) answer([]);
    metricsWaiting.clear();
    if (!stopping) reportDeath(new Error(`the ${service} service thread ended unexpectedly (${describeEnd(code)})`));
  });

  return {
    service,
    address: listening.address,
    port: listening.port,
    died,
    metrics(timeoutMs = 2_000) {
      if (ended) return Promise.resolve([]);
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
        worker.postMessage({ type: "metrics", id } satisfies ToServiceThread);
      });
    },
    async stop() {
      if (stopping) {
        await exited;
        return;
      }
      stopping = true;
      let timer: NodeJS.Timeout | undefined;
      const acknowledged = new Promise<"stopped">((resolve) => (acknowledgeStop = () => resolve("stopped")));
      const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), stopTimeoutMs)));
      worker.postMessage({ type: "stop" } satisfies ToServiceThread);
      const outcome = await Promise.race([acknowledged, exited.then(() => "exited" as const), timedOut]);
      clearTimeout(timer);
      if (outcome === "timeout") logger.warn({ service, timeout_ms: stopTimeoutMs }, `${service} did not stop in time; ending its thread`);
      await worker.terminate();
    },
  };
}
