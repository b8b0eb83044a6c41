import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A measured figure: a value and its unit. */
export interface Figure {
  readonly value: number;
  readonly unit: string;
}

/** What every benchmark writes to bench/results/<name>.json. */
export interface BenchResult {
  readonly name: string;
  readonly figures: Record<string, Figure>;
  /** Each ratio compares with a baseline measured in the same run. */
  readonly ratios: Record<string, number>;
  readonly notes?: readonly string[];
}

/** A benchmark: a name (used to filter with `npm run bench -- NAME`) and a function that measures. */
export interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(): Promise<BenchResult>;
}

const RESULTS = join(import.meta.dirname, '..', 'results');

/** Writes the result file and prints a short table. */
export function report(result: BenchResult): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, `${result.name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const rows = [
    ...Object.entries(result.figures).map(([k, f]) => [k, `${round(f.value)} ${f.unit}`]),
    ...Object.entries(result.ratios).map(([k, r]) => [k, `${round(r)}×`]),
  ];
  const width = Math.max(...rows.map((r) => (r[0] as string).length));
  process.stdout.write(
    `\n${result.name}\n${rows.map(([k, v]) => `  ${(k as string).padEnd(width)}  ${v}`).join('\n')}\n`,
  );
  for (const note of result.notes ?? []) process.stdout.write(`  note: ${note}\n`);
}

function round(n: number): number {
  return n >= 100 ? Math.round(n) : Math.round(n * 1000) / 1000;
}

/** Median wall time in milliseconds of `runs` calls of `fn`, after one warm-up call. */
export async function medianMs(runs: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}
