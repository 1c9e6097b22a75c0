import { tracing } from "./thread-instrument";
import { loadSessionConfig, startSessionService } from "@chatbot/session";
import { runInThread } from "./run-in-thread";

runInThread((env, dependencies) => startSessionService(loadSessionConfig(env), dependencies), tracing);
