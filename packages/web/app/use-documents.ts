import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, isAbort, readEvents, type Api, type DocumentEvent, type DocumentInfo } from "./api";

export interface ViewDocument {
  key: string;
  document?: DocumentInfo;
  /** Shown while the file is still being sent. */
  filename: string;
  status: DocumentInfo["status"] | "uploading";
  progress?: { done: number; total: number };
}

export interface DocumentHooks {
  onError(error: ApiError): void;
  onNotice(text: string): void;
  alreadyUploaded(title: string): string;
}

const terminal = (status: string) => status === "ready" || status === "failed";

/**
 * Progress streams open at once. Each holds one of the six connections a browser keeps to an
 * HTTP/1.1 origin (and counts against the key's open streams), so a large upload must not take
 * them all from the chat: the other documents wait their turn and are then followed from their
 * current state.
 */
const MAX_WATCHED = 2;

function view(document: DocumentInfo, progress?: ViewDocument["progress"]): ViewDocument {
  return { key: document.document_id, document, filename: document.filename ?? document.title, status: document.status, ...(progress ? { progress } : {}) };
}

/**
 * The tenant's documents: listed, uploaded (file picker or drop), followed live through
 * their event streams (read with fetch so the key stays in a header) until ready or failed,
 * retried and deleted.
 */
export function useDocuments(api: Api, hooks: DocumentHooks) {
  const [documents, setDocuments] = useState<ViewDocument[]>([]);
  const watchers = useRef(new Map<string, AbortController>());
  const hooksRef = useRef(hooks);
  hooksRef.current = hooks;

  const update = (document: DocumentInfo, progress?: ViewDocument["progress"]) =>
    setDocuments((list) => {
      const index = list.findIndex((entry) => entry.key === document.document_id);
      const keep = progress ?? (terminal(document.status) ? undefined : list[index]?.progress);
      const next = view(document, keep);
      if (index < 0) return [next, ...list];
      return list.map((entry, position) => (position === index ? next : entry));
    });

  const waiting = useRef<string[]>([]);

  const watch = useCallback(
    async (id: string) => {
      if (watchers.current.has(id) || waiting.current.includes(id)) return;
      if (watchers.current.size >= MAX_WATCHED) {
        waiting.current.push(id);
        return;
      }
      const controller = new AbortController();
      watchers.current.set(id, controller);
      try {
        for (let attempt = 0; attempt < 5 && !controller.signal.aborted; attempt += 1) {
          let ended = false;
          try {
            const response = await api.stream(`/api/documents/${encodeURIComponent(id)}/events`, { signal: controller.signal });
            await readEvents(
              response,
              (event) => {
                const data = JSON.parse(event.data) as DocumentEvent;
                const progress = data.chunks_total !== undefined && data.chunks_total > 0 ? { done: data.chunks_done ?? 0, total: data.chunks_total } : undefined;
                update(data.document, progress);
                if (terminal(data.document.status)) ended = true;
              },
              controller.signal,
            );
          } catch (error) {
            if (isAbort(error)) return;
            if (error instanceof ApiError && error.status === 404) {
              setDocuments((list) => list.filter((entry) => entry.key !== id));
              return;
            }
          }
          if (ended || controller.signal.aborted) return;
          await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
        }
      } finally {
        if (watchers.current.get(id) === controller) watchers.current.delete(id);
        const next = waiting.current.shift();
        if (next) void watch(next);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api],
  );

  const refresh = useCallback(async () => {
    try {
      const page = await api.json<{ documents: DocumentInfo[] }>("/api/documents?limit=200");
      setDocuments(page.documents.map((document) => view(document)));
      for (const document of page.documents) if (!terminal(document.status)) void watch(document.document_id);
    } catch (error) {
      if (error instanceof ApiError) hooksRef.current.onError(error);
    }
  }, [api, watch]);

  const upload = useCallback(
    async (files: File[]) => {
      for (const file of files) {
        const key = `upload-${Date.now()}-${file.name}`;
        setDocuments((list) => [{ key, filename: file.name, status: "uploading" }, ...list]);
        const form = new FormData();
        form.append("file", file, file.name);
        try {
          const response = await api.request("/api/documents", { method: "POST", body: form });
          const document = (await response.json()) as DocumentInfo;
          setDocuments((list) => list.filter((entry) => entry.key !== key && entry.key !== document.document_id));
          update(document);
          if (response.status === 200) hooksRef.current.onNotice(hooksRef.current.alreadyUploaded(document.title || file.name));
          if (!terminal(document.status)) void watch(document.document_id);
        } catch (error) {
          setDocuments((list) => list.filter((entry) => entry.key !== key));
          if (error instanceof ApiError) hooksRef.current.onError(error);
        }
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, watch],
  );

  const remove = useCallback(
    async (id: string) => {
      try {
        await api.request(`/api/documents/${encodeURIComponent(id)}`, { method: "DELETE" });
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) {
          if (error instanceof ApiError) hooksRef.current.onError(error);
          return;
        }
      }
      watchers.current.get(id)?.abort();
      waiting.current = waiting.current.filter((entry) => entry !== id);
      setDocuments((list) => list.filter((entry) => entry.key !== id));
    },
    [api],
  );

  const retry = useCallback(
    async (id: string) => {
      try {
        const document = await api.json<DocumentInfo>(`/api/documents/${encodeURIComponent(id)}/retry`, { method: "POST" });
        update(document);
        void watch(id);
      } catch (error) {
        if (error instanceof ApiError) hooksRef.current.onError(error);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, watch],
  );

  useEffect(() => {
    const current = watchers.current;
    return () => {
      waiting.current = [];
      for (const controller of current.values()) controller.abort();
      current.clear();
    };
  }, [api]);

  return { documents, refresh, upload, remove, retry };
}
