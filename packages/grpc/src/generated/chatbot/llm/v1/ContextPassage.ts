// Original file: proto/chatbot/llm/v1/llm.proto


/**
 * A retrieved passage the answer may cite as [number].
 */
export interface ContextPassage {
  /**
   * 1-based citation number; 0 means "its position in the list".
   */
  'number'?: (number);
  'document_id'?: (string);
  'title'?: (string);
  'page'?: (number);
  'chunk_index'?: (number);
  'text'?: (string);
}

/**
 * A retrieved passage the answer may cite as [number].
 */
export interface ContextPassage__Output {
  /**
   * 1-based citation number; 0 means "its position in the list".
   */
  'number': (number);
  'document_id': (string);
  'title': (string);
  'page': (number);
  'chunk_index': (number);
  'text': (string);
}
