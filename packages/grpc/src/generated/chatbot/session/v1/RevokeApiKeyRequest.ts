// Original file: proto/chatbot/session/v1/api_keys.proto


export interface RevokeApiKeyRequest {
  'key_id'?: (string);
}

export interface RevokeApiKeyRequest__Output {
  'key_id': (string);
}
