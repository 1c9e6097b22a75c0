import { useCallback, useRef, useState } from "preact/hooks";
import { ApiError, isAbort, readEvents, type Api, type Source, type StoredMessage } from "./api";
import { pendingReply, type PendingReply } from "./storage";

export type ViewStatus = "complete" | "interrupted" | "failed" | "streaming";

/** A message as the page shows it: stored, or still arriving. */
export interface ViewMessage {
  key: string;
  messageId?: string;
  role: "user" | "assistant" | "system";
  content: string;
  status: ViewStatus;
  sources: Source[];
  errorCode?: string | null;
  /** Shown again from the browser's copy after a reload, waiting for the rest of the stream. */
  resuming?: boolean;
}

/** The reply being received, mutated as its events arrive. */
interface ReplyState extends PendingReply {
  key: string;
  status: ViewStatus;
  error?: { code: string; message: string };
  resuming: boolean;
}

export interface ChatHooks {
  /** A reply started a new session (the first event named it). */
  onSessionStarted(sessionId: string, question: string): void;
  /** The session was asked something (keeps the conversation list in order). */
  onActivity(sessionId: string): void;
  /** The session answered 404: expired or deleted elsewhere. */
  onSessionGone(sessionId: string): void;
  onError(error: ApiError): void;
}

const CURRENT = "chatbot.currentSession";
const PAGE_SIZE = 50;
const RESUME_ATTEMPTS = 5;

function fromStored(message: StoredMessage): ViewMessage {
  return {
    key: message.message_id,
    messageId: message.message_id,
    role: message.role,
    content: message.content,
    status: message.status,
    sources: message.sources,
    errorCode: message.error_code,
  };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

let localKeys = 0;
const localKey = (prefix: string) => `${prefix}-${Date.now()}-${(localKeys += 1)}`;

/**
 * One conversation on screen and the reply streaming into it. A reply's stream is read with
 * fetch (headers, so the API key stays out of URLs); every event is remembered in
 * sessionStorage, so after a reload the reply is shown as far as it had come and its stream
 * resumed after the last event seen (Last-Event-ID): nothing is lost and nothing repeated.
 * A connection that drops mid-reply is resumed the same way.
 */
export function useChat(api: Api, hooks: ChatHooks) {
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [messages, setMessages] = useState<ViewMessage[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [streaming, setStreaming] = useState<{ messageId?: string } | null>(null);
  const [stopping, setStopping] = useState(false);
  const [loading, setLoading] = useState(false);
  const sessionRef = useRef<string | null>(null);
  const readerRef = useRef<AbortController | null>(null);
  const hooksRef = useRef(hooks);
  hooksRef.current = hooks;

  const showReply = (state: ReplyState) =>
    setMessages((list) =>
      list.map((message) =>
        message.key === state.key
          ? {
              ...message,
              messageId: state.messageId || undefined,
              content: state.content,
              sources: state.sources,
              status: state.status,
              errorCode: state.error?.code ?? null,
              resuming: state.resuming,
            }
          : message,
      ),
    );

  const selectSession = (id: string | null) => {
    sessionRef.current = id;
    setSessionId(id);
    try {
      if (id) sessionStorage.setItem(CURRENT, id);
      else sessionStorage.removeItem(CURRENT);
    } catch {
      // Storage disabled: a reload starts a new chat.
    }
  };

  /** Reads a reply's events to the end, resuming after the last event whenever the connection drops. */
  const follow = async (first: Response, state: ReplyState, controller: AbortController, question?: string) => {
    const { signal } = controller;
    let response: Response | undefined = first;
    let terminal = false;
    for (let attempt = 0; ; attempt += 1) {
      if (response) {
        try {
          await readEvents(
            response,
            (event) => {
              let data: Record<string, any>;
              try {
                data = JSON.parse(event.data);
              } catch {
                return;
              }
              const id = Number(event.id);
              if (Number.isInteger(id) && id > state.lastEventId) state.lastEventId = id;
              if (data.done) {
                terminal = true;
                state.status = data.finish_reason === "interrupted" ? "interrupted" : "complete";
              } else if (data.error) {
                terminal = true;
                state.status = "failed";
                state.error = { code: String(data.error.code ?? "internal_error"), message: String(data.error.message ?? "") };
              } else if (typeof data.chunk === "string") {
                state.content += data.chunk;
              } else if (Array.isArray(data.sources)) {
                state.sources = data.sources;
              } else if (typeof data.session_id === "string" && typeof data.message_id === "string") {
                const isNew = !state.sessionId;
                state.sessionId = data.session_id;
                state.messageId = data.message_id;
                setStreaming({ messageId: state.messageId });
                if (isNew && question !== undefined) {
                  if (sessionRef.current === null) selectSession(state.sessionId);
                  hooksRef.current.onSessionStarted(state.sessionId, question);
                }
              }
              if (!terminal && state.messageId) {
                pendingReply.set({
                  sessionId: state.sessionId,
                  messageId: state.messageId,
                  lastEventId: state.lastEventId,
                  content: state.content,
                  sources: state.sources,
                });
              }
              if (sessionRef.current === state.sessionId || !state.sessionId) showReply(state);
            },
            signal,
          );
        } catch {
          // The connection broke: resumed below.
        }
      }
      if (terminal || signal.aborted) break;
      if (!state.messageId || attempt >= RESUME_ATTEMPTS) {
        state.status = "failed";
        state.error = { code: "stream_broken", message: "" };
        break;
      }
      await sleep(250 * 2 ** attempt, signal);
      if (signal.aborted) break;
      try {
        response = await api.stream(`/api/chat/streams/${encodeURIComponent(state.messageId)}`, { lastEventId: state.lastEventId, signal });
      } catch (error) {
        response = undefined;
        if (isAbort(error)) break;
        // Gone: it ended long enough ago to be forgotten, and is stored; the list below shows it.
        if (error instanceof ApiError && error.status === 404) {
          terminal = true;
          break;
        }
      }
    }
    if (signal.aborted) return;
    pendingReply.set(undefined);
    readerRef.current = null;
    setStreaming(null);
    setStopping(false);
    if (state.error) hooksRef.current.onError(new ApiError(0, state.error.code, state.error.message));
    if (sessionRef.current === state.sessionId) {
      showReply(state);
      // What the server stored is what the conversation is: statuses, sources, error codes. A reply
      // the session service has not taken yet (it is retried there) stays as it was received.
      const list = await reload(state.sessionId);
      if (list && sessionRef.current === state.sessionId) {
        const local: ViewMessage = {
          key: state.key,
          messageId: state.messageId || undefined,
          role: "assistant",
          content: state.content,
          sources: state.sources,
          // A stream that was forgotten before its end reached this page, and is not stored either.
          status: state.status === "streaming" ? "failed" : state.status,
          errorCode: state.error?.code ?? (state.status === "streaming" ? "stream_not_found" : null),
        };
        setMessages(state.messageId && !list.some((message) => message.messageId === state.messageId) ? [...list, local] : list);
      }
    }
  };

  const reload = async (id: string) => {
    try {
      const page = await api.json<{ messages: StoredMessage[]; has_more: boolean }>(`/api/sessions/${encodeURIComponent(id)}/messages?limit=${PAGE_SIZE}`);
      if (sessionRef.current !== id) return undefined;
      setHasMore(page.has_more);
      return page.messages.map(fromStored);
    } catch (error) {
      if (sessionRef.current !== id) return undefined;
      if (error instanceof ApiError && error.status === 404) {
        hooksRef.current.onSessionGone(id);
        selectSession(null);
        setMessages([]);
      } else if (error instanceof ApiError) {
        hooksRef.current.onError(error);
      }
      return undefined;
    }
  };

  const resume = async (pending: PendingReply) => {
    const controller = new AbortController();
    readerRef.current = controller;
    setStreaming({ messageId: pending.messageId });
    const state: ReplyState = { ...pending, key: pending.messageId, status: "streaming", resuming: true };
    let response: Response;
    try {
      response = await api.stream(`/api/chat/streams/${encodeURIComponent(pending.messageId)}`, {
        lastEventId: pending.lastEventId,
        signal: controller.signal,
      });
    } catch (error) {
      if (isAbort(error)) return;
      readerRef.current = null;
      setStreaming(null);
      pendingReply.set(undefined);
      if (!(error instanceof ApiError && error.status === 404) && error instanceof ApiError) hooksRef.current.onError(error);
      const list = await reload(pending.sessionId);
      if (list) setMessages(list);
      return;
    }
    await follow(response, state, controller);
  };

  /** Shows a conversation (null: a new one), resuming its reply if one was arriving when the page was left. */
  const open = useCallback(
    async (id: string | null) => {
      readerRef.current?.abort();
      readerRef.current = null;
      setStreaming(null);
      setStopping(false);
      selectSession(id);
      setMessages([]);
      setHasMore(false);
      if (!id) return;
      setLoading(true);
      const list = await reload(id);
      setLoading(false);
      if (!list) return;
      const pending = pendingReply.get();
      if (pending && pending.sessionId === id && !list.some((message) => message.messageId === pending.messageId)) {
        list.push({
          key: pending.messageId,
          messageId: pending.messageId,
          role: "assistant",
          content: pending.content,
          sources: pending.sources,
          status: "streaming",
          resuming: true,
        });
        setMessages(list);
        await resume(pending);
        return;
      }
      if (pending && pending.sessionId === id) pendingReply.set(undefined);
      setMessages(list);
      // eslint-disable-next-line react-hooks/exhaustive-deps
    },
    [api],
  );

  const send = useCallback(
    async (text: string): Promise<boolean> => {
      if (readerRef.current) return false;
      const question = text.trim();
      if (!question) return false;
      const session = sessionRef.current;
      const key = localKey("reply");
      setMessages((list) => [
        ...list,
        { key: localKey("question"), role: "user", content: question, status: "complete", sources: [] },
        { key, role: "assistant", content: "", status: "streaming", sources: [] },
      ]);
      const controller = new AbortController();
      readerRef.current = controller;
      setStreaming({});
      if (session) hooksRef.current.onActivity(session);
      const state: ReplyState = { key, sessionId: session ?? "", messageId: "", lastEventId: 0, content: "", sources: [], status: "streaming", resuming: false };
      let response: Response;
      try {
        response = await api.stream("/api/chat/stream", {
          method: "POST",
          json: { message: question, ...(session ? { session_id: session } : {}) },
          signal: controller.signal,
        });
      } catch (error) {
        if (isAbort(error)) return true;
        readerRef.current = null;
        setStreaming(null);
        // Nothing was stored (the question is refused before it is kept): the question goes back in the box.
        setMessages((list) => list.filter((message) => message.key !== key).slice(0, -1));
        if (error instanceof ApiError) {
          hooksRef.current.onError(error);
          if (error.code === "session_not_found" && session) {
            hooksRef.current.onSessionGone(session);
            selectSession(null);
            setMessages([]);
          }
        }
        return false;
      }
      await follow(response, state, controller, question);
      return true;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api],
  );

  /** Asks the server to stop the generation; the stream then ends as `interrupted` and is stored so. */
  const stop = useCallback(async () => {
    const messageId = streaming?.messageId;
    if (!messageId) return;
    setStopping(true);
    try {
      await api.request(`/api/chat/streams/${encodeURIComponent(messageId)}/stop`, { method: "POST" });
    } catch (error) {
      setStopping(false);
      if (error instanceof ApiError) hooksRef.current.onError(error);
    }
  }, [api, streaming]);

  const loadEarlier = useCallback(async () => {
    const id = sessionRef.current;
    const oldest = messages.find((message) => message.messageId)?.messageId;
    if (!id || !oldest) return;
    try {
      const page = await api.json<{ messages: StoredMessage[]; has_more: boolean }>(
        `/api/sessions/${encodeURIComponent(id)}/messages?limit=${PAGE_SIZE}&before=${encodeURIComponent(oldest)}`,
      );
      if (sessionRef.current !== id) return;
      setHasMore(page.has_more);
      setMessages((list) => [...page.messages.map(fromStored), ...list]);
    } catch (error) {
      if (error instanceof ApiError) hooksRef.current.onError(error);
    }
  }, [api, messages]);

  /** The conversation to show after a reload: the one a reply was arriving in, or the one last open. */
  const initialSession = (): string | null => {
    const pending = pendingReply.get();
    if (pending) return pending.sessionId;
    try {
      return sessionStorage.getItem(CURRENT);
    } catch {
      return null;
    }
  };

  return { sessionId, messages, hasMore, streaming, stopping, loading, open, send, stop, loadEarlier, initialSession };
}
