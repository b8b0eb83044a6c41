import type { MeshSource } from '@meshwork/core';
import type { UpstreamSource } from '../build/build-product.js';
import type { EngineLimits } from '../engine.js';
import type { RunChecksOptions } from '../quality/run-checks.js';

/** Requests the platform sends to an account-per-domain engine process. Plain, structured-clonable data. */
export type AccountRequest =
  | { readonly id: number; readonly type: 'open'; readonly dataDir: string; readonly domain: string }
  | {
      readonly id: number;
      readonly type: 'build';
      readonly source: MeshSource;
      readonly address: string;
      readonly domainDir: string;
      readonly limits: EngineLimits;
      readonly upstream: readonly (readonly [string, UpstreamSource])[];
      readonly force: boolean;
    }
  | { readonly id: number; readonly type: 'export'; readonly table: string; readonly target: string }
  | {
      readonly id: number;
      readonly type: 'test';
      readonly source: MeshSource;
      readonly address: string;
      readonly limits: EngineLimits;
      readonly options: RunChecksOptions;
    }
  | { readonly id: number; readonly type: 'close' };

/** The answer to a request: its result, or the message of what went wrong. */
export type AccountResponse =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };
