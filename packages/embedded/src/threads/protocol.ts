import type { MetricsJson } from "@chatbot/observability";

/** What a service thread is started with (its `workerData`). */
export interface ServiceThreadData {
  service: string;
  /** The service's environment, already validated by the launcher; the thread parses it again. */
  env: Record<string, string>;
  logLevel: string;
}

export type { MetricsJson };

/** Launcher → thread. */
export type ToServiceThread = { type: "stop" } | { type: "metrics"; id: number };

/** Thread → launcher. */
export type FromServiceThread =
  | { type: "started"; address: string; port: number }
  | { type: "failed"; message: string; stack?: string }
  | { type: "metrics"; id: number; metrics: MetricsJson }
  | { type: "stopped" };
