export { loadRetrievalConfig, retrievalConfigSchema, type RetrievalConfig } from "./config";
export { startRetrievalService, RETRIEVAL_SERVICE_NAME, type RetrievalStartOptions } from "./start-retrieval";
