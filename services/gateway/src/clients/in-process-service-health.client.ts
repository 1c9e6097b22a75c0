import type { CheckStoresResponse__Output } from "@chatbot/grpc";
import type { ServiceHealthClient } from "../domain/health/service-health.client";

/** A service running in this process, as health checks see it: serving while the process is, its stores probed as its Diagnostics would. */
export function createInProcessServiceHealthClient(name: string, service: { checkStores(timeoutMs: number): Promise<CheckStoresResponse__Output> }): ServiceHealthClient {
  return {
    name,
    address: "in-process",
    serving: async () => "SERVING",
    checkStores: (timeoutMs) => service.checkStores(timeoutMs),
  };
}
