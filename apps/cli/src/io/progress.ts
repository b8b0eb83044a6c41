/** A progress line on stderr, drawn only on a TTY; silent when piped or with --json. */
export interface Progress {
  tick(label?: string): void;
  done(): void;
}

/**
 * Creates a progress reporter for `total` steps. It draws at most every 100 ms and erases itself when done,
 * so output that follows is not interleaved with it.
 */
export function createProgress(title: string, total: number, enabled: boolean): Progress {
  const stream = process.stderr;
  if (!enabled || !stream.isTTY) return { tick() {}, done() {} };
  let count = 0;
  let last = 0;
  const draw = (label: string) => {
    const width = 24;
    const filled = total > 0 ? Math.round((count / total) * width) : 0;
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    stream.write(`\r\x1b[2K${title} ${bar} ${count}/${total} ${label}`.slice(0, (stream.columns ?? 80) + 8));
  };
  return {
    tick(label = '') {
      count++;
      const now = Date.now();
      if (now - last >= 100 || count === total) {
        last = now;
        draw(label);
      }
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}
