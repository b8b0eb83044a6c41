/**
 * Resolves with the first SIGTERM or SIGINT. The handlers stay installed, so a second signal does not end
 * the process by Node's default (skipping the cleanup) but calls `onAgain`, which should end it at once.
 *
 * @example const signal = await nextSignal(() => process.exit(1));
 */
export function nextSignal(onAgain: () => void): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const handler = (signal: NodeJS.Signals) => {
      if (received) return onAgain();
      received = true;
      resolve(signal);
    };
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
  });
}

/**
 * Runs `close` for at most `ms`: `'closed'` when it finished in time, `'timeout'` when the time ran out
 * first (it is left running), or the error it failed with. Never throws.
 *
 * @example if ((await within(4000, () => app.close())) !== 'closed') process.exitCode = 1;
 */
export async function within(ms: number, close: () => Promise<void>): Promise<'closed' | 'timeout' | Error> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  const closing = close().then(
    () => 'closed' as const,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  try {
    return await Promise.race([closing, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
