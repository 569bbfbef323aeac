/**
 * whileRunning waits for work with SIGINT and SIGTERM routed to onSignal (called with how many
 * signals came so far: commands stop gracefully on the first and cancel on the second), and
 * restores the default handling when the work is done.
 */
export async function whileRunning<T>(work: Promise<T>, onSignal: (count: number) => void): Promise<T> {
  let count = 0;
  const handler = () => onSignal(++count);
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  try {
    return await work;
  } finally {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  }
}
