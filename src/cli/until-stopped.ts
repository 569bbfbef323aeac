/**
 * untilStopped resolves when a long-running server command should stop: SIGINT, SIGTERM, or its
 * parent process going away. Under `npx loadgen serve`, npm gets the SIGTERM and exits without
 * passing it on; the server, reparented, then stops too instead of holding its port forever.
 * parent is the parent's pid read when the command started, before anything listened, so a parent
 * that dies right after the banner still counts.
 */
export function untilStopped(parent: number): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    const timer = setInterval(() => {
      if (process.ppid === parent) return;
      process.stderr.write('loadgen: the parent process is gone (npx got the signal?); stopping the server\n');
      clearInterval(timer);
      resolve();
    }, 500);
    timer.unref();
  });
}
