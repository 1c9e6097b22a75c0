import type { ParsedSection } from "../domain/parsed-document";

const ATX_HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(```|~~~)/;

/**
 * Splits Markdown at its ATX headings (# …). Each section starts with its heading's text
 * (without the #) as a paragraph, so the words of the heading stay searchable, and
 * records the heading as the chunk's section. Lines inside code fences are never headings.
 */
export function markdownSections(text: string): ParsedSection[] {
  const sections: ParsedSection[] = [];
  let heading = "";
  let lines: string[] = [];
  let fence: string | undefined;
  const flush = () => {
    const body = lines.join("\n").trim();
    if (body !== "") sections.push({ heading, text: body });
  };
  for (const line of text.split("\n")) {
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch) fence = fence === undefined ? fenceMatch[1] : fence === fenceMatch[1] ? undefined : fence;
    const headingMatch = fence === undefined ? ATX_HEADING.exec(line) : null;
    if (headingMatch && headingMatch[2]!.trim() !== "") {
      flush();
      heading = headingMatch[2]!.trim();
      lines = [heading, ""];
    } else {
      lines.push(line);
    }
  }
  flush();
  return sections;
}
