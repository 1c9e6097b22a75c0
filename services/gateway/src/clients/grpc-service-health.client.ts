import { callUnary, checkHealth, createClient, createHealthClient, protos, type GrpcSecurity } from "@chatbot/grpc";
import type { ServiceHealthClient } from "../domain/health/service-health.client";

/** grpc.health.v1 and Diagnostics of one backend service, on channels of their own; `close` lets them go. */
export function createGrpcServiceHealthClient(name: string, address: string, security: GrpcSecurity): ServiceHealthClient & { close(): void } {
  const health = createHealthClient(address, security);
  const diagnostics = createClient(protos.diagnostics().Diagnostics, address, security);
  return {
    name,
    address,
    serving: (timeoutMs) => checkHealth(health, timeoutMs),
    checkStores: (timeoutMs) => callUnary(diagnostics, name, "CheckStores", {}, { timeoutMs }),
    close() {
      health.close();
      diagnostics.close();
    },
  };
}
