// Original file: proto/chatbot/retrieval/v1/retrieval.proto

import type { Long } from '@grpc/proto-loader';

export interface CountChunksResponse {
  'chunks'?: (number | string | Long);
}

export interface CountChunksResponse__Output {
  'chunks': (number);
}
