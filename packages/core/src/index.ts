export * from "./errors/error-kind";
export * from "./errors/app-error";
export * from "./errors/status-mapping";
export * from "./config/parse-env";
export * from "./logging/logger";
export * from "./lifecycle/shutdown";
export * from "./lifecycle/lazy-abort";
export * from "./text/storable-text";
