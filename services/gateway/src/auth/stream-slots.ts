/**
 * Open streams per subject in this gateway instance. A slot is taken when a stream
 * starts and given back when its response closes, however it ends.
 */
export class StreamSlots {
  private readonly open = new Map<string, number>();

  constructor(private readonly perSubject: number) {}

  /** A release function, or null when the subject already has its maximum open. */
  acquire(subject: string): (() => void) | null {
    const current = this.open.get(subject) ?? 0;
    if (current >= this.perSubject) return null;
    this.open.set(subject, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(subject) ?? 1) - 1;
      if (left > 0) this.open.set(subject, left);
      else this.open.delete(subject);
    };
  }

  get limit(): number {
    return this.perSubject;
  }
}
