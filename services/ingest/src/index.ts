export { loadIngestConfig, type IngestConfig } from "./config";
export { startIngestService, INGEST_SERVICE_NAME, type IngestStartOptions } from "./start-ingest";
