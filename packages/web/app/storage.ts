import type { Lang } from "./i18n";
import type { Source } from "./api";

/**
 * What the page remembers in the browser:
 * - the API key, in sessionStorage (this tab only, gone when it closes);
 * - the reply being streamed, in sessionStorage, so a reload picks it up where it was;
 * - this browser's conversations and the language, in localStorage. Conversations are kept
 *   per key (a hash of it), since another key is another tenant whose ids answer 404.
 */
const KEY = "chatbot.apiKey";
const PENDING = "chatbot.pendingReply";
const LANG = "chatbot.lang";
const CONVERSATIONS = "chatbot.conversations";

export interface Conversation {
  id: string;
  title: string;
  /** Milliseconds since the epoch of the last question asked here. */
  updatedAt: number;
}

/** A reply being received: enough to show it again and to resume its stream after the last event seen. */
export interface PendingReply {
  sessionId: string;
  messageId: string;
  lastEventId: number;
  content: string;
  sources: Source[];
}

function read<T>(storage: Storage, key: string): T | undefined {
  try {
    const text = storage.getItem(key);
    return text === null ? undefined : (JSON.parse(text) as T);
  } catch {
    return undefined;
  }
}

function write(storage: Storage, key: string, value: unknown): void {
  try {
    if (value === undefined) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the page still works, it just forgets.
  }
}

export const storedKey = {
  get: (): string | undefined => read<string>(sessionStorage, KEY) || undefined,
  set: (key: string | undefined) => write(sessionStorage, KEY, key),
};

export const pendingReply = {
  get: (): PendingReply | undefined => read<PendingReply>(sessionStorage, PENDING),
  set: (pending: PendingReply | undefined) => write(sessionStorage, PENDING, pending),
};

export const storedLang = {
  get: (): Lang => (read<string>(localStorage, LANG) === "en" ? "en" : "ko"),
  set: (lang: Lang) => write(localStorage, LANG, lang),
};

/** FNV-1a: enough to tell keys apart in storage without keeping the key itself. */
function scopeOf(key: string | undefined): string {
  if (!key) return "no-key";
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index += 1) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16);
}

export const storedConversations = {
  get(key: string | undefined): Conversation[] {
    const all = read<Record<string, Conversation[]>>(localStorage, CONVERSATIONS) ?? {};
    const list = all[scopeOf(key)];
    return Array.isArray(list) ? list.filter((entry) => typeof entry?.id === "string") : [];
  },
  set(key: string | undefined, conversations: Conversation[]): void {
    const all = read<Record<string, Conversation[]>>(localStorage, CONVERSATIONS) ?? {};
    all[scopeOf(key)] = conversations;
    write(localStorage, CONVERSATIONS, all);
  },
};
