export type BreakerState = "closed" | "open" | "half_open";

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses calls before letting one probe through. */
  cooldownMs: number;
  now?: () => number;
  onStateChange?: (state: BreakerState) => void;
}

/**
 * One provider's circuit. Closed: calls pass and consecutive failures are counted.
 * Open: calls are refused until the cooldown passes. Half-open: exactly one probe
 * passes; its success closes the circuit, its failure opens it again.
 */
export class CircuitBreaker {
  private current: BreakerState = "closed";
  private failures = 0;
  private openedAt = 0;
  private probeInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    return this.current;
  }

  /** Whether a call may go out now; in half-open state it claims the single probe. */
  tryAcquire(): boolean {
    if (this.current === "closed") return true;
    if (this.current === "open") {
      if (this.now() - this.openedAt < this.options.cooldownMs) return false;
      this.transition("half_open");
    }
    if (this.probeInFlight) return false;
    this.probeInFlight = true;
    return true;
  }

  /** Seconds until an open circuit lets a probe through. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.openedAt + this.options.cooldownMs - this.now()) / 1000));
  }

  recordSuccess(): void {
    this.failures = 0;
    this.probeInFlight = false;
    if (this.current !== "closed") this.transition("closed");
  }

  recordFailure(): void {
    this.probeInFlight = false;
    this.failures += 1;
    if (this.current === "half_open" || this.failures >= this.options.failureThreshold) {
      this.openedAt = this.now();
      this.transition("open");
    }
  }

  /** The call ended without telling anything about the provider (e.g. the caller cancelled, or the request was refused as invalid). */
  release(): void {
    this.probeInFlight = false;
  }

  private transition(state: BreakerState): void {
    if (state === this.current) return;
    this.current = state;
    this.options.onStateChange?.(state);
  }
}
