// Original file: proto/chatbot/retrieval/v1/retrieval.proto

import type { Chunk as _chatbot_retrieval_v1_Chunk, Chunk__Output as _chatbot_retrieval_v1_Chunk__Output } from '../../../chatbot/retrieval/v1/Chunk';

export interface UpsertChunksRequest {
  'tenant_id'?: (string);
  /**
   * 1..256 chunks.
   */
  'chunks'?: (_chatbot_retrieval_v1_Chunk)[];
}

export interface UpsertChunksRequest__Output {
  'tenant_id': (string);
  /**
   * 1..256 chunks.
   */
  'chunks': (_chatbot_retrieval_v1_Chunk__Output)[];
}
