export * from "./service-handle";
export * from "./base-config";
export * from "./grpc-security-config";
export * from "./loopback";
export * from "./run-standalone";
