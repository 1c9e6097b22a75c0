import type { sessionV1 } from "@chatbot/grpc";
import type { CallOptions } from "../client-call.types";

/** The session service, as the gateway needs it: sessions, their messages, and the turns of a chat. */
export interface SessionClient {
  createSession(request: sessionV1.CreateSessionRequest, options?: CallOptions): Promise<sessionV1.Session>;
  getSession(request: sessionV1.GetSessionRequest, options?: CallOptions): Promise<sessionV1.Session>;
  /** The tenant's sessions (or one owner's), newest activity first, a page at a time. */
  listSessions(request: sessionV1.ListSessionsRequest, options?: CallOptions): Promise<sessionV1.ListSessionsResponse>;
  /** The tenant's sessions (or one owner's) holding the query's words, best first, with snippets. */
  searchSessions(request: sessionV1.SearchSessionsRequest, options?: CallOptions): Promise<sessionV1.SearchSessionsResponse>;
  setSessionTitle(request: sessionV1.SetSessionTitleRequest, options?: CallOptions): Promise<sessionV1.Session>;
  deleteSession(request: sessionV1.DeleteSessionRequest, options?: CallOptions): Promise<void>;
  listMessages(request: sessionV1.ListMessagesRequest, options?: CallOptions): Promise<sessionV1.ListMessagesResponse>;
  appendMessage(
    request: Pick<sessionV1.AppendMessageRequest, "tenant_id" | "session_id" | "role" | "content"> & Partial<sessionV1.AppendMessageRequest>,
    options?: CallOptions,
  ): Promise<sessionV1.Message>;
  /** Stores the question and reserves the reply; answers with the context the prompt is built from. */
  beginTurn(request: sessionV1.BeginTurnRequest, options?: CallOptions): Promise<sessionV1.BeginTurnResponse>;
  /** What a refresh of the running summary folds in: the usable summary and the dropped messages after it. */
  getSummaryBacklog(
    request: Pick<sessionV1.GetSummaryBacklogRequest, "tenant_id" | "session_id"> & Partial<sessionV1.GetSummaryBacklogRequest>,
    options?: CallOptions,
  ): Promise<sessionV1.SummaryBacklog>;
  /** Stores a running summary through one of the session's messages. */
  saveSummary(request: sessionV1.SaveSummaryRequest, options?: CallOptions): Promise<sessionV1.ConversationSummary>;
  /** Fills in a reserved reply; answers with the stored message. */
  finalizeMessage(request: sessionV1.FinalizeMessageRequest, options?: CallOptions): Promise<sessionV1.Message>;
  /** Rates an assistant message, replacing any earlier rating; answers with the message and the rating replaced. */
  setFeedback(request: sessionV1.SetFeedbackRequest, options?: CallOptions): Promise<sessionV1.SetFeedbackResponse>;
  /** Removes a message's rating. */
  clearFeedback(request: sessionV1.ClearFeedbackRequest, options?: CallOptions): Promise<sessionV1.ClearFeedbackResponse>;
  /** The tenant's rated answers, most recently rated first, a page at a time. */
  listFeedback(request: sessionV1.ListFeedbackRequest, options?: CallOptions): Promise<sessionV1.ListFeedbackResponse>;
}
