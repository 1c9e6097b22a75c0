import { callUnary, type sessionV1 } from "@chatbot/grpc";
import type { SessionClient } from "../domain/sessions/session.client";

const PEER = "session";

export function createGrpcSessionClient(channel: sessionV1.Client): SessionClient {
  return {
    createSession: (request, options) => callUnary(channel, PEER, "CreateSession", request, options),
    getSession: (request, options) => callUnary(channel, PEER, "GetSession", request, options),
    listSessions: (request, options) => callUnary(channel, PEER, "ListSessions", request, options),
    searchSessions: (request, options) => callUnary(channel, PEER, "SearchSessions", request, options),
    setSessionTitle: (request, options) => callUnary(channel, PEER, "SetSessionTitle", request, options),
    async deleteSession(request, options) {
      await callUnary(channel, PEER, "DeleteSession", request, options);
    },
    listMessages: (request, options) => callUnary(channel, PEER, "ListMessages", request, options),
    appendMessage: (request, options) => callUnary(channel, PEER, "AppendMessage", request, options),
    beginTurn: (request, options) => callUnary(channel, PEER, "BeginTurn", request, options),
    finalizeMessage: (request, options) => callUnary(channel, PEER, "FinalizeMessage", request, options),
    getSummaryBacklog: (request, options) => callUnary(channel, PEER, "GetSummaryBacklog", request, options),
    saveSummary: (request, options) => callUnary(channel, PEER, "SaveSummary", request, options),
    setFeedback: (request, options) => callUnary(channel, PEER, "SetFeedback", request, options),
    clearFeedback: (request, options) => callUnary(channel, PEER, "ClearFeedback", request, options),
    listFeedback: (request, options) => callUnary(channel, PEER, "ListFeedback", request, options),
  };
}
