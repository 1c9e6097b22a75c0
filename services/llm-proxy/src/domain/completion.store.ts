/**
 * What the proxy keeps outside its process: cached answers. Redis in distributed mode
 * (shared by replicas), memory in embedded mode; both pass the same contract suite.
 * Keys are used as given: the Redis connection adds its configured prefix, so test runs
 * and deployments can share one Redis. Only `ping` fails while Redis is unreachable: the
 * Redis store then misses its cache rather than failing the generations that use it.
 * (Rate-limit counts live in a WindowedCounter (@chatbot/core; adapters in @chatbot/redis).)
 */
export interface CompletionStore {
  readonly kind: "redis" | "memory";
  getCompletion(key: string): Promise<string | undefined>;
  /** Kept `ttlSeconds`, then gone. */
  putCompletion(key: string, value: string, ttlSeconds: number): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
