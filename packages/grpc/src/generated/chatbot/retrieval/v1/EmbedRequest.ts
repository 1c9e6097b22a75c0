// Original file: proto/chatbot/retrieval/v1/retrieval.proto


export interface EmbedRequest {
  'tenant_id'?: (string);
  /**
   * 0..2,048 texts, each 1..32,000 characters.
   */
  'input'?: (string)[];
}

export interface EmbedRequest__Output {
  'tenant_id': (string);
  /**
   * 0..2,048 texts, each 1..32,000 characters.
   */
  'input': (string)[];
}
