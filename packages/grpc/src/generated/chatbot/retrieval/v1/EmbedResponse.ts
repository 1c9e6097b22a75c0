// Original file: proto/chatbot/retrieval/v1/retrieval.proto

import type { Embedding as _chatbot_retrieval_v1_Embedding, Embedding__Output as _chatbot_retrieval_v1_Embedding__Output } from '../../../chatbot/retrieval/v1/Embedding';

export interface EmbedResponse {
  'model'?: (string);
  'dimensions'?: (number);
  /**
   * One per input text, in order.
   */
  'embeddings'?: (_chatbot_retrieval_v1_Embedding)[];
}

export interface EmbedResponse__Output {
  'model': (string);
  'dimensions': (number);
  /**
   * One per input text, in order.
   */
  'embeddings': (_chatbot_retrieval_v1_Embedding__Output)[];
}
