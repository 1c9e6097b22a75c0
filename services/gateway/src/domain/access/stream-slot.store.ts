/** Gives back a slot; calling it again does nothing. */
export type ReleaseSlot = () => void;

/** Concurrent streams per subject (an API key, or a client address without keys). */
export interface StreamSlotStore {
  readonly limit: number;
  /** A release function, or null when the subject already has `limit` streams open. */
  acquire(subject: string): Promise<ReleaseSlot | null>;
  close(): Promise<void>;
}

/** How long a slot is held without renewal; renewed at a third of it, so two missed renewals are survived. */
export const STREAM_SLOT_LEASE_MS = 30_000;
