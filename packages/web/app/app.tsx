import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { Api, ApiError, type Source } from "./api";
import { messages, type Lang } from "./i18n";
import { storedConversations, storedKey, storedLang, type Conversation } from "./storage";
import { useChat } from "./use-chat";
import { useDocuments } from "./use-documents";
import { ApiKeyPanel } from "./components/api-key-panel";
import { ChatLog } from "./components/chat-log";
import { Composer } from "./components/composer";
import { Conversations } from "./components/conversations";
import { Documents } from "./components/documents";
import { ErrorBanner } from "./components/error-banner";
import { I18n } from "./components/i18n-context";
import { PassageDialog, type OpenPassage } from "./components/passage-dialog";

interface Health {
  llm?: { provider?: string; model?: string };
}

function sorted(list: Conversation[]): Conversation[] {
  return [...list].sort((a, b) => b.updatedAt - a.updatedAt);
}

export function App() {
  const [lang, setLang] = useState<Lang>(storedLang.get());
  const t = messages[lang];
  const [key, setKey] = useState<string | undefined>(storedKey.get());
  const [keyRequired, setKeyRequired] = useState(false);
  const [keyPanelOpen, setKeyPanelOpen] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [health, setHealth] = useState<Health | null>(null);
  const [passage, setPassage] = useState<OpenPassage | null>(null);
  const [conversations, setConversations] = useState<Conversation[]>(() => sorted(storedConversations.get(key)));

  const api = useMemo(
    () =>
      new Api(storedKey.get(), (unauthorized) => {
        setKeyRequired(true);
        setKeyPanelOpen(true);
        setError(unauthorized);
      }),
    [],
  );

  const showError = useCallback((shown: ApiError) => {
    setNotice(null);
    setError(shown);
  }, []);

  const changeConversations = useCallback(
    (change: (list: Conversation[]) => Conversation[]) =>
      setConversations((list) => {
        const next = sorted(change(list));
        storedConversations.set(key, next);
        return next;
      }),
    [key],
  );

  const chat = useChat(api, {
    onSessionStarted: (id, question) =>
      changeConversations((list) => [{ id, title: question.replace(/\s+/g, " ").slice(0, 60), updatedAt: Date.now() }, ...list.filter((entry) => entry.id !== id)]),
    onActivity: (id) => changeConversations((list) => list.map((entry) => (entry.id === id ? { ...entry, updatedAt: Date.now() } : entry))),
    onSessionGone: (id) => {
      changeConversations((list) => list.filter((entry) => entry.id !== id));
      setNotice(messages[lang].expired);
    },
    onError: showError,
  });

  const documents = useDocuments(api, {
    onError: showError,
    onNotice: setNotice,
    alreadyUploaded: (title) => messages[lang].alreadyUploaded(title),
  });

  // Everything the page shows comes from the API with the current key: load it again when the key changes.
  useEffect(() => {
    api.setKey(key);
    setConversations(sorted(storedConversations.get(key)));
    void documents.refresh();
    void chat.open(chat.initialSession());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  useEffect(() => {
    fetch("/api/health", { cache: "no-store" })
      .then((response) => response.json() as Promise<Health>)
      .then(setHealth, () => setHealth(null));
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t.appTitle;
  }, [lang, t]);

  // A file dropped anywhere on the page is uploaded (and never opened by the browser instead).
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    const over = (event: DragEvent) => {
      if (!event.dataTransfer?.types.includes("Files")) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (event.relatedTarget === null) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      setDragging(false);
      void documents.upload(files);
    };
    window.addEventListener("dragover", over);
    window.addEventListener("dragleave", leave);
    window.addEventListener("drop", drop);
    return () => {
      window.removeEventListener("dragover", over);
      window.removeEventListener("dragleave", leave);
      window.removeEventListener("drop", drop);
    };
  }, [documents.upload]);

  const openSource = useCallback(
    async (source: Source, number: number) => {
      setPassage({ source, number });
      // The answer carries a snippet; the whole passage comes from search, limited to its document.
      const query = source.snippet.replace(/…$/, "").slice(0, 500).trim();
      if (!query) return;
      try {
        const found = await api.json<{ results: Array<{ document_id: string; chunk_index: number; text: string }> }>("/api/search", {
          method: "POST",
          json: { query, k: 10, filters: { document_ids: [source.document_id] } },
        });
        const match = found.results.find((result) => result.document_id === source.document_id && result.chunk_index === source.chunk_index);
        if (match) setPassage((open) => (open && open.source === source ? { ...open, text: match.text } : open));
      } catch {
        // The snippet is shown instead.
      }
    },
    [api],
  );

  const saveKey = (value: string | undefined) => {
    storedKey.set(value);
    api.setKey(value);
    setKeyPanelOpen(false);
    setKeyRequired(false);
    setError(null);
    setKey(value);
  };

  const deleteConversation = async (id: string) => {
    try {
      await api.request(`/api/sessions/${encodeURIComponent(id)}`, { method: "DELETE" });
    } catch (failure) {
      if (!(failure instanceof ApiError && failure.status === 404)) {
        if (failure instanceof ApiError) showError(failure);
        return;
      }
    }
    changeConversations((list) => list.filter((entry) => entry.id !== id));
    if (chat.sessionId === id) void chat.open(null);
  };

  const newChat = () => {
    void chat.open(null);
    document.getElementById("message")?.focus();
  };

  const switchLang = () => {
    const next: Lang = lang === "ko" ? "en" : "ko";
    storedLang.set(next);
    setLang(next);
  };

  return (
    <I18n.Provider value={{ lang, t }}>
      <div class={`app${dragging ? " dragging" : ""}`}>
        <header class="topbar">
          <h1>{t.appTitle}</h1>
          <span class="subtitle">{t.appSubtitle}</span>
          <span class="spacer" />
          {health?.llm?.model && <span class="model">{t.model(health.llm.model, health.llm.provider ?? "")}</span>}
          <button type="button" onClick={() => setKeyPanelOpen((open) => !open)} aria-expanded={keyPanelOpen}>
            {t.apiKeyChange}
          </button>
          <button type="button" lang={lang === "ko" ? "en" : "ko"} onClick={switchLang} title={t.languageLabel}>
            {t.language}
          </button>
        </header>
        {(keyPanelOpen || (keyRequired && !key)) && (
          <ApiKeyPanel current={key} required={keyRequired} onSave={saveKey} {...(keyRequired ? {} : { onCancel: () => setKeyPanelOpen(false) })} />
        )}
        <ErrorBanner
          error={error}
          notice={notice}
          onDismiss={() => {
            setError(null);
            setNotice(null);
          }}
        />
        <div class="layout">
          <aside class="sidebar">
            <button type="button" class="new-chat" onClick={newChat}>
              {t.newChat}
            </button>
            <Conversations
              conversations={conversations}
              current={chat.sessionId}
              onOpen={(id) => void chat.open(id)}
              onRename={(id, title) => changeConversations((list) => list.map((entry) => (entry.id === id ? { ...entry, title } : entry)))}
              onDelete={(id) => void deleteConversation(id)}
            />
            <Documents
              documents={documents.documents}
              onUpload={(files) => void documents.upload(files)}
              onDelete={(id) => void documents.remove(id)}
              onRetry={(id) => void documents.retry(id)}
            />
          </aside>
          <main class="chat">
            <ChatLog
              messages={chat.messages}
              hasMore={chat.hasMore}
              loading={chat.loading}
              onLoadEarlier={() => void chat.loadEarlier()}
              onOpenSource={(source, number) => void openSource(source, number)}
            />
            <Composer
              streaming={chat.streaming !== null}
              canStop={Boolean(chat.streaming?.messageId)}
              stopping={chat.stopping}
              onSend={(text) => {
                setError(null);
                return chat.send(text);
              }}
              onStop={() => void chat.stop()}
            />
          </main>
        </div>
        <PassageDialog passage={passage} onClose={() => setPassage(null)} />
      </div>
    </I18n.Provider>
  );
}
