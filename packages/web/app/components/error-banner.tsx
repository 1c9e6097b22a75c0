import { useContext } from "preact/hooks";
import type { ApiError } from "../api";
import { describeError } from "../i18n";
import { I18n } from "./i18n-context";

function fieldsOf(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details.map((issue) => (issue && typeof issue === "object" && "field" in issue ? String(issue.field) : "")).filter(Boolean);
}

/** A server error in plain words, with its code (and request id, for whoever reads the logs). */
export function ErrorBanner(props: { error: ApiError | null; notice: string | null; onDismiss: () => void }) {
  const { t, lang } = useContext(I18n);
  if (!props.error && !props.notice) return null;
  if (!props.error) {
    return (
      <div class="banner notice" role="status">
        <span>{props.notice}</span>
        <button type="button" onClick={props.onDismiss}>
          {t.dismiss}
        </button>
      </div>
    );
  }
  const { error } = props;
  const fields = fieldsOf(error.details);
  return (
    <div class="banner error" role="alert">
      <span>
        <strong>{t.errorTitle}:</strong> {describeError(lang, error.code)}
        {fields.length > 0 && ` (${fields.join(", ")})`} <code>{error.code}</code>
        {error.requestId && (
          <span class="request-id">
            {" "}
            · {t.requestId} {error.requestId}
          </span>
        )}
      </span>
      <button type="button" onClick={props.onDismiss}>
        {t.dismiss}
      </button>
    </div>
  );
}
