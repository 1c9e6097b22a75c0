// Original file: proto/chatbot/session/v1/api_keys.proto


export interface ApiKey {
  'key_id'?: (string);
  'tenant_id'?: (string);
  'name'?: (string);
  /**
   * RFC 3339 timestamps; empty when it has not happened.
   */
  'created_at'?: (string);
  'last_used_at'?: (string);
  'revoked_at'?: (string);
}

export interface ApiKey__Output {
  'key_id': (string);
  'tenant_id': (string);
  'name': (string);
  /**
   * RFC 3339 timestamps; empty when it has not happened.
   */
  'created_at': (string);
  'last_used_at': (string);
  'revoked_at': (string);
}
