export { loadSessionConfig, sessionConfigSchema, type SessionConfig } from "./config";
export { startSessionService, SESSION_SERVICE_NAME, type SessionStartOptions } from "./start-session";
