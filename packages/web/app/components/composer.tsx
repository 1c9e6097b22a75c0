import { useContext, useState } from "preact/hooks";
import { I18n } from "./i18n-context";

/** The message box with 보내기 and, while a reply streams, 중지. Enter sends (not while a Korean syllable is being composed). */
export function Composer(props: { streaming: boolean; canStop: boolean; stopping: boolean; onSend: (text: string) => Promise<boolean>; onStop: () => void }) {
  const { t } = useContext(I18n);
  const [text, setText] = useState("");

  const submit = () => {
    const question = text.trim();
    if (!question || props.streaming) return;
    setText("");
    void props.onSend(question).then((accepted) => {
      // Refused before anything was stored: the question comes back to be sent again.
      if (!accepted) setText((current) => current || question);
    });
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label class="visually-hidden" for="message">
        {t.message}
      </label>
      <textarea
        id="message"
        rows={2}
        value={text}
        placeholder={t.messagePlaceholder}
        onInput={(event) => setText((event.currentTarget as HTMLTextAreaElement).value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
            event.preventDefault();
            submit();
          }
        }}
      />
      <div class="composer-actions">
        {props.streaming && (
          <button type="button" class="stop" onClick={props.onStop} disabled={!props.canStop || props.stopping}>
            {props.stopping ? t.stopping : t.stop}
          </button>
        )}
        <button type="submit" class="send" disabled={props.streaming || text.trim() === ""}>
          {t.send}
        </button>
      </div>
    </form>
  );
}
