// Original file: proto/chatbot/retrieval/v1/retrieval.proto

import type { SearchFilters as _chatbot_retrieval_v1_SearchFilters, SearchFilters__Output as _chatbot_retrieval_v1_SearchFilters__Output } from '../../../chatbot/retrieval/v1/SearchFilters';

export interface SearchRequest {
  'tenant_id'?: (string);
  /**
   * 1..8,000 characters.
   */
  'query'?: (string);
  /**
   * 1..50; 0 (unset) is rejected, callers apply their own default.
   */
  'k'?: (number);
  'filters'?: (_chatbot_retrieval_v1_SearchFilters | null);
}

export interface SearchRequest__Output {
  'tenant_id': (string);
  /**
   * 1..8,000 characters.
   */
  'query': (string);
  /**
   * 1..50; 0 (unset) is rejected, callers apply their own default.
   */
  'k': (number);
  'filters': (_chatbot_retrieval_v1_SearchFilters__Output | null);
}
