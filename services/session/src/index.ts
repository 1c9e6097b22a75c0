export { loadSessionConfig, sessionConfigSchema, type SessionConfig } from "./config";
export { startInProcessSessionService, startSessionService, SESSION_SERVICE_NAME, type SessionStartOptions } from "./start-session";
export type { InProcessSession } from "./transport/session.in-process";
