import { useContext, useState } from "preact/hooks";
import type { Conversation } from "../storage";
import { I18n } from "./i18n-context";

function Entry(props: { conversation: Conversation; current: boolean; onOpen: () => void; onRename: (title: string) => void; onDelete: () => void }) {
  const { t } = useContext(I18n);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const title = props.conversation.title || t.untitled;

  if (editing !== null) {
    return (
      <li class="conversation editing">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (editing.trim()) props.onRename(editing.trim());
            setEditing(null);
          }}
        >
          <input
            aria-label={t.renameField}
            value={editing}
            maxLength={200}
            ref={(element) => element?.focus()}
            onInput={(event) => setEditing((event.currentTarget as HTMLInputElement).value)}
            onKeyDown={(event) => event.key === "Escape" && setEditing(null)}
          />
          <button type="submit">{t.save}</button>
          <button type="button" onClick={() => setEditing(null)}>
            {t.cancel}
          </button>
        </form>
      </li>
    );
  }
  return (
    <li class={`conversation${props.current ? " current" : ""}`}>
      <button type="button" class="conversation-title" aria-current={props.current ? "true" : undefined} onClick={props.onOpen} title={title}>
        {title}
      </button>
      <div class="conversation-actions">
        {confirming ? (
          <>
            <button type="button" class="danger" onClick={props.onDelete}>
              {t.confirmDelete}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t.cancel}
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={() => setEditing(title)}>
              {t.rename}
            </button>
            <button type="button" onClick={() => setConfirming(true)}>
              {t.delete}
            </button>
          </>
        )}
      </div>
    </li>
  );
}

/** This browser's conversations, newest first. */
export function Conversations(props: {
  conversations: Conversation[];
  current: string | null;
  onOpen: (id: string) => void;
  onRename: (id: string, title: string) => void;
  onDelete: (id: string) => void;
}) {
  const { t } = useContext(I18n);
  return (
    <nav class="conversations" aria-label={t.conversations}>
      <h2>{t.conversations}</h2>
      {props.conversations.length === 0 ? (
        <p class="muted">{t.noConversations}</p>
      ) : (
        <ul>
          {props.conversations.map((conversation) => (
            <Entry
              key={conversation.id}
              conversation={conversation}
              current={conversation.id === props.current}
              onOpen={() => props.onOpen(conversation.id)}
              onRename={(title) => props.onRename(conversation.id, title)}
              onDelete={() => props.onDelete(conversation.id)}
            />
          ))}
        </ul>
      )}
    </nav>
  );
}
