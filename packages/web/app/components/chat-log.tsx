import { useContext, useEffect, useLayoutEffect, useRef } from "preact/hooks";
import type { Source } from "../api";
import { describeError } from "../i18n";
import { renderMarkdown } from "../markdown";
import type { ViewMessage } from "../use-chat";
import { I18n } from "./i18n-context";

function Markdown({ text }: { text: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    ref.current?.replaceChildren(renderMarkdown(text));
  }, [text]);
  return <div class="markdown" ref={ref} />;
}

function Sources({ sources, onOpen }: { sources: Source[]; onOpen: (source: Source, number: number) => void }) {
  const { t } = useContext(I18n);
  return (
    <section class="sources" aria-label={t.sources}>
      <h3>{t.sources}</h3>
      <ol>
        {sources.map((source, index) => (
          <li key={`${source.document_id}:${source.chunk_index}`}>
            <button type="button" class="source" onClick={() => onOpen(source, index + 1)}>
              <span class="source-number">[{index + 1}]</span> {t.passageOf(source.title || "—", source.page)}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Message({ message, onOpenSource }: { message: ViewMessage; onOpenSource: (source: Source, number: number) => void }) {
  const { t, lang } = useContext(I18n);
  const label = message.role === "user" ? t.you : message.role === "assistant" ? t.assistant : t.system;
  const streaming = message.status === "streaming";
  return (
    <article class={`message ${message.role} ${message.status}`} aria-label={label} aria-busy={streaming ? "true" : undefined} data-message-id={message.messageId}>
      <header class="message-head">
        <span class="who">{label}</span>
        {message.status === "interrupted" && <span class="badge interrupted">{t.interrupted}</span>}
        {message.status === "failed" && <span class="badge failed">{t.failed}</span>}
        {streaming && <span class="badge live">{message.resuming ? t.resuming : t.thinking}</span>}
      </header>
      {message.role === "assistant" ? (
        <div class="message-body">
          <Markdown text={message.content} />
          {streaming && <span class="cursor" aria-hidden="true" />}
        </div>
      ) : (
        <div class="message-body plain">{message.content}</div>
      )}
      {message.status === "failed" && message.errorCode && (
        <p class="message-error">
          {t.replyFailed}: {describeError(lang, message.errorCode)} <code>{message.errorCode}</code>
        </p>
      )}
      {message.sources.length > 0 && <Sources sources={message.sources} onOpen={onOpenSource} />}
    </article>
  );
}

export function ChatLog(props: {
  messages: ViewMessage[];
  hasMore: boolean;
  loading: boolean;
  onLoadEarlier: () => void;
  onOpenSource: (source: Source, number: number) => void;
}) {
  const { t } = useContext(I18n);
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const last = props.messages.at(-1);

  // Follows the answer as it grows, unless the reader has scrolled up to read something else.
  useEffect(() => {
    const element = ref.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [props.messages.length, last?.content, last?.status]);

  return (
    <div
      class="log"
      ref={ref}
      role="log"
      aria-label={t.conversationLog}
      onScroll={(event) => {
        const element = event.currentTarget as HTMLDivElement;
        pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80;
      }}
    >
      {props.hasMore && (
        <button type="button" class="earlier" onClick={props.onLoadEarlier}>
          {t.loadEarlier}
        </button>
      )}
      {props.messages.length === 0 && !props.loading && (
        <div class="empty">
          <h2>{t.emptyTitle}</h2>
          <p>{t.emptyHint}</p>
        </div>
      )}
      {props.messages.map((message) => (
        <Message key={message.key} message={message} onOpenSource={props.onOpenSource} />
      ))}
    </div>
  );
}
