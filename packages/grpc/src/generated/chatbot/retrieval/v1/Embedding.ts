// Original file: proto/chatbot/retrieval/v1/retrieval.proto


export interface Embedding {
  /**
   * `dimensions` values.
   */
  'values'?: (number | string)[];
}

export interface Embedding__Output {
  /**
   * `dimensions` values.
   */
  'values': (number)[];
}
