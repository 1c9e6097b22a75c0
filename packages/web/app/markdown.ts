import DOMPurify from "dompurify";
import { Marked } from "marked";

/**
 * Markdown from the model, made safe twice over: raw HTML in the text is shown as text
 * (never parsed), and what marked produces is sanitised by DOMPurify to a short list of
 * formatting elements before it reaches the page. The result is a DOM fragment, so no
 * HTML string is ever assigned to innerHTML (the page's CSP requires Trusted Types).
 */
const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
  },
});

const ALLOWED_TAGS = [
  "a",
  "b",
  "blockquote",
  "br",
  "code",
  "del",
  "em",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "i",
  "input",
  "li",
  "ol",
  "p",
  "pre",
  "s",
  "span",
  "strong",
  "sub",
  "sup",
  "table",
  "tbody",
  "td",
  "th",
  "thead",
  "tr",
  "ul",
];
const ALLOWED_ATTR = ["href", "title", "class", "type", "checked", "disabled", "align", "start"];

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node instanceof HTMLAnchorElement) {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
  // Only task-list checkboxes, and they are not for ticking.
  if (node instanceof HTMLInputElement) {
    if (node.type !== "checkbox") node.remove();
    else node.setAttribute("disabled", "");
  }
});

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export function renderMarkdown(text: string): DocumentFragment {
  const html = marked.parse(text) as string;
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
    RETURN_DOM_FRAGMENT: true,
  });
}
