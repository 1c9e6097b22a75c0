import "./instrument";
import { runStandalone } from "@chatbot/runtime";
import { loadIngestConfig } from "./config";
import { startIngestService } from "./start-ingest";

void runStandalone({ service: "ingest", loadConfig: () => loadIngestConfig(), start: startIngestService });
