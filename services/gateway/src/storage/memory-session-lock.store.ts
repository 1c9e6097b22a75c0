import type { Release, SessionLockStore } from "../domain/chat/session-lock.store";

export class MemorySessionLockStore implements SessionLockStore {
  private readonly held = new Set<string>();

  async tryAcquire(sessionId: string): Promise<Release | undefined> {
    if (this.held.has(sessionId)) return undefined;
    this.held.add(sessionId);
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      this.held.delete(sessionId);
    };
  }
}
