// Original file: proto/chatbot/retrieval/v1/retrieval.proto

import type { SearchResult as _chatbot_retrieval_v1_SearchResult, SearchResult__Output as _chatbot_retrieval_v1_SearchResult__Output } from '../../../chatbot/retrieval/v1/SearchResult';

export interface SearchResponse {
  /**
   * Best first, at most k.
   */
  'results'?: (_chatbot_retrieval_v1_SearchResult)[];
  'took_ms'?: (number | string);
}

export interface SearchResponse__Output {
  /**
   * Best first, at most k.
   */
  'results': (_chatbot_retrieval_v1_SearchResult__Output)[];
  'took_ms': (number);
}
