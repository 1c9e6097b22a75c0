// Original file: proto/chatbot/session/v1/session.proto


export interface SearchSessionsRequest {
  'tenant_id'?: (string);
  /**
   * 1..200 characters.
   */
  'query'?: (string);
  /**
   * Only this owner's sessions; absent means all of the tenant's.
   */
  'user_id'?: (string);
  /**
   * 1..50; 0 means 20.
   */
  'limit'?: (number);
  '_user_id'?: "user_id";
}

export interface SearchSessionsRequest__Output {
  'tenant_id': (string);
  /**
   * 1..200 characters.
   */
  'query': (string);
  /**
   * Only this owner's sessions; absent means all of the tenant's.
   */
  'user_id'?: (string);
  /**
   * 1..50; 0 means 20.
   */
  'limit': (number);
  '_user_id'?: "user_id";
}
