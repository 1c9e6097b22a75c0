// Generated retrieval types under short names for the service and its callers.
export type { RetrievalClient as Client, RetrievalHandlers as Handlers } from "./generated/chatbot/retrieval/v1/Retrieval";
export type { Chunk__Output as Chunk, Chunk as ChunkInput } from "./generated/chatbot/retrieval/v1/Chunk";
export type { SearchFilters__Output as SearchFilters } from "./generated/chatbot/retrieval/v1/SearchFilters";
export type { SearchResult__Output as SearchResult } from "./generated/chatbot/retrieval/v1/SearchResult";
export type { UpsertChunksRequest__Output as UpsertChunksRequest } from "./generated/chatbot/retrieval/v1/UpsertChunksRequest";
export type { UpsertChunksResponse__Output as UpsertChunksResponse } from "./generated/chatbot/retrieval/v1/UpsertChunksResponse";
export type { DeleteDocumentRequest__Output as DeleteDocumentRequest } from "./generated/chatbot/retrieval/v1/DeleteDocumentRequest";
export type { DeleteDocumentResponse__Output as DeleteDocumentResponse } from "./generated/chatbot/retrieval/v1/DeleteDocumentResponse";
export type { SearchRequest__Output as SearchRequest } from "./generated/chatbot/retrieval/v1/SearchRequest";
export type { SearchResponse__Output as SearchResponse } from "./generated/chatbot/retrieval/v1/SearchResponse";
export type { CountChunksRequest__Output as CountChunksRequest } from "./generated/chatbot/retrieval/v1/CountChunksRequest";
export type { CountChunksResponse__Output as CountChunksResponse } from "./generated/chatbot/retrieval/v1/CountChunksResponse";
export type { EmbedRequest__Output as EmbedRequest } from "./generated/chatbot/retrieval/v1/EmbedRequest";
export type { EmbedResponse__Output as EmbedResponse } from "./generated/chatbot/retrieval/v1/EmbedResponse";
