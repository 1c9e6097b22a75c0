// Original file: proto/chatbot/session/v1/api_keys.proto


export interface ResolveApiKeyRequest {
  /**
   * Lower-case hex SHA-256 of the key as the client sent it.
   */
  'key_sha256'?: (string);
}

export interface ResolveApiKeyRequest__Output {
  /**
   * Lower-case hex SHA-256 of the key as the client sent it.
   */
  'key_sha256': (string);
}
