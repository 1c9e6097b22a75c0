// Original file: proto/chatbot/session/v1/session.proto

import type { ConversationSummary as _chatbot_session_v1_ConversationSummary, ConversationSummary__Output as _chatbot_session_v1_ConversationSummary__Output } from '../../../chatbot/session/v1/ConversationSummary';
import type { Message as _chatbot_session_v1_Message, Message__Output as _chatbot_session_v1_Message__Output } from '../../../chatbot/session/v1/Message';

export interface SummaryBacklog {
  /**
   * The usable summary the backlog continues; absent when none.
   */
  'summary'?: (_chatbot_session_v1_ConversationSummary | null);
  /**
   * Dropped messages after the summary, oldest first.
   */
  'messages'?: (_chatbot_session_v1_Message)[];
  '_summary'?: "summary";
}

export interface SummaryBacklog__Output {
  /**
   * The usable summary the backlog continues; absent when none.
   */
  'summary'?: (_chatbot_session_v1_ConversationSummary__Output | null);
  /**
   * Dropped messages after the summary, oldest first.
   */
  'messages': (_chatbot_session_v1_Message__Output)[];
  '_summary'?: "summary";
}
