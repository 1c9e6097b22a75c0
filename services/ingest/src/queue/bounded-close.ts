/**
 * Closes an AMQP channel or connection, waiting at most `ms`: on a connection that has
 * just died the broker never answers the close, and shutdown must not hang on it.
 */
export async function closeWithin(closable: { close(): Promise<void> } | undefined, ms = 1000): Promise<void> {
  if (!closable) return;
  await settleWithin([closable.close()], ms);
}

/** Waits until every promise has settled (whichever way) or `ms` has passed. */
export async function settleWithin(promises: Iterable<Promise<unknown>>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(promises),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}
