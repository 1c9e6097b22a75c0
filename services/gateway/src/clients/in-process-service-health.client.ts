import type { InProcessLlmProxy } from "@chatbot/llm-proxy";
import type { ServiceHealthClient } from "../domain/health/service-health.client";

/** The llm-proxy as health checks see it when it runs in this process: serving while the process is, its stores probed as its Diagnostics would. */
export function createInProcessServiceHealthClient(name: string, proxy: InProcessLlmProxy): ServiceHealthClient {
  return {
    name,
    address: "in-process",
    serving: async () => "SERVING",
    checkStores: (timeoutMs) => proxy.checkStores(timeoutMs),
  };
}
