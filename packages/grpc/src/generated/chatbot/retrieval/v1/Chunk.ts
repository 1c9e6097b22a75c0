// Original file: proto/chatbot/retrieval/v1/retrieval.proto


export interface Chunk {
  /**
   * Empty means derived: `<document_id>#<chunk_index>`, so that re-ingesting a
   * document overwrites its chunks instead of adding new ones.
   */
  'chunk_id'?: (string);
  'document_id'?: (string);
  /**
   * 1..32,000 characters.
   */
  'text'?: (string);
  'title'?: (string);
  /**
   * Where the document came from (file name, URL); filterable.
   */
  'source'?: (string);
  /**
   * 1-based page; 0 when the document has no pages.
   */
  'page'?: (number);
  /**
   * Position of the chunk in its document, from 0.
   */
  'chunk_index'?: (number);
  /**
   * Heading the chunk falls under, if any.
   */
  'section'?: (string);
  /**
   * A JSON object (at most 16 KiB); empty means {}.
   */
  'metadata_json'?: (string);
}

export interface Chunk__Output {
  /**
   * Empty means derived: `<document_id>#<chunk_index>`, so that re-ingesting a
   * document overwrites its chunks instead of adding new ones.
   */
  'chunk_id': (string);
  'document_id': (string);
  /**
   * 1..32,000 characters.
   */
  'text': (string);
  'title': (string);
  /**
   * Where the document came from (file name, URL); filterable.
   */
  'source': (string);
  /**
   * 1-based page; 0 when the document has no pages.
   */
  'page': (number);
  /**
   * Position of the chunk in its document, from 0.
   */
  'chunk_index': (number);
  /**
   * Heading the chunk falls under, if any.
   */
  'section': (string);
  /**
   * A JSON object (at most 16 KiB); empty means {}.
   */
  'metadata_json': (string);
}
