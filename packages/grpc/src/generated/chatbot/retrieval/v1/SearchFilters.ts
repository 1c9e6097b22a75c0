// Original file: proto/chatbot/retrieval/v1/retrieval.proto


/**
 * Empty lists mean "no restriction"; several entries mean "any of them".
 */
export interface SearchFilters {
  'document_ids'?: (string)[];
  'sources'?: (string)[];
}

/**
 * Empty lists mean "no restriction"; several entries mean "any of them".
 */
export interface SearchFilters__Output {
  'document_ids': (string)[];
  'sources': (string)[];
}
