import { compile, type FormatCallback } from "html-to-text";

/** Headings come out as Markdown headings so that the Markdown sectioner records them. */
const markdownHeading: FormatCallback = (element, walk, builder) => {
  const level = Number(/^h([1-6])$/i.exec(element.name ?? "")?.[1] ?? 1);
  builder.openBlock({ leadingLineBreaks: 2 });
  builder.addLiteral(`${"#".repeat(level)} `);
  walk(element.children, builder);
  builder.closeBlock({ trailingLineBreaks: 2 });
};

const skip = (selector: string) => ({ selector, format: "skip" });

const convert = compile({
  wordwrap: false,
  formatters: { markdownHeading },
  selectors: [
    ...["script", "style", "noscript", "template", "head", "svg", "iframe", "img"].map(skip),
    { selector: "a", options: { ignoreHref: true } },
    ...["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({ selector, format: "markdownHeading" })),
  ],
});

/** Visible text of an HTML document: scripts, styles and markup dropped, headings as "# …". */
export function htmlToText(html: string): string {
  return convert(html);
}
