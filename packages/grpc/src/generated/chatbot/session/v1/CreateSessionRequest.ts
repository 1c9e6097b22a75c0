// Original file: proto/chatbot/session/v1/session.proto


export interface CreateSessionRequest {
  'tenant_id'?: (string);
  /**
   * A JSON object, at most 16 KiB; empty means {}.
   */
  'metadata_json'?: (string);
}

export interface CreateSessionRequest__Output {
  'tenant_id': (string);
  /**
   * A JSON object, at most 16 KiB; empty means {}.
   */
  'metadata_json': (string);
}
