import { join } from "node:path";
import { createLogger } from "@chatbot/core";
import { shutdownDeadlineMs, startGateway } from "@chatbot/gateway";
import { createMergedRegistry, type Registry } from "@chatbot/observability";
import type { ServiceHandle } from "@chatbot/runtime";
import { loadEmbeddedConfig, type EmbeddedConfig, type Env } from "./embedded-config";
import { STORE_OWNERS, createStoresOnce, splitSharedStore } from "./store-layout";
import { spawnServiceThread, type Listening } from "./threads/service-thread";
import { initStoreInThread } from "./threads/store-init";

export { embeddedInternalEnv } from "./embedded-config";

/**
 * `threads` (the default, what `npm start` runs): the gateway in the calling thread, each
 * backend service in a worker thread of its own with its own store. `one-thread`: the earlier
 * layout, everything in the calling thread on one shared PGlite (see one-thread.ts).
 */
export type EmbeddedLayout = "threads" | "one-thread";

export interface EmbeddedOptions {
  layout?: EmbeddedLayout;
}

export interface EmbeddedSystem {
  layout: EmbeddedLayout;
  /** Base URL of the public HTTP API. */
  url: string;
  port: number;
  /** Every service's metrics (what the gateway's /metrics shows). */
  registry: Registry;
  /** The backend services' gRPC addresses (loopback), for another gateway in front of the same system. */
  services: { session: string; retrieval: string; llmProxy: string; ingest: string };
  /**
   * Settles if a service thread ends without having been told to stop, with what ended it.
   * The system is then incomplete; `npm start` stops everything and exits 1.
   */
  died: Promise<Error>;
  /** Stops the gateway first and the stores last; calling it again waits for the same stop. */
  stop(): Promise<void>;
  /** How long `stop()` may take: the gateway's grace for running replies, then closing. */
  shutdownDeadlineMs: number;
}

/**
 * All five services in one process, still talking real gRPC over loopback. Every
 * configuration is parsed before anything starts, so a bad variable fails fast (a
 * ConfigError naming it).
 *
 * Each backend service runs in a worker thread of its own, not a child process:
 * - the process gets every signal and stops the parts in order (gateway first, then ingest,
 *   then the others, each closing its store last); children in the terminal's process group
 *   would get Ctrl-C too and stop in any order;
 * - threads end with the process whatever happens to it (even SIGKILL), so nothing is
 *   orphaned, and one PID is what a user sees and stops;
 * - a thread starts without a second Node.js runtime and shares the process's code pages,
 *   so start-up and memory cost less than four more processes;
 * - each thread's logger writes JSON lines straight to the process's stdout, as before;
 * - a thread that dies is seen at once (its `exit` event) and reported with its error; the
 *   system is then stopped, not restarted: a service that crashed is a bug or a broken store,
 *   its peers hold its old address, and a restart loop would hide the failure from whoever
 *   supervises `npm start` (systemd, Docker), which can restart the whole thing cleanly.
 * A thread loads its TypeScript through tsx's require hook (see service-thread.ts) and starts
 * its own tracing before its service's modules (thread-instrument.ts).
 *
 * Without DATABASE_URL (and QDRANT_URL for retrieval) session, retrieval and ingest each open
 * their own PGlite under DATA_DIR/<service>, the same directories they use when run alone;
 * PGlite runs in the thread that opens it, so one shared store would pin all three to one
 * thread. A DATA_DIR from the one-thread layout (DATA_DIR/pglite) is split on first start,
 * and new stores are created with one initdb, not three (store-layout.ts).
 *
 * Metrics: each thread keeps its own registry; the gateway's /metrics gathers them when
 * scraped (MergedRegistry), so it still shows every service.
 */
export async function startEmbedded(env: Env = process.env, options: EmbeddedOptions = {}): Promise<EmbeddedSystem> {
  const config = loadEmbeddedConfig(env);
  if (options.layout === "one-thread") {
    // Loaded only when asked for: it needs every service's package in this thread.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load, on purpose
    const { startOneThread } = require("./one-thread") as typeof import("./one-thread");
    return startOneThread(config, env);
  }
  return startThreads(config);
}

const threadEntry = (service: string) => join(__dirname, "threads", `${service}.thread.ts`);

async function startThreads(config: EmbeddedConfig): Promise<EmbeddedSystem> {
  const level = config.gateway.LOG_LEVEL;
  const launcherLogger = createLogger({ service: "chatbot", level });
  const threadEnv = Object.fromEntries(Object.entries(config.internalEnv).filter((entry): entry is [string, string] => entry[1] !== undefined));
  // Every thread at once: they load their modules while the stores are prepared.
  const spawn = (service: string) => spawnServiceThread({ service, entry: threadEntry(service), env: threadEnv, logLevel: level, logger: launcherLogger });
  const threads = { session: spawn("session"), retrieval: spawn("retrieval"), llmProxy: spawn("llm-proxy"), ingest: spawn("ingest") };

  let gateway: ServiceHandle | undefined;
  let stopping: Promise<void> | undefined;
  const timed = async (what: string, step: () => Promise<void>) => {
    const began = Date.now();
    await step();
    launcherLogger.debug({ took_ms: Date.now() - began }, `${what} stopped`);
  };
  const stop = () =>
    (stopping ??= (async () => {
      await timed("gateway", async () => {
        await gateway?.stop().catch((error: unknown) => launcherLogger.warn({ err: error }, "gateway did not stop cleanly"));
      });
      // Ingest calls retrieval, so it stops first; the others do not call each other.
      await timed("ingest", () => threads.ingest.stop());
      await Promise.all([
        timed("session", () => threads.session.stop()),
        timed("retrieval", () => threads.retrieval.stop()),
        timed("llm-proxy", () => threads.llmProxy.stop()),
      ]);
    })());

  try {
    const dataDir = config.session.DATA_DIR;
    await splitSharedStore(dataDir, launcherLogger);
    const pgliteOwners = STORE_OWNERS.filter((service) => (service === "retrieval" ? !config.retrieval.QDRANT_URL : !config[service].DATABASE_URL));
    const created = await createStoresOnce(dataDir, pgliteOwners, initStoreInThread);
    if (created.length > 0) launcherLogger.info({ data_dir: dataDir, stores: created }, `new embedded stores for ${created.join(", ")}`);

    // Side by side; if one fails, the others still finish starting (and are stopped below).
    const outcomes = await Promise.allSettled([threads.session.start(), threads.retrieval.start(), threads.llmProxy.start()]);
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    if (failed) throw failed.reason;
    const [session, retrieval, llmProxy] = outcomes.map((outcome) => (outcome as PromiseFulfilledResult<Listening>).value) as [Listening, Listening, Listening];
    const ingest = await threads.ingest.start({ RETRIEVAL_ADDR: retrieval.address });

    // Process-wide metrics (CPU, RSS of all threads) and the gateway's own, plus every thread's.
    const all = Object.values(threads);
    const registry = createMergedRegistry(() => Promise.all(all.map((thread) => thread.metrics())));
    gateway = await startGateway(
      {
        ...config.gateway,
        SESSION_ADDR: session.address,
        RETRIEVAL_ADDR: retrieval.address,
        LLM_PROXY_ADDR: llmProxy.address,
        INGEST_ADDR: ingest.address,
      },
      { logger: createLogger({ service: "gateway", level }), registry },
    );
    const host = config.gateway.HOST === "0.0.0.0" ? "127.0.0.1" : config.gateway.HOST;
    return {
      layout: "threads",
      url: `http://${host}:${gateway.port}`,
      port: gateway.port,
      registry,
      services: { session: session.address, retrieval: retrieval.address, llmProxy: llmProxy.address, ingest: ingest.address },
      died: Promise.race(all.map((thread) => thread.died)),
      stop,
      shutdownDeadlineMs: shutdownDeadlineMs(config.gateway),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
