/** How a call to another service is bounded: the caller's signal, and a deadline when the default does not fit. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number;
}

/** A server stream that is already running and is read later, message by message (see @chatbot/grpc's openServerStream). */
export interface MessageStream<T> {
  /** Hands each message to `onMessage` synchronously as it arrives; resolves when the stream ends, rejects with an AppError when it fails. Read once. */
  read(onMessage: (message: T) => void): Promise<void>;
}
