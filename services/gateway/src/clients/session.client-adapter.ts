import type { UnaryInvoker, sessionV1 } from "@chatbot/grpc";
import type { SessionClient } from "../domain/sessions/session.client";

/** The session port over the service's calls, wherever they run (a gRPC channel, or this process). */
export function createSessionClient(call: UnaryInvoker<sessionV1.Client>): SessionClient {
  return {
    createSession: (request, options) => call("CreateSession", request, options),
    getSession: (request, options) => call("GetSession", request, options),
    listSessions: (request, options) => call("ListSessions", request, options),
    searchSessions: (request, options) => call("SearchSessions", request, options),
    setSessionTitle: (request, options) => call("SetSessionTitle", request, options),
    async deleteSession(request, options) {
      await call("DeleteSession", request, options);
    },
    listMessages: (request, options) => call("ListMessages", request, options),
    appendMessage: (request, options) => call("AppendMessage", request, options),
    beginTurn: (request, options) => call("BeginTurn", request, options),
    finalizeMessage: (request, options) => call("FinalizeMessage", request, options),
    getSummaryBacklog: (request, options) => call("GetSummaryBacklog", request, options),
    saveSummary: (request, options) => call("SaveSummary", request, options),
    setFeedback: (request, options) => call("SetFeedback", request, options),
    clearFeedback: (request, options) => call("ClearFeedback", request, options),
    listFeedback: (request, options) => call("ListFeedback", request, options),
  };
}
