// Original file: proto/chatbot/session/v1/api_keys.proto


export interface CreateApiKeyRequest {
  'tenant_id'?: (string);
  'name'?: (string);
}

export interface CreateApiKeyRequest__Output {
  'tenant_id': (string);
  'name': (string);
}
