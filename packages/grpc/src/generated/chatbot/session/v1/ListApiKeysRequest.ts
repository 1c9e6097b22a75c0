// Original file: proto/chatbot/session/v1/api_keys.proto


export interface ListApiKeysRequest {
  /**
   * Empty: every tenant's keys.
   */
  'tenant_id'?: (string);
}

export interface ListApiKeysRequest__Output {
  /**
   * Empty: every tenant's keys.
   */
  'tenant_id': (string);
}
