// Original file: proto/chatbot/session/v1/api_keys.proto


export interface ResolvedApiKey {
  'key_id'?: (string);
  'tenant_id'?: (string);
}

export interface ResolvedApiKey__Output {
  'key_id': (string);
  'tenant_id': (string);
}
