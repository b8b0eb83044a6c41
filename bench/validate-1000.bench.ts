import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseYaml, validateContract, validateContractYaml, type YamlFile } from '@meshwork/core';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import { stringify } from 'yaml';
import type { Benchmark } from './lib/bench-result.js';
import { medianMs } from './lib/bench-result.js';

const COUNT = 1000;
const RUNS = 5;

/** Deterministic pseudo-random numbers (mulberry32), so every run validates the same contracts. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['string', 'integer', 'number', 'timestamp', 'date', 'boolean'];

/** A contract of 1–10 objects with 3–30 properties each, some with quality rules and an SLA. */
function generateContract(i: number, rand: () => number): string {
  const objects = Array.from({ length: 1 + Math.floor(rand() * 10) }, (_, o) => ({
    name: `table_${o}`,
    physicalType: 'table',
    description: `Table ${o} of contract ${i}.`,
    properties: Array.from({ length: 3 + Math.floor(rand() * 28) }, (_, p) => ({
      name: `column_${p}`,
      logicalType: TYPES[Math.floor(rand() * TYPES.length)],
      description: `Column ${p}.`,
      required: rand() < 0.5,
      ...(rand() < 0.2 ? { classification: 'pii' } : {}),
      ...(rand() < 0.3 ? { quality: [{ metric: 'nullValues', mustBe: 0, dimension: 'completeness' }] } : {}),
    })),
    quality: [{ metric: 'rowCount', mustBeGreaterThan: 0 }],
  }));
  return stringify({
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: `urn:bench:${i}`,
    name: `Contract ${i}`,
    version: '1.0.0',
    status: 'active',
    description: { purpose: `Benchmark contract ${i}.` },
    schema: objects,
    slaProperties: [
      { property: 'latency', value: 1, unit: 'd', element: 'table_0.column_0' },
      { property: 'availability', value: 99.9, unit: 'percent' },
    ],
    support: [{ channel: '#data', tool: 'slack' }],
  });
}

export const benchmark: Benchmark = {
  name: 'validate-1000',
  description: `validate ${COUNT} generated contracts through @meshwork/core vs raw ajv on the same parsed objects`,
  async run() {
    const rand = random(42);
    const texts = Array.from({ length: COUNT }, (_, i) => generateContract(i, rand));
    const files = texts.map((text, i) => ({ path: `c${i}.odcs.yaml`, text }));
    const parsed = files.map((f) => parseYaml(f).yaml as YamlFile);
    const objects = parsed.map((y) => y.value);

    const addFormats = addFormatsModule as unknown as (ajv: Ajv2019) => Ajv2019;
    const schemaPath = join(
      createRequire(import.meta.url).resolve('@meshwork/core'),
      '../../schemas/odcs-json-schema-v3.1.0.json',
    );
    const rawValidate = addFormats(new Ajv2019({ strict: false, allErrors: true })).compile(
      JSON.parse(readFileSync(schemaPath, 'utf8')),
    );

    let invalid = 0;
    const rawMs = await medianMs(RUNS, () => {
      for (const o of objects) if (!rawValidate(o)) invalid++;
    });
    const parsedMs = await medianMs(RUNS, () => {
      for (const y of parsed) validateContractYaml(y);
    });
    const fullMs = await medianMs(RUNS, () => {
      for (const f of files) validateContract(f);
    });
    const sample = validateContract(files[0] as { path: string; text: string });
    if (invalid > 0 || sample.diagnostics.length > 0) throw new Error('generated contracts must be valid');
    const bytes = texts.reduce((n, t) => n + t.length, 0);
    return {
      name: 'validate-1000',
      figures: {
        contracts: { value: COUNT, unit: 'contracts' },
        yaml_size: { value: bytes / 1024 / 1024, unit: 'MiB' },
        raw_ajv: { value: rawMs, unit: 'ms' },
        core_validate_parsed: { value: parsedMs, unit: 'ms' },
        core_validate_from_text: { value: fullMs, unit: 'ms' },
        core_per_contract_from_text: { value: (fullMs / COUNT) * 1000, unit: 'µs' },
      },
      ratios: {
        validate_vs_raw_ajv: parsedMs / rawMs,
        validate_from_text_vs_raw_ajv: fullMs / rawMs,
      },
      notes: [
        'validate_vs_raw_ajv: the same parsed documents through @meshwork/core (schema + reference checks) vs ajv alone; goal <= 2',
        'validate_from_text_vs_raw_ajv adds YAML parsing with source positions, which raw ajv does not do',
      ],
    };
  },
};
