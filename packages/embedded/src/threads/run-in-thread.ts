import { parentPort, workerData } from "node:worker_threads";
import { createLogger, lineAtATimeStdout } from "@chatbot/core";
import { createMetricsRegistry, type TracingHandle } from "@chatbot/observability";
import type { ServiceDependencies, ServiceHandle } from "@chatbot/runtime";
import type { FromServiceThread, ServiceThreadData, ToServiceThread } from "./protocol";

/**
 * The inside of a service thread: once told to, starts the service with its own logger and
 * registry and says where it listens; hands its metrics over when asked; stops when told.
 * Anything thrown later ends the thread, which the launcher sees and reports.
 */
export function runInThread(start: (env: Record<string, string>, dependencies: ServiceDependencies) => Promise<ServiceHandle>, tracing: TracingHandle): void {
  const port = parentPort;
  if (!port) throw new Error("a service thread's entry must run in a worker thread");
  const data = workerData as ServiceThreadData;
  const post = (message: FromServiceThread) => port.postMessage(message);
  // Every thread writes to the process's stdout: line by line, so that lines never interleave.
  const logger = createLogger({ service: data.service, level: data.logLevel, destination: lineAtATimeStdout() });
  // Process-wide metrics (CPU, RSS) come from the launcher's registry; this thread's event loop and heap carry its name.
  const registry = createMetricsRegistry({ defaultLabels: { thread: data.service } });
  const flushLogs = () => new Promise<void>((resolve) => logger.flush(() => resolve()));
  let starting: Promise<ServiceHandle | undefined> | undefined;

  const startService = (extraEnv: Record<string, string>) =>
    start({ ...data.env, ...extraEnv }, { logger, registry }).then(
      (handle) => {
        post({ type: "started", address: handle.address, port: handle.port });
        return handle;
      },
      async (error: unknown) => {
        await flushLogs();
        const failure = error instanceof Error ? error : new Error(String(error));
        post({ type: "failed", message: failure.message, ...(failure.stack ? { stack: failure.stack } : {}) });
        return undefined;
      },
    );

  const stopService = async () => {
    const handle = await starting;
    await handle?.stop().catch((error: unknown) => logger.warn({ err: error }, `${data.service} did not stop cleanly`));
    await tracing.shutdown().catch(() => undefined);
    await flushLogs();
    post({ type: "stopped" });
  };

  port.on("message", (message: ToServiceThread) => {
    if (message.type === "start") starting ??= startService(message.env);
    else if (message.type === "stop") void stopService();
    else if (message.type === "metrics") void registry.getMetricsAsJSON().then((metrics) => post({ type: "metrics", id: message.id, metrics }));
  });
}
