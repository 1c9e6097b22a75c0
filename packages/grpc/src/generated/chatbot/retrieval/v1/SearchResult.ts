// Original file: proto/chatbot/retrieval/v1/retrieval.proto


export interface SearchResult {
  'chunk_id'?: (string);
  'document_id'?: (string);
  'title'?: (string);
  'page'?: (number);
  'chunk_index'?: (number);
  'section'?: (string);
  'source'?: (string);
  'text'?: (string);
  /**
   * Fused relevance, higher is better; in (0, 1], comparable within one response.
   */
  'score'?: (number | string);
  'metadata_json'?: (string);
}

export interface SearchResult__Output {
  'chunk_id': (string);
  'document_id': (string);
  'title': (string);
  'page': (number);
  'chunk_index': (number);
  'section': (string);
  'source': (string);
  'text': (string);
  /**
   * Fused relevance, higher is better; in (0, 1], comparable within one response.
   */
  'score': (number);
  'metadata_json': (string);
}
