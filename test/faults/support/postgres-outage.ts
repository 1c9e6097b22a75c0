import { OutageServer } from "./outage-server";

export interface TimedResponse {
  status: number;
  body: Record<string, any>;
  ms: number;
}

/** One HTTP call with its wall-clock latency, the body parsed as JSON. */
export async function timedJson(url: string, init: RequestInit = {}): Promise<TimedResponse> {
  const started = performance.now();
  const response = await fetch(url, init);
  const text = await response.text();
  const ms = Math.round(performance.now() - started);
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : {}, ms };
}

export function jsonBody(body: unknown, method = "POST"): RequestInit {
  return { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

/**
 * A disposable Postgres that clean-up can bring back with `ensureRunning` (the harness
 * drops its schema on close) whatever phase a failing test stopped in.
 */
export class OutagePostgres extends OutageServer {}
