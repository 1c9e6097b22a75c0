import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AppendMessageRequest as _chatbot_session_v1_AppendMessageRequest, AppendMessageRequest__Output as _chatbot_session_v1_AppendMessageRequest__Output } from './chatbot/session/v1/AppendMessageRequest';
import type { BeginTurnRequest as _chatbot_session_v1_BeginTurnRequest, BeginTurnRequest__Output as _chatbot_session_v1_BeginTurnRequest__Output } from './chatbot/session/v1/BeginTurnRequest';
import type { BeginTurnResponse as _chatbot_session_v1_BeginTurnResponse, BeginTurnResponse__Output as _chatbot_session_v1_BeginTurnResponse__Output } from './chatbot/session/v1/BeginTurnResponse';
import type { ClearFeedbackRequest as _chatbot_session_v1_ClearFeedbackRequest, ClearFeedbackRequest__Output as _chatbot_session_v1_ClearFeedbackRequest__Output } from './chatbot/session/v1/ClearFeedbackRequest';
import type { ClearFeedbackResponse as _chatbot_session_v1_ClearFeedbackResponse, ClearFeedbackResponse__Output as _chatbot_session_v1_ClearFeedbackResponse__Output } from './chatbot/session/v1/ClearFeedbackResponse';
import type { ConversationSummary as _chatbot_session_v1_ConversationSummary, ConversationSummary__Output as _chatbot_session_v1_ConversationSummary__Output } from './chatbot/session/v1/ConversationSummary';
import type { CreateSessionRequest as _chatbot_session_v1_CreateSessionRequest, CreateSessionRequest__Output as _chatbot_session_v1_CreateSessionRequest__Output } from './chatbot/session/v1/CreateSessionRequest';
import type { DeleteSessionRequest as _chatbot_session_v1_DeleteSessionRequest, DeleteSessionRequest__Output as _chatbot_session_v1_DeleteSessionRequest__Output } from './chatbot/session/v1/DeleteSessionRequest';
import type { DeleteSessionResponse as _chatbot_session_v1_DeleteSessionResponse, DeleteSessionResponse__Output as _chatbot_session_v1_DeleteSessionResponse__Output } from './chatbot/session/v1/DeleteSessionResponse';
import type { Feedback as _chatbot_session_v1_Feedback, Feedback__Output as _chatbot_session_v1_Feedback__Output } from './chatbot/session/v1/Feedback';
import type { FeedbackItem as _chatbot_session_v1_FeedbackItem, FeedbackItem__Output as _chatbot_session_v1_FeedbackItem__Output } from './chatbot/session/v1/FeedbackItem';
import type { FinalizeMessageRequest as _chatbot_session_v1_FinalizeMessageRequest, FinalizeMessageRequest__Output as _chatbot_session_v1_FinalizeMessageRequest__Output } from './chatbot/session/v1/FinalizeMessageRequest';
import type { GetContextRequest as _chatbot_session_v1_GetContextRequest, GetContextRequest__Output as _chatbot_session_v1_GetContextRequest__Output } from './chatbot/session/v1/GetContextRequest';
import type { GetContextResponse as _chatbot_session_v1_GetContextResponse, GetContextResponse__Output as _chatbot_session_v1_GetContextResponse__Output } from './chatbot/session/v1/GetContextResponse';
import type { GetSessionRequest as _chatbot_session_v1_GetSessionRequest, GetSessionRequest__Output as _chatbot_session_v1_GetSessionRequest__Output } from './chatbot/session/v1/GetSessionRequest';
import type { GetSummaryBacklogRequest as _chatbot_session_v1_GetSummaryBacklogRequest, GetSummaryBacklogRequest__Output as _chatbot_session_v1_GetSummaryBacklogRequest__Output } from './chatbot/session/v1/GetSummaryBacklogRequest';
import type { ListFeedbackRequest as _chatbot_session_v1_ListFeedbackRequest, ListFeedbackRequest__Output as _chatbot_session_v1_ListFeedbackRequest__Output } from './chatbot/session/v1/ListFeedbackRequest';
import type { ListFeedbackResponse as _chatbot_session_v1_ListFeedbackResponse, ListFeedbackResponse__Output as _chatbot_session_v1_ListFeedbackResponse__Output } from './chatbot/session/v1/ListFeedbackResponse';
import type { ListMessagesRequest as _chatbot_session_v1_ListMessagesRequest, ListMessagesRequest__Output as _chatbot_session_v1_ListMessagesRequest__Output } from './chatbot/session/v1/ListMessagesRequest';
import type { ListMessagesResponse as _chatbot_session_v1_ListMessagesResponse, ListMessagesResponse__Output as _chatbot_session_v1_ListMessagesResponse__Output } from './chatbot/session/v1/ListMessagesResponse';
import type { ListSessionsRequest as _chatbot_session_v1_ListSessionsRequest, ListSessionsRequest__Output as _chatbot_session_v1_ListSessionsRequest__Output } from './chatbot/session/v1/ListSessionsRequest';
import type { ListSessionsResponse as _chatbot_session_v1_ListSessionsResponse, ListSessionsResponse__Output as _chatbot_session_v1_ListSessionsResponse__Output } from './chatbot/session/v1/ListSessionsResponse';
import type { Message as _chatbot_session_v1_Message, Message__Output as _chatbot_session_v1_Message__Output } from './chatbot/session/v1/Message';
import type { SaveSummaryRequest as _chatbot_session_v1_SaveSummaryRequest, SaveSummaryRequest__Output as _chatbot_session_v1_SaveSummaryRequest__Output } from './chatbot/session/v1/SaveSummaryRequest';
import type { SearchSessionsRequest as _chatbot_session_v1_SearchSessionsRequest, SearchSessionsRequest__Output as _chatbot_session_v1_SearchSessionsRequest__Output } from './chatbot/session/v1/SearchSessionsRequest';
import type { SearchSessionsResponse as _chatbot_session_v1_SearchSessionsResponse, SearchSessionsResponse__Output as _chatbot_session_v1_SearchSessionsResponse__Output } from './chatbot/session/v1/SearchSessionsResponse';
import type { Session as _chatbot_session_v1_Session, Session__Output as _chatbot_session_v1_Session__Output } from './chatbot/session/v1/Session';
import type { SessionSearchHit as _chatbot_session_v1_SessionSearchHit, SessionSearchHit__Output as _chatbot_session_v1_SessionSearchHit__Output } from './chatbot/session/v1/SessionSearchHit';
import type { SessionServiceClient as _chatbot_session_v1_SessionServiceClient, SessionServiceDefinition as _chatbot_session_v1_SessionServiceDefinition } from './chatbot/session/v1/SessionService';
import type { SetFeedbackRequest as _chatbot_session_v1_SetFeedbackRequest, SetFeedbackRequest__Output as _chatbot_session_v1_SetFeedbackRequest__Output } from './chatbot/session/v1/SetFeedbackRequest';
import type { SetFeedbackResponse as _chatbot_session_v1_SetFeedbackResponse, SetFeedbackResponse__Output as _chatbot_session_v1_SetFeedbackResponse__Output } from './chatbot/session/v1/SetFeedbackResponse';
import type { SetSessionTitleRequest as _chatbot_session_v1_SetSessionTitleRequest, SetSessionTitleRequest__Output as _chatbot_session_v1_SetSessionTitleRequest__Output } from './chatbot/session/v1/SetSessionTitleRequest';
import type { SnippetHighlight as _chatbot_session_v1_SnippetHighlight, SnippetHighlight__Output as _chatbot_session_v1_SnippetHighlight__Output } from './chatbot/session/v1/SnippetHighlight';
import type { Source as _chatbot_session_v1_Source, Source__Output as _chatbot_session_v1_Source__Output } from './chatbot/session/v1/Source';
import type { SummaryBacklog as _chatbot_session_v1_SummaryBacklog, SummaryBacklog__Output as _chatbot_session_v1_SummaryBacklog__Output } from './chatbot/session/v1/SummaryBacklog';
import type { TokenUsage as _chatbot_session_v1_TokenUsage, TokenUsage__Output as _chatbot_session_v1_TokenUsage__Output } from './chatbot/session/v1/TokenUsage';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  chatbot: {
    session: {
      v1: {
        AppendMessageRequest: MessageTypeDefinition<_chatbot_session_v1_AppendMessageRequest, _chatbot_session_v1_AppendMessageRequest__Output>
        BeginTurnRequest: MessageTypeDefinition<_chatbot_session_v1_BeginTurnRequest, _chatbot_session_v1_BeginTurnRequest__Output>
        BeginTurnResponse: MessageTypeDefinition<_chatbot_session_v1_BeginTurnResponse, _chatbot_session_v1_BeginTurnResponse__Output>
        ClearFeedbackRequest: MessageTypeDefinition<_chatbot_session_v1_ClearFeedbackRequest, _chatbot_session_v1_ClearFeedbackRequest__Output>
        ClearFeedbackResponse: MessageTypeDefinition<_chatbot_session_v1_ClearFeedbackResponse, _chatbot_session_v1_ClearFeedbackResponse__Output>
        ConversationSummary: MessageTypeDefinition<_chatbot_session_v1_ConversationSummary, _chatbot_session_v1_ConversationSummary__Output>
        CreateSessionRequest: MessageTypeDefinition<_chatbot_session_v1_CreateSessionRequest, _chatbot_session_v1_CreateSessionRequest__Output>
        DeleteSessionRequest: MessageTypeDefinition<_chatbot_session_v1_DeleteSessionRequest, _chatbot_session_v1_DeleteSessionRequest__Output>
        DeleteSessionResponse: MessageTypeDefinition<_chatbot_session_v1_DeleteSessionResponse, _chatbot_session_v1_DeleteSessionResponse__Output>
        Feedback: MessageTypeDefinition<_chatbot_session_v1_Feedback, _chatbot_session_v1_Feedback__Output>
        FeedbackItem: MessageTypeDefinition<_chatbot_session_v1_FeedbackItem, _chatbot_session_v1_FeedbackItem__Output>
        FinalizeMessageRequest: MessageTypeDefinition<_chatbot_session_v1_FinalizeMessageRequest, _chatbot_session_v1_FinalizeMessageRequest__Output>
        GetContextRequest: MessageTypeDefinition<_chatbot_session_v1_GetContextRequest, _chatbot_session_v1_GetContextRequest__Output>
        GetContextResponse: MessageTypeDefinition<_chatbot_session_v1_GetContextResponse, _chatbot_session_v1_GetContextResponse__Output>
        GetSessionRequest: MessageTypeDefinition<_chatbot_session_v1_GetSessionRequest, _chatbot_session_v1_GetSessionRequest__Output>
        GetSummaryBacklogRequest: MessageTypeDefinition<_chatbot_session_v1_GetSummaryBacklogRequest, _chatbot_session_v1_GetSummaryBacklogRequest__Output>
        ListFeedbackRequest: MessageTypeDefinition<_chatbot_session_v1_ListFeedbackRequest, _chatbot_session_v1_ListFeedbackRequest__Output>
        ListFeedbackResponse: MessageTypeDefinition<_chatbot_session_v1_ListFeedbackResponse, _chatbot_session_v1_ListFeedbackResponse__Output>
        ListMessagesRequest: MessageTypeDefinition<_chatbot_session_v1_ListMessagesRequest, _chatbot_session_v1_ListMessagesRequest__Output>
        ListMessagesResponse: MessageTypeDefinition<_chatbot_session_v1_ListMessagesResponse, _chatbot_session_v1_ListMessagesResponse__Output>
        ListSessionsRequest: MessageTypeDefinition<_chatbot_session_v1_ListSessionsRequest, _chatbot_session_v1_ListSessionsRequest__Output>
        ListSessionsResponse: MessageTypeDefinition<_chatbot_session_v1_ListSessionsResponse, _chatbot_session_v1_ListSessionsResponse__Output>
        Message: MessageTypeDefinition<_chatbot_session_v1_Message, _chatbot_session_v1_Message__Output>
        SaveSummaryRequest: MessageTypeDefinition<_chatbot_session_v1_SaveSummaryRequest, _chatbot_session_v1_SaveSummaryRequest__Output>
        SearchSessionsRequest: MessageTypeDefinition<_chatbot_session_v1_SearchSessionsRequest, _chatbot_session_v1_SearchSessionsRequest__Output>
        SearchSessionsResponse: MessageTypeDefinition<_chatbot_session_v1_SearchSessionsResponse, _chatbot_session_v1_SearchSessionsResponse__Output>
        Session: MessageTypeDefinition<_chatbot_session_v1_Session, _chatbot_session_v1_Session__Output>
        SessionSearchHit: MessageTypeDefinition<_chatbot_session_v1_SessionSearchHit, _chatbot_session_v1_SessionSearchHit__Output>
        /**
         * Owns sessions and their messages. Every call is scoped to a tenant (`tenant_id`
         * is required on every request): a session of another tenant, an expired one and
         * an id that is not a UUID all answer NOT_FOUND exactly as an unknown one does.
         * Any call naming a session refreshes its expiry.
         */
        SessionService: SubtypeConstructor<typeof grpc.Client, _chatbot_session_v1_SessionServiceClient> & { service: _chatbot_session_v1_SessionServiceDefinition }
        SetFeedbackRequest: MessageTypeDefinition<_chatbot_session_v1_SetFeedbackRequest, _chatbot_session_v1_SetFeedbackRequest__Output>
        SetFeedbackResponse: MessageTypeDefinition<_chatbot_session_v1_SetFeedbackResponse, _chatbot_session_v1_SetFeedbackResponse__Output>
        SetSessionTitleRequest: MessageTypeDefinition<_chatbot_session_v1_SetSessionTitleRequest, _chatbot_session_v1_SetSessionTitleRequest__Output>
        SnippetHighlight: MessageTypeDefinition<_chatbot_session_v1_SnippetHighlight, _chatbot_session_v1_SnippetHighlight__Output>
        Source: MessageTypeDefinition<_chatbot_session_v1_Source, _chatbot_session_v1_Source__Output>
        SummaryBacklog: MessageTypeDefinition<_chatbot_session_v1_SummaryBacklog, _chatbot_session_v1_SummaryBacklog__Output>
        TokenUsage: MessageTypeDefinition<_chatbot_session_v1_TokenUsage, _chatbot_session_v1_TokenUsage__Output>
      }
    }
  }
}

