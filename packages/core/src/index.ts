export * from "./errors/error-kind";
export * from "./errors/app-error";
export * from "./errors/status-mapping";
export * from "./config/parse-env";
export * from "./logging/logger";
export * from "./lifecycle/shutdown";
export * from "./lifecycle/lazy-abort";
export * from "./limits/text-limits";
export { MAX_LOGGED_STRING_LENGTH, SENT_VALUE_FIELDS } from "./logging/log-value-cap";
