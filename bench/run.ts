import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Benchmark, report } from './lib/bench-result.js';

// `npm run bench [-- NAME]`: runs every bench/*.bench.ts, or those whose name contains NAME.
const filter = process.argv[2];
const files = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
let ran = 0;
for (const file of files) {
  const { benchmark } = (await import(join(import.meta.dirname, file))) as { benchmark: Benchmark };
  if (filter && !benchmark.name.includes(filter)) continue;
  process.stdout.write(`running ${benchmark.name}: ${benchmark.description}\n`);
  report(await benchmark.run());
  ran++;
}
if (ran === 0) {
  process.stderr.write(
    `no benchmark matches "${filter}"; available: ${files.map((f) => f.replace('.bench.ts', '')).join(', ')}\n`,
  );
  process.exitCode = 2;
}
