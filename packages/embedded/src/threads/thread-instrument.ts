// Imported first by every service thread's entry, so that tracing instruments the modules
// loaded after it (the thread has its own module instances, so its own instrumentation).
import { workerData } from "node:worker_threads";
import { startTracing } from "@chatbot/observability";
import type { ServiceThreadData } from "./protocol";

export const tracing = startTracing((workerData as ServiceThreadData).service, (workerData as ServiceThreadData).env);
