// Original file: proto/chatbot/retrieval/v1/retrieval.proto


export interface CountChunksRequest {
  'tenant_id'?: (string);
  /**
   * Empty counts every chunk of the tenant.
   */
  'document_id'?: (string);
}

export interface CountChunksRequest__Output {
  'tenant_id': (string);
  /**
   * Empty counts every chunk of the tenant.
   */
  'document_id': (string);
}
