export * from "./metrics";
export * from "./admin-server";
export * from "./merged-registry";
export * from "./grpc-metrics";
export type { Registry } from "prom-client";
export * from "./tracing/tracer";
export * from "./tracing/start-tracing";
