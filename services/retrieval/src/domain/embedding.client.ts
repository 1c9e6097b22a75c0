/**
 * Turns texts into dense vectors. Implementations receive their settings as options and
 * never read the environment.
 */
export interface EmbeddingClient {
  /** Recorded with the index: vectors of different models are not comparable. */
  readonly model: string;
  readonly dimensions: number;
  /** How many texts one `embed` call should carry at most. */
  readonly maxBatchSize: number;
  /** One vector per text, in order, each `dimensions` long. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<number[][]>;
}
