import { Agent, request } from "node:http";
import { percentile } from "./stats";

export interface OpenLoopRequest {
  method: "GET" | "POST";
  path: string;
  body?: string;
}

export interface OpenLoopOptions {
  baseUrl: string;
  /** Requests per second over all clients. */
  rate: number;
  /** Clients, each with one kept-alive connection and one request at a time. */
  clients: number;
  seconds: number;
  /** Called for every request, so each can name another session. */
  next: () => OpenLoopRequest;
}

export interface OpenLoopResult {
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
}

/**
 * A fixed-rate load: every client has its own schedule (evenly staggered), so the requests
 * are spread over each second instead of sent as a burst when it starts. Latency counts
 * from when a request was due, not from when it was sent: a slow answer that delays the
 * client's next request is charged to that request too (no coordinated omission).
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const target = new URL(options.baseUrl);
  const intervalMs = (1000 * options.clients) / options.rate;
  const started = performance.now() + 50;
  const endsAt = started + options.seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;

  const client = async (index: number) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let due = started + (index * intervalMs) / options.clients; due < endsAt; due += intervalMs) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const ok = await send(agent, target, options.next());
        if (ok) latencies.push(performance.now() - due);
        else errors += 1;
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, index) => client(index)));
  const elapsed = (performance.now() - started) / 1000;
  return {
    requestsPerSecond: Math.round(latencies.length / elapsed),
    p50: round(percentile(latencies, 50)),
    p90: round(percentile(latencies, 90)),
    p99: round(percentile(latencies, 99)),
    // Not Math.max(...latencies): a long run at a high rate has more values than a call takes arguments;
    // NaN when nothing was answered, as the percentiles.
    max: round(latencies.reduce((most, value) => (most >= value ? most : value), Number.NaN)),
    errors,
  };
}

const round = (value: number) => Math.round(value * 10) / 10;

function send(agent: Agent, target: URL, next: OpenLoopRequest): Promise<boolean> {
  return new Promise((resolve) => {
    const body = next.body === undefined ? undefined : Buffer.from(next.body);
    const outgoing = request(
      {
        host: target.hostname,
        port: target.port,
        path: next.path,
        method: next.method,
        agent,
        headers: body ? { "content-type": "application/json", "content-length": body.length } : {},
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve((response.statusCode ?? 500) < 400));
        // A connection cut mid-response ends with "error", never "end": counted, not waited for forever.
        response.on("error", () => resolve(false));
      },
    );
    outgoing.on("error", () => resolve(false));
    outgoing.end(body);
  });
}
