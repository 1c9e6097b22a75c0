/**
 * Page numbers of a word processor document from the line layout it saved with its text
 * (HWP's PARA_LINE_SEG records, HWPX's hp:lineseg): each line of a body paragraph
 * records its vertical position on the page and where its column starts. A line higher
 * up than the one before starts a new page, unless it starts further right (the next
 * column of the same page). Explicit page breaks and new sections start a page too.
 *
 * The layout is a cache of the last time the document was laid out, so page numbers are
 * those its author saw; a table that runs over several pages counts as one, since only
 * the lines of the paragraph holding it are seen. Pages are numbered from 1.
 */
export class LayoutPages {
  private current = 1;
  private lastVertical: number | undefined;
  private lastHorizontal = 0;
  private started = false;
  /** A break seen since the last paragraph: the next paragraph starts a page, once however many breaks came. */
  private pendingBreak = false;

  get page(): number {
    return this.current;
  }

  /** A page break or a new section before the next paragraph (nothing before the first paragraph). */
  breakPage(): void {
    if (this.started) this.pendingBreak = true;
  }

  /** A body paragraph without saved layout: it takes a pending break. */
  paragraph(): void {
    this.takeBreak();
    this.started = true;
  }

  /** One line of a body paragraph, in document order. */
  line(vertical: number, horizontal: number): void {
    const broke = this.takeBreak();
    if (!broke && this.lastVertical !== undefined && vertical < this.lastVertical && horizontal <= this.lastHorizontal) this.current += 1;
    this.started = true;
    this.lastVertical = vertical;
    this.lastHorizontal = horizontal;
  }

  private takeBreak(): boolean {
    if (!this.pendingBreak) return false;
    this.pendingBreak = false;
    this.current += 1;
    return true;
  }
}
