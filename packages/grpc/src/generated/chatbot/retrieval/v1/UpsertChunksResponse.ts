// Original file: proto/chatbot/retrieval/v1/retrieval.proto


export interface UpsertChunksResponse {
  'upserted'?: (number);
}

export interface UpsertChunksResponse__Output {
  'upserted': (number);
}
