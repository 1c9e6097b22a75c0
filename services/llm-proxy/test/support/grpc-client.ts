import { createClient, fromServiceError, protos, type llmV1 } from "@chatbot/grpc";
import { createMetricsRegistry } from "@chatbot/observability";
import type { ServiceHandle } from "@chatbot/runtime";
import { testLogger } from "@chatbot/testkit";
import { loadLlmProxyConfig, startLlmProxyService } from "../../src";

export function llmClient(address: string): llmV1.Client {
  return createClient(protos.llm().LlmProxy, address);
}

export interface StreamOutcome {
  events: llmV1.GenerateEvent[];
  /** The AppError the stream ended with, if any. */
  error: unknown;
}

/** Reads a whole Generate stream; `onEvent` may cancel the call. */
export function generate(
  client: llmV1.Client,
  request: llmV1.GenerateRequest,
  onEvent: (event: llmV1.GenerateEvent, cancel: () => void) => void = () => undefined,
): Promise<StreamOutcome> {
  return new Promise((resolve) => {
    const events: llmV1.GenerateEvent[] = [];
    const call = client.Generate(request, { deadline: new Date(Date.now() + 15_000) });
    let settled = false;
    const settle = (error: unknown) => {
      if (settled) return;
      settled = true;
      resolve({ events, error });
    };
    call.on("data", (event: llmV1.GenerateEvent) => {
      events.push(event);
      onEvent(event, () => call.cancel());
    });
    call.on("error", (error) => settle(fromServiceError(error, "llm-proxy")));
    call.on("end", () => settle(undefined));
  });
}

export function deltasOf(events: llmV1.GenerateEvent[]): string[] {
  return events.flatMap((event) => (event.delta ? [event.delta.text] : []));
}

export interface ProxyOverGrpc {
  service: ServiceHandle;
  client: llmV1.Client;
  /** Closes the client, then stops the service. */
  stop(): Promise<void>;
}

/** The llm-proxy service on a free loopback port, configured by `env` over the defaults, with a client of it. */
export async function startProxyOverGrpc(env: Record<string, string> = {}): Promise<ProxyOverGrpc> {
  const config = loadLlmProxyConfig({ GRPC_HOST: "127.0.0.1", GRPC_PORT: "0", ADMIN_PORT: "0", LOG_LEVEL: "silent", ...env });
  const service = await startLlmProxyService(config, { logger: testLogger("llm-proxy"), registry: createMetricsRegistry({ collectDefaults: false }) });
  const client = llmClient(service.address);
  return {
    service,
    client,
    async stop() {
      client.close();
      await service.stop();
    },
  };
}
