/**
 * until resolves once cond holds, checked every 10 ms: tests wait on an event (the server saw a
 * request, a process printed a line), never on a delay that assumes how fast start-up is.
 */
export async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
}

/** lineIn resolves when a stream (a child's stdout or stderr) has printed text matching re. */
export function lineIn(stream: NodeJS.ReadableStream, re: RegExp): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    const onData = (d: Buffer | string): void => {
      seen += String(d);
      if (!re.test(seen)) return;
      stream.off('data', onData);
      resolve();
    };
    stream.on('data', onData);
  });
}
