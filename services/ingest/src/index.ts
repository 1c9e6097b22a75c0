export { loadIngestConfig, type IngestConfig } from "./config";
export { startIngestService, type IngestStartOptions } from "./start-ingest";
