import { tracing } from "./thread-instrument";
import { loadIngestConfig, startIngestService } from "@chatbot/ingest";
import { runInThread } from "./run-in-thread";

// RETRIEVAL_ADDR is in env: the launcher starts retrieval first and passes its address.
runInThread((env, dependencies) => startIngestService(loadIngestConfig(env), dependencies), tracing);
