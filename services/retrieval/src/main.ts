import "./instrument";
import { runStandalone } from "@chatbot/runtime";
import { loadRetrievalConfig } from "./config";
import { startRetrievalService } from "./start-retrieval";

void runStandalone({ service: "retrieval", loadConfig: () => loadRetrievalConfig(), start: startRetrievalService });
