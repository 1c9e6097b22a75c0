/**
 * Closes an AMQP channel or connection, waiting at most `ms`: on a connection that has
 * just died the broker never answers the close, and shutdown must not hang on it.
 */
export async function closeWithin(closable: { close(): Promise<void> } | undefined, ms = 1000): Promise<void> {
  if (!closable) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    closable.close().catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}
