import { useContext, useState } from "preact/hooks";
import { I18n } from "./i18n-context";

/** The API key, for servers that require one: kept in sessionStorage and sent only as a header. */
export function ApiKeyPanel(props: { current: string | undefined; required: boolean; onSave: (key: string | undefined) => void; onCancel?: () => void }) {
  const { t } = useContext(I18n);
  const [value, setValue] = useState(props.current ?? "");
  return (
    <section class="api-key" aria-label={t.apiKey}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          props.onSave(value.trim() || undefined);
        }}
      >
        <h2>{props.required ? t.apiKeyTitle : t.apiKeyChange}</h2>
        <p class="muted">{t.apiKeyHint}</p>
        <div class="api-key-row">
          <label for="api-key">{t.apiKey}</label>
          <input
            id="api-key"
            type="password"
            autocomplete="off"
            spellcheck={false}
            value={value}
            onInput={(event) => setValue((event.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit">{t.save}</button>
          {props.current && (
            <button type="button" onClick={() => props.onSave(undefined)}>
              {t.apiKeyClear}
            </button>
          )}
          {props.onCancel && (
            <button type="button" onClick={props.onCancel}>
              {t.cancel}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
