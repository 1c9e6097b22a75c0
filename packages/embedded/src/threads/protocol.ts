import type { MetricsJson } from "@chatbot/observability";

/** What a service thread is started with (its `workerData`). */
export interface ServiceThreadData {
  service: string;
  /** The service's environment, already validated by the launcher; the thread parses it again. */
  env: Record<string, string>;
  logLevel: string;
}

/**
 * Launcher → thread. A thread loads its modules as soon as it exists and starts its service
 * on `start`, which may add variables known only then (ingest: retrieval's address).
 */
export type ToServiceThread = { type: "start"; env: Record<string, string> } | { type: "stop" } | { type: "metrics"; id: number };

/** Thread → launcher. */
export type FromServiceThread =
  | { type: "started"; address: string; port: number }
  | { type: "failed"; message: string; stack?: string }
  | { type: "metrics"; id: number; metrics: MetricsJson }
  | { type: "stopped" };
