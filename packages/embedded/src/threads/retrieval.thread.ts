import { tracing } from "./thread-instrument";
import { loadRetrievalConfig, startRetrievalService } from "@chatbot/retrieval";
import { runInThread } from "./run-in-thread";

runInThread((env, dependencies) => startRetrievalService(loadRetrievalConfig(env), dependencies), tracing);
