import { createContext } from "preact";
import { messages, type Lang, type Messages } from "../i18n";

export const I18n = createContext<{ lang: Lang; t: Messages }>({ lang: "ko", t: messages.ko });
