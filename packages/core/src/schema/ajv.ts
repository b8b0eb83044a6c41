import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats ships CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2019) => Ajv2019;

/**
 * One ajv instance for draft 2019-09 schemas (ODCS uses `unevaluatedProperties`). `strict: false` because
 * the official ODCS schema does not compile in strict mode; `allErrors` so one run reports every problem;
 * `verbose` so each error carries the schema it failed, used for "did you mean" hints.
 */
export function createAjv(): Ajv2019 {
  const ajv = new Ajv2019({ strict: false, allErrors: true, verbose: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}
