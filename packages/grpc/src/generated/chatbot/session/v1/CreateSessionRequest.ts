// Original file: proto/chatbot/session/v1/session.proto


export interface CreateSessionRequest {
  'tenant_id'?: (string);
  /**
   * A JSON object, at most 16 KiB; empty means {}.
   */
  'metadata_json'?: (string);
  /**
   * The owner, 1..128 characters, per tenant; absent means none.
   */
  'user_id'?: (string);
  /**
   * 1..200 characters; absent means the first user message gives one.
   */
  'title'?: (string);
  '_user_id'?: "user_id";
  '_title'?: "title";
}

export interface CreateSessionRequest__Output {
  'tenant_id': (string);
  /**
   * A JSON object, at most 16 KiB; empty means {}.
   */
  'metadata_json': (string);
  /**
   * The owner, 1..128 characters, per tenant; absent means none.
   */
  'user_id'?: (string);
  /**
   * 1..200 characters; absent means the first user message gives one.
   */
  'title'?: (string);
  '_user_id'?: "user_id";
  '_title'?: "title";
}
