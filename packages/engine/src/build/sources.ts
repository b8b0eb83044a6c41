import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Source } from '@meshwork/core';
import { globSync } from 'tinyglobby';
import { quoteLiteral } from '../duckdb/duckdb-dialect.js';
import type { Engine } from '../engine.js';

/** A source input port resolved to files on disk. */
export interface ResolvedSource {
  readonly files: readonly string[];
  /** Size and modification time of each file: cheap to compute, changes whenever the file does. */
  readonly fingerprint: readonly string[];
  /** True when the files were written by the source's generator in this run. */
  readonly generated: boolean;
}

/** Why a source could not be resolved, in words for a diagnostic. */
export class SourceError extends Error {
  override readonly name = 'SourceError';
}

/**
 * Resolves a source's path (a file or glob, relative to the domain folder). When nothing matches and the
 * source names a generator, runs it and writes the file first; the write goes to a temporary file renamed
 * into place, so an interrupted generation never leaves a partial source.
 */
export async function resolveSource(
  domainDir: string,
  source: Source,
  engine: () => Promise<Engine>,
): Promise<ResolvedSource> {
  const pattern = resolve(domainDir, source.path);
  if (!isInside(domainDir, pattern)) throw new SourceError(`source path ${source.path} leaves the domain folder`);
  let files = match(pattern);
  let generated = false;
  if (files.length === 0 && source.generator) {
    if (/[*?[{]/.test(source.path)) {
      throw new SourceError(`source ${source.path} is a glob; a generator can only write a single file path`);
    }
    const generator = resolve(domainDir, source.generator);
    if (!isInside(domainDir, generator) || !existsSync(generator)) {
      throw new SourceError(`generator ${source.generator} does not exist in ${domainDir}`);
    }
    await generate(await engine(), generator, pattern, source.format);
    files = match(pattern);
    generated = true;
  }
  if (files.length === 0) {
    throw new SourceError(
      `no file matches source ${source.path}${source.generator ? '' : '; add the file, or a `generator:` SQL that writes it'}`,
    );
  }
  const fingerprint = files.map((f) => {
    const info = statSync(f);
    return `${relative(domainDir, f)}:${info.size}:${info.mtimeMs}`;
  });
  return { files, fingerprint, generated };
}

/** DuckDB SQL that reads the source's files in its format. */
export function readSourceSql(source: ResolvedSource, format: Source['format']): string {
  const list = `[${source.files.map(quoteLiteral).join(', ')}]`;
  switch (format) {
    case 'csv':
      return `read_csv(${list}, header = true, auto_detect = true)`;
    case 'parquet':
      return `read_parquet(${list})`;
    case 'json':
      return `read_json(${list}, auto_detect = true)`;
  }
}

async function generate(
  engine: Engine,
  generatorFile: string,
  target: string,
  format: Source['format'],
): Promise<void> {
  const sql = readFileSync(generatorFile, 'utf8').trim().replace(/;\s*$/, '');
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.generating`;
  const options = format === 'csv' ? 'FORMAT csv, HEADER true' : format === 'json' ? 'FORMAT json' : 'FORMAT parquet';
  try {
    await engine.run(`COPY (${sql}) TO ${quoteLiteral(temp)} (${options})`);
    renameSync(temp, target);
  } finally {
    rmSync(temp, { force: true });
  }
}

function match(pattern: string): string[] {
  if (!/[*?[{]/.test(pattern)) return existsSync(pattern) ? [pattern] : [];
  return globSync(pattern, { absolute: true, onlyFiles: true }).sort();
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(resolve(dir), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
