import { readFileSync } from 'node:fs';

/** File name the default pack is written under by `meshwork init`: `governance/rules/<name>`. */
export const DEFAULT_PACK_FILE = 'minimum-standard.yaml';

/**
 * The text of the default global rule pack: the minimum viable data product standard plus naming, PII
 * classification and lineage. Shipped as YAML (packs/minimum-standard.yaml) so that it reads as what
 * `meshwork init` writes; the same file backs the tests of every rule.
 */
export function defaultRulePackYaml(): string {
  return readFileSync(new URL(`../../packs/${DEFAULT_PACK_FILE}`, import.meta.url), 'utf8');
}

/** File name the default guardrails are written under by `meshwork init`: `governance/policies/<name>`. */
export const DEFAULT_POLICY_FILE = 'guardrails.cedar';

/** The text of the default global Cedar policies: baseline permits and the guardrails every domain lives under. */
export function defaultPoliciesCedar(): string {
  return readFileSync(new URL(`../../packs/${DEFAULT_POLICY_FILE}`, import.meta.url), 'utf8');
}
