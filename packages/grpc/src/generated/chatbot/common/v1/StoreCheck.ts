// Original file: proto/chatbot/common/v1/diagnostics.proto


export interface StoreCheck {
  /**
   * Stable name, e.g. "postgres", "redis", "rabbitmq", "vector_store".
   */
  'name'?: (string);
  /**
   * What backs it, e.g. "postgres", "pglite", "memory", "qdrant".
   */
  'kind'?: (string);
  'ok'?: (boolean);
  'latency_ms'?: (number | string);
  'error'?: (string);
}

export interface StoreCheck__Output {
  /**
   * Stable name, e.g. "postgres", "redis", "rabbitmq", "vector_store".
   */
  'name': (string);
  /**
   * What backs it, e.g. "postgres", "pglite", "memory", "qdrant".
   */
  'kind': (string);
  'ok': (boolean);
  'latency_ms': (number);
  'error': (string);
}
