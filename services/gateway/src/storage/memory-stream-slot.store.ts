import type { ReleaseSlot, StreamSlotStore } from "../domain/access/stream-slot.store";

/** One gateway instance's count (used without REDIS_URL, and while Redis is unreachable). */
export class MemoryStreamSlotStore implements StreamSlotStore {
  private readonly open = new Map<string, number>();

  constructor(readonly limit: number) {}

  async acquire(subject: string): Promise<ReleaseSlot | null> {
    return this.acquireNow(subject);
  }

  /** The same as `acquire`, without a promise (the memory count answers at once). */
  acquireNow(subject: string): ReleaseSlot | null {
    const current = this.open.get(subject) ?? 0;
    if (current >= this.limit) return null;
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

  async close(): Promise<void> {}
}
