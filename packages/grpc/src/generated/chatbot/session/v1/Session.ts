// Original file: proto/chatbot/session/v1/session.proto

import type { Long } from '@grpc/proto-loader';

export interface Session {
  'session_id'?: (string);
  'tenant_id'?: (string);
  /**
   * RFC 3339 timestamps.
   */
  'created_at'?: (string);
  'last_accessed'?: (string);
  'expires_at'?: (string);
  /**
   * A JSON object.
   */
  'metadata_json'?: (string);
  'message_count'?: (number | string | Long);
  /**
   * The owner the frontend named; absent when none.
   */
  'user_id'?: (string);
  /**
   * Given, or taken from the first user message; absent until then.
   */
  'title'?: (string);
  /**
   * RFC 3339: when the last message was appended, else created_at.
   */
  'last_activity_at'?: (string);
  /**
   * The newest message of the branch new turns continue (the active leaf); absent
   * before the first message.
   */
  'active_message_id'?: (string);
  '_user_id'?: "user_id";
  '_title'?: "title";
  '_active_message_id'?: "active_message_id";
}

export interface Session__Output {
  'session_id': (string);
  'tenant_id': (string);
  /**
   * RFC 3339 timestamps.
   */
  'created_at': (string);
  'last_accessed': (string);
  'expires_at': (string);
  /**
   * A JSON object.
   */
  'metadata_json': (string);
  'message_count': (number);
  /**
   * The owner the frontend named; absent when none.
   */
  'user_id'?: (string);
  /**
   * Given, or taken from the first user message; absent until then.
   */
  'title'?: (string);
  /**
   * RFC 3339: when the last message was appended, else created_at.
   */
  'last_activity_at': (string);
  /**
   * The newest message of the branch new turns continue (the active leaf); absent
   * before the first message.
   */
  'active_message_id'?: (string);
  '_user_id'?: "user_id";
  '_title'?: "title";
  '_active_message_id'?: "active_message_id";
}
