// Original file: proto/chatbot/session/v1/session.proto

import type { Message as _chatbot_session_v1_Message, Message__Output as _chatbot_session_v1_Message__Output } from '../../../chatbot/session/v1/Message';
import type { ConversationSummary as _chatbot_session_v1_ConversationSummary, ConversationSummary__Output as _chatbot_session_v1_ConversationSummary__Output } from '../../../chatbot/session/v1/ConversationSummary';

export interface BeginTurnResponse {
  /**
   * The session the turn belongs to (new when the request named none).
   */
  'session_id'?: (string);
  /**
   * The stored question; on a regeneration, the existing question being answered again.
   */
  'user_message'?: (_chatbot_session_v1_Message | null);
  'assistant_message'?: (_chatbot_session_v1_Message | null);
  /**
   * Oldest first, ending with the user message.
   */
  'context'?: (_chatbot_session_v1_Message)[];
  'context_token_count'?: (number);
  /**
   * The running summary to send ahead of the context, when messages were dropped and one
   * covers some of them. Whenever messages were dropped, SUMMARY_MAX_TOKENS of the token
   * budget is kept for it, so context_token_count + the summary's tokens fit the budget.
   */
  'summary'?: (_chatbot_session_v1_ConversationSummary | null);
  /**
   * Dropped messages the summary does not cover (all dropped ones when there is none).
   */
  'uncovered_message_count'?: (number);
  '_summary'?: "summary";
}

export interface BeginTurnResponse__Output {
  /**
   * The session the turn belongs to (new when the request named none).
   */
  'session_id': (string);
  /**
   * The stored question; on a regeneration, the existing question being answered again.
   */
  'user_message': (_chatbot_session_v1_Message__Output | null);
  'assistant_message': (_chatbot_session_v1_Message__Output | null);
  /**
   * Oldest first, ending with the user message.
   */
  'context': (_chatbot_session_v1_Message__Output)[];
  'context_token_count': (number);
  /**
   * The running summary to send ahead of the context, when messages were dropped and one
   * covers some of them. Whenever messages were dropped, SUMMARY_MAX_TOKENS of the token
   * budget is kept for it, so context_token_count + the summary's tokens fit the budget.
   */
  'summary'?: (_chatbot_session_v1_ConversationSummary__Output | null);
  /**
   * Dropped messages the summary does not cover (all dropped ones when there is none).
   */
  'uncovered_message_count': (number);
  '_summary'?: "summary";
}
