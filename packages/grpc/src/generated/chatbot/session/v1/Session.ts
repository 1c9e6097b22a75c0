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
}
