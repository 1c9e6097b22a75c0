import "./instrument";
import { runStandalone } from "@chatbot/runtime";
import { loadSessionConfig, startSessionService } from "./index";

void runStandalone({ service: "session", loadConfig: () => loadSessionConfig(), start: startSessionService });
