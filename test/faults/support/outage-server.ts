import type { DisposableServer } from "@chatbot/testkit";

export interface Timed<T> {
  value: T;
  ms: number;
}

export async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const value = await work();
  return { value, ms: Math.round(performance.now() - started) };
}

/**
 * A disposable server a fault test stops and starts again, timing each, that remembers
 * whether it is up so clean-up can act whatever phase a failing test stopped in.
 */
export class OutageServer {
  protected running = true;

  constructor(readonly server: DisposableServer) {}

  get url(): string {
    return this.server.url;
  }

  /** Stops it as an operator would; returns how long the stop took (ms). */
  async stop(): Promise<number> {
    this.running = false;
    return (await timed(() => this.server.stop())).ms;
  }

  /** Starts it on the same port; returns how long until it accepted connections again (ms). */
  async start(): Promise<number> {
    const { ms } = await timed(() => this.server.start());
    this.running = true;
    return ms;
  }

  async ensureRunning(): Promise<void> {
    if (!this.running) await this.start();
  }
}
