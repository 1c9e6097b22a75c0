// Original file: proto/chatbot/session/v1/session.proto

import type { TokenUsage as _chatbot_session_v1_TokenUsage, TokenUsage__Output as _chatbot_session_v1_TokenUsage__Output } from '../../../chatbot/session/v1/TokenUsage';
import type { Source as _chatbot_session_v1_Source, Source__Output as _chatbot_session_v1_Source__Output } from '../../../chatbot/session/v1/Source';

export interface FinalizeMessageRequest {
  'tenant_id'?: (string);
  'session_id'?: (string);
  'message_id'?: (string);
  'content'?: (string);
  /**
   * "complete" | "interrupted" | "failed"
   */
  'status'?: (string);
  'model'?: (string);
  'token_usage'?: (_chatbot_session_v1_TokenUsage | null);
  'sources'?: (_chatbot_session_v1_Source)[];
  'error_code'?: (string);
  'finish_reason'?: (string);
  /**
   * The provider that answered (Message.provider); "" when none did. Field numbers 40..49
   * belong to feedback on answers here too.
   */
  'provider'?: (string);
  '_token_usage'?: "token_usage";
}

export interface FinalizeMessageRequest__Output {
  'tenant_id': (string);
  'session_id': (string);
  'message_id': (string);
  'content': (string);
  /**
   * "complete" | "interrupted" | "failed"
   */
  'status': (string);
  'model': (string);
  'token_usage'?: (_chatbot_session_v1_TokenUsage__Output | null);
  'sources': (_chatbot_session_v1_Source__Output)[];
  'error_code': (string);
  'finish_reason': (string);
  /**
   * The provider that answered (Message.provider); "" when none did. Field numbers 40..49
   * belong to feedback on answers here too.
   */
  'provider': (string);
  '_token_usage'?: "token_usage";
}
