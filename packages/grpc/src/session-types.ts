// Generated session types under short names for the service and its callers.
export type { SessionServiceClient as Client, SessionServiceHandlers as Handlers } from "./generated/chatbot/session/v1/SessionService";
export type { Session__Output as Session } from "./generated/chatbot/session/v1/Session";
export type { Message__Output as Message } from "./generated/chatbot/session/v1/Message";
export type { TokenUsage__Output as TokenUsage } from "./generated/chatbot/session/v1/TokenUsage";
export type { Source__Output as Source } from "./generated/chatbot/session/v1/Source";
export type { CreateSessionRequest__Output as CreateSessionRequest } from "./generated/chatbot/session/v1/CreateSessionRequest";
export type { GetSessionRequest__Output as GetSessionRequest } from "./generated/chatbot/session/v1/GetSessionRequest";
export type { DeleteSessionRequest__Output as DeleteSessionRequest } from "./generated/chatbot/session/v1/DeleteSessionRequest";
export type { ListMessagesRequest__Output as ListMessagesRequest } from "./generated/chatbot/session/v1/ListMessagesRequest";
export type { ListMessagesResponse__Output as ListMessagesResponse } from "./generated/chatbot/session/v1/ListMessagesResponse";
export type { AppendMessageRequest__Output as AppendMessageRequest } from "./generated/chatbot/session/v1/AppendMessageRequest";
export type { FinalizeMessageRequest__Output as FinalizeMessageRequest } from "./generated/chatbot/session/v1/FinalizeMessageRequest";
export type { GetContextRequest__Output as GetContextRequest } from "./generated/chatbot/session/v1/GetContextRequest";
export type { GetContextResponse__Output as GetContextResponse } from "./generated/chatbot/session/v1/GetContextResponse";
export type { BeginTurnRequest__Output as BeginTurnRequest } from "./generated/chatbot/session/v1/BeginTurnRequest";
export type { BeginTurnResponse__Output as BeginTurnResponse } from "./generated/chatbot/session/v1/BeginTurnResponse";
