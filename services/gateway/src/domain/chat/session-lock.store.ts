/** Frees the lock; calling it again does nothing (it never frees a lock taken since). */
export type Release = () => Promise<void>;

/** One generation at a time per session, across every gateway instance. */
export interface SessionLockStore {
  /** A release function, or undefined when the session is already generating. */
  tryAcquire(sessionId: string): Promise<Release | undefined>;
}
