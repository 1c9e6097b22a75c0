export { loadRetrievalConfig, type RetrievalConfig } from "./config";
export { startRetrievalService, type RetrievalStartOptions } from "./start-retrieval";
