import type { DisposableServer } from "@chatbot/testkit";

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
 * A disposable Postgres that remembers whether it is up, so clean-up can bring it back
 * (the harness drops its schema on close) whatever phase a failing test stopped in.
 */
export class OutagePostgres {
  private running = true;

  constructor(readonly server: DisposableServer) {}

  get url(): string {
    return this.server.url;
  }

  /** Stops it; returns how long the operator's stop took. */
  async stop(): Promise<number> {
    const started = performance.now();
    this.running = false;
    await this.server.stop();
    return Math.round(performance.now() - started);
  }

  /** Starts it; returns how long until it accepted connections again. */
  async start(): Promise<number> {
    const started = performance.now();
    await this.server.start();
    this.running = true;
    return Math.round(performance.now() - started);
  }

  async ensureRunning(): Promise<void> {
    if (!this.running) await this.start();
  }
}

