// Original file: proto/chatbot/session/v1/session.proto

import type { Message as _chatbot_session_v1_Message, Message__Output as _chatbot_session_v1_Message__Output } from '../../../chatbot/session/v1/Message';

export interface FeedbackItem {
  /**
   * The rated answer (role "assistant"), with its feedback, model and provider.
   */
  'answer'?: (_chatbot_session_v1_Message | null);
  /**
   * The user message it answered: its parent, when that is a user message; absent
   * otherwise (a greeting, or a reply under a system message).
   */
  'question'?: (_chatbot_session_v1_Message | null);
  '_question'?: "question";
}

export interface FeedbackItem__Output {
  /**
   * The rated answer (role "assistant"), with its feedback, model and provider.
   */
  'answer': (_chatbot_session_v1_Message__Output | null);
  /**
   * The user message it answered: its parent, when that is a user message; absent
   * otherwise (a greeting, or a reply under a system message).
   */
  'question'?: (_chatbot_session_v1_Message__Output | null);
  '_question'?: "question";
}
