// Loaded before anything else so that tracing instruments the modules loaded after it.
import { startTracing } from "@chatbot/observability";

export const tracing = startTracing("ingest");
