import type { EngineLimits as EngineLimitsSpec } from '@meshwork/core';
import type { EngineLimits } from './engine.js';

const UNITS: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KIB: 1024,
  MIB: 1024 ** 2,
  GIB: 1024 ** 3,
  TIB: 1024 ** 4,
};

/** Limits when neither the mesh nor the domain says otherwise. */
export const DEFAULT_LIMITS: EngineLimits = { memoryBytes: 1e9, threads: 2, queryTimeoutMs: 300_000 };

/** Parses `2GB`, `512MiB`; the format is already checked by the domain schema. */
export function parseBytes(text: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]+)$/.exec(text.trim());
  const unit = UNITS[(match?.[2] ?? '').toUpperCase()];
  if (!match || unit === undefined) throw new Error(`not a size: ${text}`);
  return Math.round(Number(match[1]) * unit);
}

/** Parses `500ms`, `30s`, `5m`, `1h` into milliseconds. */
export function parseDuration(text: string): number {
  const match = /^([0-9]+)(ms|s|m|h)$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: ${text}`);
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * factor;
}

/** The limits of a domain: its own `engine:` block over the mesh defaults over Meshwork's defaults. */
export function resolveLimits(...layers: (EngineLimitsSpec | undefined)[]): EngineLimits {
  let limits = DEFAULT_LIMITS;
  for (const layer of layers) {
    if (!layer) continue;
    limits = {
      memoryBytes: layer.memoryLimit ? parseBytes(layer.memoryLimit) : limits.memoryBytes,
      threads: layer.threads ?? limits.threads,
      queryTimeoutMs: layer.queryTimeout ? parseDuration(layer.queryTimeout) : limits.queryTimeoutMs,
    };
  }
  return limits;
}
