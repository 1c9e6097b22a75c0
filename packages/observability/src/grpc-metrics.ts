import type { Registry } from "prom-client";
import { counter, histogram } from "./metrics";

/** Counts and times every gRPC method a service serves. */
export function createGrpcServerMetrics(registry: Registry, service: string) {
  const requests = counter(registry, {
    name: "chatbot_grpc_server_requests_total",
    help: "gRPC calls handled, by service, method and outcome code",
    labelNames: ["service", "method", "code"] as const,
  });
  const duration = histogram(registry, {
    name: "chatbot_grpc_server_duration_seconds",
    help: "gRPC call duration in seconds, by service and method",
    labelNames: ["service", "method"] as const,
  });
  return {
    observe(method: string, code: string, seconds: number) {
      requests.inc({ service, method, code });
      duration.observe({ service, method }, seconds);
    },
  };
}
