export * from "./service-handle";
export * from "./base-config";
export * from "./run-standalone";
