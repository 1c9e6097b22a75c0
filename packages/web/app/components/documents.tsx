import { useContext, useState } from "preact/hooks";
import { describeError } from "../i18n";
import type { ViewDocument } from "../use-documents";
import { I18n } from "./i18n-context";

const ACCEPT = ".pdf,.hwp,.hwpx,.docx,.txt,.text,.md,.markdown,.html,.htm,application/pdf,text/plain,text/markdown,text/html";

function DocumentRow(props: { entry: ViewDocument; onDelete: () => void; onRetry: () => void }) {
  const { t, lang } = useContext(I18n);
  const { entry } = props;
  const document = entry.document;
  const title = document?.title || entry.filename;
  const [confirming, setConfirming] = useState(false);
  return (
    <li class={`document ${entry.status}`} aria-busy={entry.status === "ready" || entry.status === "failed" ? undefined : "true"}>
      <div class="document-head">
        <span class="document-title" title={entry.filename}>
          {title}
        </span>
        <span class={`status ${entry.status}`}>{t.status[entry.status] ?? entry.status}</span>
      </div>
      {entry.status === "uploading" || entry.status === "queued" ? (
        <progress aria-label={`${title}: ${t.status[entry.status]}`} />
      ) : entry.status === "processing" ? (
        <div class="progress-row">
          <progress aria-label={`${title}: ${t.status.processing}`} {...(entry.progress ? { value: entry.progress.done, max: entry.progress.total } : {})} />
          {entry.progress && <span class="muted">{t.progress(entry.progress.done, entry.progress.total)}</span>}
        </div>
      ) : null}
      {document?.status === "ready" && <p class="muted">{t.pagesChunks(document.pages, document.chunks)}</p>}
      {document?.status === "failed" && document.error && (
        <p class="document-error">
          {describeError(lang, document.error.code)} <code>{document.error.code}</code>
        </p>
      )}
      {document && (
        <div class="document-actions">
          {document.status === "failed" && (
            <button type="button" onClick={props.onRetry}>
              {t.retry}
            </button>
          )}
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
            <button type="button" onClick={() => setConfirming(true)}>
              {t.delete}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

/** Upload by file picker or drag and drop; each document's status follows its event stream live. */
export function Documents(props: { documents: ViewDocument[]; onUpload: (files: File[]) => void; onDelete: (id: string) => void; onRetry: (id: string) => void }) {
  const { t } = useContext(I18n);
  const [over, setOver] = useState(false);
  return (
    <section class="documents" aria-label={t.documents}>
      <h2>{t.documents}</h2>
      <div
        class={`dropzone${over ? " over" : ""}`}
        onDragOver={(event) => {
          event.preventDefault();
          if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(event) => {
          event.preventDefault();
          setOver(false);
          const files = [...(event.dataTransfer?.files ?? [])];
          if (files.length > 0) props.onUpload(files);
        }}
      >
        <p>{t.dropHint}</p>
        <input
          id="upload"
          class="visually-hidden"
          type="file"
          multiple
          accept={ACCEPT}
          onChange={(event) => {
            const input = event.currentTarget as HTMLInputElement;
            const files = [...(input.files ?? [])];
            input.value = "";
            if (files.length > 0) props.onUpload(files);
          }}
        />
        <label for="upload" class="button">
          {t.upload}
        </label>
      </div>
      {props.documents.length === 0 ? (
        <p class="muted">{t.noDocuments}</p>
      ) : (
        <ul class="document-list">
          {props.documents.map((entry) => (
            <DocumentRow key={entry.key} entry={entry} onDelete={() => props.onDelete(entry.key)} onRetry={() => props.onRetry(entry.key)} />
          ))}
        </ul>
      )}
    </section>
  );
}
