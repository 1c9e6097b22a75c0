// Original file: proto/chatbot/session/v1/session.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AppendMessageRequest as _chatbot_session_v1_AppendMessageRequest, AppendMessageRequest__Output as _chatbot_session_v1_AppendMessageRequest__Output } from '../../../chatbot/session/v1/AppendMessageRequest';
import type { BeginTurnRequest as _chatbot_session_v1_BeginTurnRequest, BeginTurnRequest__Output as _chatbot_session_v1_BeginTurnRequest__Output } from '../../../chatbot/session/v1/BeginTurnRequest';
import type { BeginTurnResponse as _chatbot_session_v1_BeginTurnResponse, BeginTurnResponse__Output as _chatbot_session_v1_BeginTurnResponse__Output } from '../../../chatbot/session/v1/BeginTurnResponse';
import type { ClearFeedbackRequest as _chatbot_session_v1_ClearFeedbackRequest, ClearFeedbackRequest__Output as _chatbot_session_v1_ClearFeedbackRequest__Output } from '../../../chatbot/session/v1/ClearFeedbackRequest';
import type { ClearFeedbackResponse as _chatbot_session_v1_ClearFeedbackResponse, ClearFeedbackResponse__Output as _chatbot_session_v1_ClearFeedbackResponse__Output } from '../../../chatbot/session/v1/ClearFeedbackResponse';
import type { ConversationSummary as _chatbot_session_v1_ConversationSummary, ConversationSummary__Output as _chatbot_session_v1_ConversationSummary__Output } from '../../../chatbot/session/v1/ConversationSummary';
import type { CreateSessionRequest as _chatbot_session_v1_CreateSessionRequest, CreateSessionRequest__Output as _chatbot_session_v1_CreateSessionRequest__Output } from '../../../chatbot/session/v1/CreateSessionRequest';
import type { DeleteSessionRequest as _chatbot_session_v1_DeleteSessionRequest, DeleteSessionRequest__Output as _chatbot_session_v1_DeleteSessionRequest__Output } from '../../../chatbot/session/v1/DeleteSessionRequest';
import type { DeleteSessionResponse as _chatbot_session_v1_DeleteSessionResponse, DeleteSessionResponse__Output as _chatbot_session_v1_DeleteSessionResponse__Output } from '../../../chatbot/session/v1/DeleteSessionResponse';
import type { FinalizeMessageRequest as _chatbot_session_v1_FinalizeMessageRequest, FinalizeMessageRequest__Output as _chatbot_session_v1_FinalizeMessageRequest__Output } from '../../../chatbot/session/v1/FinalizeMessageRequest';
import type { GetContextRequest as _chatbot_session_v1_GetContextRequest, GetContextRequest__Output as _chatbot_session_v1_GetContextRequest__Output } from '../../../chatbot/session/v1/GetContextRequest';
import type { GetContextResponse as _chatbot_session_v1_GetContextResponse, GetContextResponse__Output as _chatbot_session_v1_GetContextResponse__Output } from '../../../chatbot/session/v1/GetContextResponse';
import type { GetSessionRequest as _chatbot_session_v1_GetSessionRequest, GetSessionRequest__Output as _chatbot_session_v1_GetSessionRequest__Output } from '../../../chatbot/session/v1/GetSessionRequest';
import type { GetSummaryBacklogRequest as _chatbot_session_v1_GetSummaryBacklogRequest, GetSummaryBacklogRequest__Output as _chatbot_session_v1_GetSummaryBacklogRequest__Output } from '../../../chatbot/session/v1/GetSummaryBacklogRequest';
import type { ListFeedbackRequest as _chatbot_session_v1_ListFeedbackRequest, ListFeedbackRequest__Output as _chatbot_session_v1_ListFeedbackRequest__Output } from '../../../chatbot/session/v1/ListFeedbackRequest';
import type { ListFeedbackResponse as _chatbot_session_v1_ListFeedbackResponse, ListFeedbackResponse__Output as _chatbot_session_v1_ListFeedbackResponse__Output } from '../../../chatbot/session/v1/ListFeedbackResponse';
import type { ListMessagesRequest as _chatbot_session_v1_ListMessagesRequest, ListMessagesRequest__Output as _chatbot_session_v1_ListMessagesRequest__Output } from '../../../chatbot/session/v1/ListMessagesRequest';
import type { ListMessagesResponse as _chatbot_session_v1_ListMessagesResponse, ListMessagesResponse__Output as _chatbot_session_v1_ListMessagesResponse__Output } from '../../../chatbot/session/v1/ListMessagesResponse';
import type { ListSessionsRequest as _chatbot_session_v1_ListSessionsRequest, ListSessionsRequest__Output as _chatbot_session_v1_ListSessionsRequest__Output } from '../../../chatbot/session/v1/ListSessionsRequest';
import type { ListSessionsResponse as _chatbot_session_v1_ListSessionsResponse, ListSessionsResponse__Output as _chatbot_session_v1_ListSessionsResponse__Output } from '../../../chatbot/session/v1/ListSessionsResponse';
import type { Message as _chatbot_session_v1_Message, Message__Output as _chatbot_session_v1_Message__Output } from '../../../chatbot/session/v1/Message';
import type { SaveSummaryRequest as _chatbot_session_v1_SaveSummaryRequest, SaveSummaryRequest__Output as _chatbot_session_v1_SaveSummaryRequest__Output } from '../../../chatbot/session/v1/SaveSummaryRequest';
import type { SearchSessionsRequest as _chatbot_session_v1_SearchSessionsRequest, SearchSessionsRequest__Output as _chatbot_session_v1_SearchSessionsRequest__Output } from '../../../chatbot/session/v1/SearchSessionsRequest';
import type { SearchSessionsResponse as _chatbot_session_v1_SearchSessionsResponse, SearchSessionsResponse__Output as _chatbot_session_v1_SearchSessionsResponse__Output } from '../../../chatbot/session/v1/SearchSessionsResponse';
import type { Session as _chatbot_session_v1_Session, Session__Output as _chatbot_session_v1_Session__Output } from '../../../chatbot/session/v1/Session';
import type { SetFeedbackRequest as _chatbot_session_v1_SetFeedbackRequest, SetFeedbackRequest__Output as _chatbot_session_v1_SetFeedbackRequest__Output } from '../../../chatbot/session/v1/SetFeedbackRequest';
import type { SetFeedbackResponse as _chatbot_session_v1_SetFeedbackResponse, SetFeedbackResponse__Output as _chatbot_session_v1_SetFeedbackResponse__Output } from '../../../chatbot/session/v1/SetFeedbackResponse';
import type { SetSessionTitleRequest as _chatbot_session_v1_SetSessionTitleRequest, SetSessionTitleRequest__Output as _chatbot_session_v1_SetSessionTitleRequest__Output } from '../../../chatbot/session/v1/SetSessionTitleRequest';
import type { SummaryBacklog as _chatbot_session_v1_SummaryBacklog, SummaryBacklog__Output as _chatbot_session_v1_SummaryBacklog__Output } from '../../../chatbot/session/v1/SummaryBacklog';

/**
 * Owns sessions and their messages. Every call is scoped to a tenant (`tenant_id`
 * is required on every request): a session of another tenant, an expired one and
 * an id that is not a UUID all answer NOT_FOUND exactly as an unknown one does.
 * Any call naming a session refreshes its expiry.
 */
export interface SessionServiceClient extends grpc.Client {
  AppendMessage(argument: _chatbot_session_v1_AppendMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Message__Output>): grpc.ClientUnaryCall;
  AppendMessage(argument: _chatbot_session_v1_AppendMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_Message__Output>): grpc.ClientUnaryCall;
  AppendMessage(argument: _chatbot_session_v1_AppendMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Message__Output>): grpc.ClientUnaryCall;
  AppendMessage(argument: _chatbot_session_v1_AppendMessageRequest, callback: grpc.requestCallback<_chatbot_session_v1_Message__Output>): grpc.ClientUnaryCall;
  appendMessage(argument: _chatbot_session_v1_AppendMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Message__Output>): grpc.ClientUnaryCall;
  appendMessage(argument: _chatbot_session_v1_AppendMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_Message__Output>): grpc.ClientUnaryCall;
  appendMessage(argument: _chatbot_session_v1_AppendMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Message__Output>): grpc.ClientUnaryCall;
  appendMessage(argument: _chatbot_session_v1_AppendMessageRequest, callback: grpc.requestCallback<_chatbot_session_v1_Message__Output>): grpc.ClientUnaryCall;
  
  /**
   * Everything a chat turn needs before generation, in one call: the session (created
   * when session_id is empty), the stored user message, the reserved assistant message
   * (status "streaming") and the context window ending with the user message.
   */
  BeginTurn(argument: _chatbot_session_v1_BeginTurnRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_BeginTurnResponse__Output>): grpc.ClientUnaryCall;
  BeginTurn(argument: _chatbot_session_v1_BeginTurnRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_BeginTurnResponse__Output>): grpc.ClientUnaryCall;
  BeginTurn(argument: _chatbot_session_v1_BeginTurnRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_BeginTurnResponse__Output>): grpc.ClientUnaryCall;
  BeginTurn(argument: _chatbot_session_v1_BeginTurnRequest, callback: grpc.requestCallback<_chatbot_session_v1_BeginTurnResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Everything a chat turn needs before generation, in one call: the session (created
   * when session_id is empty), the stored user message, the reserved assistant message
   * (status "streaming") and the context window ending with the user message.
   */
  beginTurn(argument: _chatbot_session_v1_BeginTurnRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_BeginTurnResponse__Output>): grpc.ClientUnaryCall;
  beginTurn(argument: _chatbot_session_v1_BeginTurnRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_BeginTurnResponse__Output>): grpc.ClientUnaryCall;
  beginTurn(argument: _chatbot_session_v1_BeginTurnRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_BeginTurnResponse__Output>): grpc.ClientUnaryCall;
  beginTurn(argument: _chatbot_session_v1_BeginTurnRequest, callback: grpc.requestCallback<_chatbot_session_v1_BeginTurnResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes a message's rating; NOT_FOUND when the message is unknown (or not the tenant's).
   */
  ClearFeedback(argument: _chatbot_session_v1_ClearFeedbackRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ClearFeedbackResponse__Output>): grpc.ClientUnaryCall;
  ClearFeedback(argument: _chatbot_session_v1_ClearFeedbackRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_ClearFeedbackResponse__Output>): grpc.ClientUnaryCall;
  ClearFeedback(argument: _chatbot_session_v1_ClearFeedbackRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ClearFeedbackResponse__Output>): grpc.ClientUnaryCall;
  ClearFeedback(argument: _chatbot_session_v1_ClearFeedbackRequest, callback: grpc.requestCallback<_chatbot_session_v1_ClearFeedbackResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Removes a message's rating; NOT_FOUND when the message is unknown (or not the tenant's).
   */
  clearFeedback(argument: _chatbot_session_v1_ClearFeedbackRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ClearFeedbackResponse__Output>): grpc.ClientUnaryCall;
  clearFeedback(argument: _chatbot_session_v1_ClearFeedbackRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_ClearFeedbackResponse__Output>): grpc.ClientUnaryCall;
  clearFeedback(argument: _chatbot_session_v1_ClearFeedbackRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ClearFeedbackResponse__Output>): grpc.ClientUnaryCall;
  clearFeedback(argument: _chatbot_session_v1_ClearFeedbackRequest, callback: grpc.requestCallback<_chatbot_session_v1_ClearFeedbackResponse__Output>): grpc.ClientUnaryCall;
  
  CreateSession(argument: _chatbot_session_v1_CreateSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  CreateSession(argument: _chatbot_session_v1_CreateSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  CreateSession(argument: _chatbot_session_v1_CreateSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  CreateSession(argument: _chatbot_session_v1_CreateSessionRequest, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  createSession(argument: _chatbot_session_v1_CreateSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  createSession(argument: _chatbot_session_v1_CreateSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  createSession(argument: _chatbot_session_v1_CreateSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  createSession(argument: _chatbot_session_v1_CreateSessionRequest, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  
  DeleteSession(argument: _chatbot_session_v1_DeleteSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_DeleteSessionResponse__Output>): grpc.ClientUnaryCall;
  DeleteSession(argument: _chatbot_session_v1_DeleteSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_DeleteSessionResponse__Output>): grpc.ClientUnaryCall;
  DeleteSession(argument: _chatbot_session_v1_DeleteSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_DeleteSessionResponse__Output>): grpc.ClientUnaryCall;
  DeleteSession(argument: _chatbot_session_v1_DeleteSessionRequest, callback: grpc.requestCallback<_chatbot_session_v1_DeleteSessionResponse__Output>): grpc.ClientUnaryCall;
  deleteSession(argument: _chatbot_session_v1_DeleteSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_DeleteSessionResponse__Output>): grpc.ClientUnaryCall;
  deleteSession(argument: _chatbot_session_v1_DeleteSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_DeleteSessionResponse__Output>): grpc.ClientUnaryCall;
  deleteSession(argument: _chatbot_session_v1_DeleteSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_DeleteSessionResponse__Output>): grpc.ClientUnaryCall;
  deleteSession(argument: _chatbot_session_v1_DeleteSessionRequest, callback: grpc.requestCallback<_chatbot_session_v1_DeleteSessionResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Completes a message appended with status "streaming": content, usage, status.
   * A message that is not streaming (already finalized) answers ABORTED (conflict
   * `message_not_streaming`).
   */
  FinalizeMessage(argument: _chatbot_session_v1_FinalizeMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Message__Output>): grpc.ClientUnaryCall;
  FinalizeMessage(argument: _chatbot_session_v1_FinalizeMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_Message__Output>): grpc.ClientUnaryCall;
  FinalizeMessage(argument: _chatbot_session_v1_FinalizeMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Message__Output>): grpc.ClientUnaryCall;
  FinalizeMessage(argument: _chatbot_session_v1_FinalizeMessageRequest, callback: grpc.requestCallback<_chatbot_session_v1_Message__Output>): grpc.ClientUnaryCall;
  /**
   * Completes a message appended with status "streaming": content, usage, status.
   * A message that is not streaming (already finalized) answers ABORTED (conflict
   * `message_not_streaming`).
   */
  finalizeMessage(argument: _chatbot_session_v1_FinalizeMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Message__Output>): grpc.ClientUnaryCall;
  finalizeMessage(argument: _chatbot_session_v1_FinalizeMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_Message__Output>): grpc.ClientUnaryCall;
  finalizeMessage(argument: _chatbot_session_v1_FinalizeMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Message__Output>): grpc.ClientUnaryCall;
  finalizeMessage(argument: _chatbot_session_v1_FinalizeMessageRequest, callback: grpc.requestCallback<_chatbot_session_v1_Message__Output>): grpc.ClientUnaryCall;
  
  /**
   * The last complete or interrupted messages that fit a token budget, oldest first,
   * for the LLM prompt.
   */
  GetContext(argument: _chatbot_session_v1_GetContextRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_GetContextResponse__Output>): grpc.ClientUnaryCall;
  GetContext(argument: _chatbot_session_v1_GetContextRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_GetContextResponse__Output>): grpc.ClientUnaryCall;
  GetContext(argument: _chatbot_session_v1_GetContextRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_GetContextResponse__Output>): grpc.ClientUnaryCall;
  GetContext(argument: _chatbot_session_v1_GetContextRequest, callback: grpc.requestCallback<_chatbot_session_v1_GetContextResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The last complete or interrupted messages that fit a token budget, oldest first,
   * for the LLM prompt.
   */
  getContext(argument: _chatbot_session_v1_GetContextRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_GetContextResponse__Output>): grpc.ClientUnaryCall;
  getContext(argument: _chatbot_session_v1_GetContextRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_GetContextResponse__Output>): grpc.ClientUnaryCall;
  getContext(argument: _chatbot_session_v1_GetContextRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_GetContextResponse__Output>): grpc.ClientUnaryCall;
  getContext(argument: _chatbot_session_v1_GetContextRequest, callback: grpc.requestCallback<_chatbot_session_v1_GetContextResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Refreshes the session's expiry.
   */
  GetSession(argument: _chatbot_session_v1_GetSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  GetSession(argument: _chatbot_session_v1_GetSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  GetSession(argument: _chatbot_session_v1_GetSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  GetSession(argument: _chatbot_session_v1_GetSessionRequest, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  /**
   * Refreshes the session's expiry.
   */
  getSession(argument: _chatbot_session_v1_GetSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  getSession(argument: _chatbot_session_v1_GetSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  getSession(argument: _chatbot_session_v1_GetSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  getSession(argument: _chatbot_session_v1_GetSessionRequest, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  
  /**
   * What a refresh of the running summary should fold in: the usable summary of the
   * conversation as the next turn would see it, and the dropped messages after it (oldest
   * first, at most SUMMARY_INPUT_MAX_TOKENS of them). Empty `messages`: nothing to fold.
   */
  GetSummaryBacklog(argument: _chatbot_session_v1_GetSummaryBacklogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_SummaryBacklog__Output>): grpc.ClientUnaryCall;
  GetSummaryBacklog(argument: _chatbot_session_v1_GetSummaryBacklogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_SummaryBacklog__Output>): grpc.ClientUnaryCall;
  GetSummaryBacklog(argument: _chatbot_session_v1_GetSummaryBacklogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_SummaryBacklog__Output>): grpc.ClientUnaryCall;
  GetSummaryBacklog(argument: _chatbot_session_v1_GetSummaryBacklogRequest, callback: grpc.requestCallback<_chatbot_session_v1_SummaryBacklog__Output>): grpc.ClientUnaryCall;
  /**
   * What a refresh of the running summary should fold in: the usable summary of the
   * conversation as the next turn would see it, and the dropped messages after it (oldest
   * first, at most SUMMARY_INPUT_MAX_TOKENS of them). Empty `messages`: nothing to fold.
   */
  getSummaryBacklog(argument: _chatbot_session_v1_GetSummaryBacklogRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_SummaryBacklog__Output>): grpc.ClientUnaryCall;
  getSummaryBacklog(argument: _chatbot_session_v1_GetSummaryBacklogRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_SummaryBacklog__Output>): grpc.ClientUnaryCall;
  getSummaryBacklog(argument: _chatbot_session_v1_GetSummaryBacklogRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_SummaryBacklog__Output>): grpc.ClientUnaryCall;
  getSummaryBacklog(argument: _chatbot_session_v1_GetSummaryBacklogRequest, callback: grpc.requestCallback<_chatbot_session_v1_SummaryBacklog__Output>): grpc.ClientUnaryCall;
  
  /**
   * The tenant's rated answers, most recently rated first, a page at a time. A cursor that
   * was not handed out answers INVALID_ARGUMENT.
   */
  ListFeedback(argument: _chatbot_session_v1_ListFeedbackRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ListFeedbackResponse__Output>): grpc.ClientUnaryCall;
  ListFeedback(argument: _chatbot_session_v1_ListFeedbackRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_ListFeedbackResponse__Output>): grpc.ClientUnaryCall;
  ListFeedback(argument: _chatbot_session_v1_ListFeedbackRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ListFeedbackResponse__Output>): grpc.ClientUnaryCall;
  ListFeedback(argument: _chatbot_session_v1_ListFeedbackRequest, callback: grpc.requestCallback<_chatbot_session_v1_ListFeedbackResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The tenant's rated answers, most recently rated first, a page at a time. A cursor that
   * was not handed out answers INVALID_ARGUMENT.
   */
  listFeedback(argument: _chatbot_session_v1_ListFeedbackRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ListFeedbackResponse__Output>): grpc.ClientUnaryCall;
  listFeedback(argument: _chatbot_session_v1_ListFeedbackRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_ListFeedbackResponse__Output>): grpc.ClientUnaryCall;
  listFeedback(argument: _chatbot_session_v1_ListFeedbackRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ListFeedbackResponse__Output>): grpc.ClientUnaryCall;
  listFeedback(argument: _chatbot_session_v1_ListFeedbackRequest, callback: grpc.requestCallback<_chatbot_session_v1_ListFeedbackResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The most recent `limit` messages before the cursor, oldest first.
   */
  ListMessages(argument: _chatbot_session_v1_ListMessagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  ListMessages(argument: _chatbot_session_v1_ListMessagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  ListMessages(argument: _chatbot_session_v1_ListMessagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  ListMessages(argument: _chatbot_session_v1_ListMessagesRequest, callback: grpc.requestCallback<_chatbot_session_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The most recent `limit` messages before the cursor, oldest first.
   */
  listMessages(argument: _chatbot_session_v1_ListMessagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  listMessages(argument: _chatbot_session_v1_ListMessagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  listMessages(argument: _chatbot_session_v1_ListMessagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  listMessages(argument: _chatbot_session_v1_ListMessagesRequest, callback: grpc.requestCallback<_chatbot_session_v1_ListMessagesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The tenant's live sessions (or one owner's), newest activity first, a page at a time.
   * A cursor that was not handed out answers INVALID_ARGUMENT.
   */
  ListSessions(argument: _chatbot_session_v1_ListSessionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  ListSessions(argument: _chatbot_session_v1_ListSessionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  ListSessions(argument: _chatbot_session_v1_ListSessionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  ListSessions(argument: _chatbot_session_v1_ListSessionsRequest, callback: grpc.requestCallback<_chatbot_session_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The tenant's live sessions (or one owner's), newest activity first, a page at a time.
   * A cursor that was not handed out answers INVALID_ARGUMENT.
   */
  listSessions(argument: _chatbot_session_v1_ListSessionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  listSessions(argument: _chatbot_session_v1_ListSessionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  listSessions(argument: _chatbot_session_v1_ListSessionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  listSessions(argument: _chatbot_session_v1_ListSessionsRequest, callback: grpc.requestCallback<_chatbot_session_v1_ListSessionsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Stores a summary covering the conversation up to and including `through_message_id`
   * (cut to SUMMARY_MAX_TOKENS). An unknown message answers NOT_FOUND.
   */
  SaveSummary(argument: _chatbot_session_v1_SaveSummaryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ConversationSummary__Output>): grpc.ClientUnaryCall;
  SaveSummary(argument: _chatbot_session_v1_SaveSummaryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_ConversationSummary__Output>): grpc.ClientUnaryCall;
  SaveSummary(argument: _chatbot_session_v1_SaveSummaryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ConversationSummary__Output>): grpc.ClientUnaryCall;
  SaveSummary(argument: _chatbot_session_v1_SaveSummaryRequest, callback: grpc.requestCallback<_chatbot_session_v1_ConversationSummary__Output>): grpc.ClientUnaryCall;
  /**
   * Stores a summary covering the conversation up to and including `through_message_id`
   * (cut to SUMMARY_MAX_TOKENS). An unknown message answers NOT_FOUND.
   */
  saveSummary(argument: _chatbot_session_v1_SaveSummaryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ConversationSummary__Output>): grpc.ClientUnaryCall;
  saveSummary(argument: _chatbot_session_v1_SaveSummaryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_ConversationSummary__Output>): grpc.ClientUnaryCall;
  saveSummary(argument: _chatbot_session_v1_SaveSummaryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_ConversationSummary__Output>): grpc.ClientUnaryCall;
  saveSummary(argument: _chatbot_session_v1_SaveSummaryRequest, callback: grpc.requestCallback<_chatbot_session_v1_ConversationSummary__Output>): grpc.ClientUnaryCall;
  
  /**
   * The tenant's live sessions (or one owner's) whose messages or title hold the query's
   * words (Korean by character bigrams, as document search), best first, each with a snippet.
   */
  SearchSessions(argument: _chatbot_session_v1_SearchSessionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_SearchSessionsResponse__Output>): grpc.ClientUnaryCall;
  SearchSessions(argument: _chatbot_session_v1_SearchSessionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_SearchSessionsResponse__Output>): grpc.ClientUnaryCall;
  SearchSessions(argument: _chatbot_session_v1_SearchSessionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_SearchSessionsResponse__Output>): grpc.ClientUnaryCall;
  SearchSessions(argument: _chatbot_session_v1_SearchSessionsRequest, callback: grpc.requestCallback<_chatbot_session_v1_SearchSessionsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The tenant's live sessions (or one owner's) whose messages or title hold the query's
   * words (Korean by character bigrams, as document search), best first, each with a snippet.
   */
  searchSessions(argument: _chatbot_session_v1_SearchSessionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_SearchSessionsResponse__Output>): grpc.ClientUnaryCall;
  searchSessions(argument: _chatbot_session_v1_SearchSessionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_SearchSessionsResponse__Output>): grpc.ClientUnaryCall;
  searchSessions(argument: _chatbot_session_v1_SearchSessionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_SearchSessionsResponse__Output>): grpc.ClientUnaryCall;
  searchSessions(argument: _chatbot_session_v1_SearchSessionsRequest, callback: grpc.requestCallback<_chatbot_session_v1_SearchSessionsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Rates an assistant message of the tenant (in a live session), replacing any earlier
   * rating; does not refresh the session's expiry. An unknown message, another tenant's
   * and one of an expired session answer NOT_FOUND; a user or system message answers
   * INVALID_ARGUMENT (`message_not_rateable`); a reply still streaming answers ABORTED
   * (conflict `message_streaming`).
   */
  SetFeedback(argument: _chatbot_session_v1_SetFeedbackRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_SetFeedbackResponse__Output>): grpc.ClientUnaryCall;
  SetFeedback(argument: _chatbot_session_v1_SetFeedbackRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_SetFeedbackResponse__Output>): grpc.ClientUnaryCall;
  SetFeedback(argument: _chatbot_session_v1_SetFeedbackRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_SetFeedbackResponse__Output>): grpc.ClientUnaryCall;
  SetFeedback(argument: _chatbot_session_v1_SetFeedbackRequest, callback: grpc.requestCallback<_chatbot_session_v1_SetFeedbackResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Rates an assistant message of the tenant (in a live session), replacing any earlier
   * rating; does not refresh the session's expiry. An unknown message, another tenant's
   * and one of an expired session answer NOT_FOUND; a user or system message answers
   * INVALID_ARGUMENT (`message_not_rateable`); a reply still streaming answers ABORTED
   * (conflict `message_streaming`).
   */
  setFeedback(argument: _chatbot_session_v1_SetFeedbackRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_SetFeedbackResponse__Output>): grpc.ClientUnaryCall;
  setFeedback(argument: _chatbot_session_v1_SetFeedbackRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_SetFeedbackResponse__Output>): grpc.ClientUnaryCall;
  setFeedback(argument: _chatbot_session_v1_SetFeedbackRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_SetFeedbackResponse__Output>): grpc.ClientUnaryCall;
  setFeedback(argument: _chatbot_session_v1_SetFeedbackRequest, callback: grpc.requestCallback<_chatbot_session_v1_SetFeedbackResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Sets a session's title; refreshes its expiry.
   */
  SetSessionTitle(argument: _chatbot_session_v1_SetSessionTitleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  SetSessionTitle(argument: _chatbot_session_v1_SetSessionTitleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  SetSessionTitle(argument: _chatbot_session_v1_SetSessionTitleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  SetSessionTitle(argument: _chatbot_session_v1_SetSessionTitleRequest, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  /**
   * Sets a session's title; refreshes its expiry.
   */
  setSessionTitle(argument: _chatbot_session_v1_SetSessionTitleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  setSessionTitle(argument: _chatbot_session_v1_SetSessionTitleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  setSessionTitle(argument: _chatbot_session_v1_SetSessionTitleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  setSessionTitle(argument: _chatbot_session_v1_SetSessionTitleRequest, callback: grpc.requestCallback<_chatbot_session_v1_Session__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Owns sessions and their messages. Every call is scoped to a tenant (`tenant_id`
 * is required on every request): a session of another tenant, an expired one and
 * an id that is not a UUID all answer NOT_FOUND exactly as an unknown one does.
 * Any call naming a session refreshes its expiry.
 */
export interface SessionServiceHandlers extends grpc.UntypedServiceImplementation {
  AppendMessage: grpc.handleUnaryCall<_chatbot_session_v1_AppendMessageRequest__Output, _chatbot_session_v1_Message>;
  
  /**
   * Everything a chat turn needs before generation, in one call: the session (created
   * when session_id is empty), the stored user message, the reserved assistant message
   * (status "streaming") and the context window ending with the user message.
   */
  BeginTurn: grpc.handleUnaryCall<_chatbot_session_v1_BeginTurnRequest__Output, _chatbot_session_v1_BeginTurnResponse>;
  
  /**
   * Removes a message's rating; NOT_FOUND when the message is unknown (or not the tenant's).
   */
  ClearFeedback: grpc.handleUnaryCall<_chatbot_session_v1_ClearFeedbackRequest__Output, _chatbot_session_v1_ClearFeedbackResponse>;
  
  CreateSession: grpc.handleUnaryCall<_chatbot_session_v1_CreateSessionRequest__Output, _chatbot_session_v1_Session>;
  
  DeleteSession: grpc.handleUnaryCall<_chatbot_session_v1_DeleteSessionRequest__Output, _chatbot_session_v1_DeleteSessionResponse>;
  
  /**
   * Completes a message appended with status "streaming": content, usage, status.
   * A message that is not streaming (already finalized) answers ABORTED (conflict
   * `message_not_streaming`).
   */
  FinalizeMessage: grpc.handleUnaryCall<_chatbot_session_v1_FinalizeMessageRequest__Output, _chatbot_session_v1_Message>;
  
  /**
   * The last complete or interrupted messages that fit a token budget, oldest first,
   * for the LLM prompt.
   */
  GetContext: grpc.handleUnaryCall<_chatbot_session_v1_GetContextRequest__Output, _chatbot_session_v1_GetContextResponse>;
  
  /**
   * Refreshes the session's expiry.
   */
  GetSession: grpc.handleUnaryCall<_chatbot_session_v1_GetSessionRequest__Output, _chatbot_session_v1_Session>;
  
  /**
   * What a refresh of the running summary should fold in: the usable summary of the
   * conversation as the next turn would see it, and the dropped messages after it (oldest
   * first, at most SUMMARY_INPUT_MAX_TOKENS of them). Empty `messages`: nothing to fold.
   */
  GetSummaryBacklog: grpc.handleUnaryCall<_chatbot_session_v1_GetSummaryBacklogRequest__Output, _chatbot_session_v1_SummaryBacklog>;
  
  /**
   * The tenant's rated answers, most recently rated first, a page at a time. A cursor that
   * was not handed out answers INVALID_ARGUMENT.
   */
  ListFeedback: grpc.handleUnaryCall<_chatbot_session_v1_ListFeedbackRequest__Output, _chatbot_session_v1_ListFeedbackResponse>;
  
  /**
   * The most recent `limit` messages before the cursor, oldest first.
   */
  ListMessages: grpc.handleUnaryCall<_chatbot_session_v1_ListMessagesRequest__Output, _chatbot_session_v1_ListMessagesResponse>;
  
  /**
   * The tenant's live sessions (or one owner's), newest activity first, a page at a time.
   * A cursor that was not handed out answers INVALID_ARGUMENT.
   */
  ListSessions: grpc.handleUnaryCall<_chatbot_session_v1_ListSessionsRequest__Output, _chatbot_session_v1_ListSessionsResponse>;
  
  /**
   * Stores a summary covering the conversation up to and including `through_message_id`
   * (cut to SUMMARY_MAX_TOKENS). An unknown message answers NOT_FOUND.
   */
  SaveSummary: grpc.handleUnaryCall<_chatbot_session_v1_SaveSummaryRequest__Output, _chatbot_session_v1_ConversationSummary>;
  
  /**
   * The tenant's live sessions (or one owner's) whose messages or title hold the query's
   * words (Korean by character bigrams, as document search), best first, each with a snippet.
   */
  SearchSessions: grpc.handleUnaryCall<_chatbot_session_v1_SearchSessionsRequest__Output, _chatbot_session_v1_SearchSessionsResponse>;
  
  /**
   * Rates an assistant message of the tenant (in a live session), replacing any earlier
   * rating; does not refresh the session's expiry. An unknown message, another tenant's
   * and one of an expired session answer NOT_FOUND; a user or system message answers
   * INVALID_ARGUMENT (`message_not_rateable`); a reply still streaming answers ABORTED
   * (conflict `message_streaming`).
   */
  SetFeedback: grpc.handleUnaryCall<_chatbot_session_v1_SetFeedbackRequest__Output, _chatbot_session_v1_SetFeedbackResponse>;
  
  /**
   * Sets a session's title; refreshes its expiry.
   */
  SetSessionTitle: grpc.handleUnaryCall<_chatbot_session_v1_SetSessionTitleRequest__Output, _chatbot_session_v1_Session>;
  
}

export interface SessionServiceDefinition extends grpc.ServiceDefinition {
  AppendMessage: MethodDefinition<_chatbot_session_v1_AppendMessageRequest, _chatbot_session_v1_Message, _chatbot_session_v1_AppendMessageRequest__Output, _chatbot_session_v1_Message__Output>
  BeginTurn: MethodDefinition<_chatbot_session_v1_BeginTurnRequest, _chatbot_session_v1_BeginTurnResponse, _chatbot_session_v1_BeginTurnRequest__Output, _chatbot_session_v1_BeginTurnResponse__Output>
  ClearFeedback: MethodDefinition<_chatbot_session_v1_ClearFeedbackRequest, _chatbot_session_v1_ClearFeedbackResponse, _chatbot_session_v1_ClearFeedbackRequest__Output, _chatbot_session_v1_ClearFeedbackResponse__Output>
  CreateSession: MethodDefinition<_chatbot_session_v1_CreateSessionRequest, _chatbot_session_v1_Session, _chatbot_session_v1_CreateSessionRequest__Output, _chatbot_session_v1_Session__Output>
  DeleteSession: MethodDefinition<_chatbot_session_v1_DeleteSessionRequest, _chatbot_session_v1_DeleteSessionResponse, _chatbot_session_v1_DeleteSessionRequest__Output, _chatbot_session_v1_DeleteSessionResponse__Output>
  FinalizeMessage: MethodDefinition<_chatbot_session_v1_FinalizeMessageRequest, _chatbot_session_v1_Message, _chatbot_session_v1_FinalizeMessageRequest__Output, _chatbot_session_v1_Message__Output>
  GetContext: MethodDefinition<_chatbot_session_v1_GetContextRequest, _chatbot_session_v1_GetContextResponse, _chatbot_session_v1_GetContextRequest__Output, _chatbot_session_v1_GetContextResponse__Output>
  GetSession: MethodDefinition<_chatbot_session_v1_GetSessionRequest, _chatbot_session_v1_Session, _chatbot_session_v1_GetSessionRequest__Output, _chatbot_session_v1_Session__Output>
  GetSummaryBacklog: MethodDefinition<_chatbot_session_v1_GetSummaryBacklogRequest, _chatbot_session_v1_SummaryBacklog, _chatbot_session_v1_GetSummaryBacklogRequest__Output, _chatbot_session_v1_SummaryBacklog__Output>
  ListFeedback: MethodDefinition<_chatbot_session_v1_ListFeedbackRequest, _chatbot_session_v1_ListFeedbackResponse, _chatbot_session_v1_ListFeedbackRequest__Output, _chatbot_session_v1_ListFeedbackResponse__Output>
  ListMessages: MethodDefinition<_chatbot_session_v1_ListMessagesRequest, _chatbot_session_v1_ListMessagesResponse, _chatbot_session_v1_ListMessagesRequest__Output, _chatbot_session_v1_ListMessagesResponse__Output>
  ListSessions: MethodDefinition<_chatbot_session_v1_ListSessionsRequest, _chatbot_session_v1_ListSessionsResponse, _chatbot_session_v1_ListSessionsRequest__Output, _chatbot_session_v1_ListSessionsResponse__Output>
  SaveSummary: MethodDefinition<_chatbot_session_v1_SaveSummaryRequest, _chatbot_session_v1_ConversationSummary, _chatbot_session_v1_SaveSummaryRequest__Output, _chatbot_session_v1_ConversationSummary__Output>
  SearchSessions: MethodDefinition<_chatbot_session_v1_SearchSessionsRequest, _chatbot_session_v1_SearchSessionsResponse, _chatbot_session_v1_SearchSessionsRequest__Output, _chatbot_session_v1_SearchSessionsResponse__Output>
  SetFeedback: MethodDefinition<_chatbot_session_v1_SetFeedbackRequest, _chatbot_session_v1_SetFeedbackResponse, _chatbot_session_v1_SetFeedbackRequest__Output, _chatbot_session_v1_SetFeedbackResponse__Output>
  SetSessionTitle: MethodDefinition<_chatbot_session_v1_SetSessionTitleRequest, _chatbot_session_v1_Session, _chatbot_session_v1_SetSessionTitleRequest__Output, _chatbot_session_v1_Session__Output>
}
