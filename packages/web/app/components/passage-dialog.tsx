import { useContext, useEffect, useRef } from "preact/hooks";
import type { Source } from "../api";
import { I18n } from "./i18n-context";

export interface OpenPassage {
  source: Source;
  number: number;
  /** The whole passage, once fetched; the snippet stands in until then. */
  text?: string;
}

/** A cited passage: its document, page and text, in a modal dialog. */
export function PassageDialog(props: { passage: OpenPassage | null; onClose: () => void }) {
  const { t } = useContext(I18n);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.passage && !dialog.open) dialog.showModal();
    if (!props.passage && dialog.open) dialog.close();
  }, [props.passage]);

  const passage = props.passage;
  return (
    <dialog ref={ref} class="passage" aria-labelledby="passage-title" onClose={props.onClose}>
      {passage && (
        <>
          <h2 id="passage-title">
            [{passage.number}] {t.passageOf(passage.source.title || "—", passage.source.page)}
          </h2>
          <p class="muted">{t.passage}</p>
          <blockquote class="passage-text">{passage.text ?? passage.source.snippet}</blockquote>
          <form method="dialog">
            <button type="submit">{t.close}</button>
          </form>
        </>
      )}
    </dialog>
  );
}
