import { loadMesh, parseYaml, type SourceFile, validateContractYaml } from '@meshwork/core';
import {
  type CompiledRule,
  compileRules,
  DEFAULT_PACK_FILE,
  defaultRulePackYaml,
  evaluateMeshRules,
  type RuleSet,
} from '@meshwork/governance';
import type { Benchmark } from './lib/bench-result.js';
import { medianMs } from './lib/bench-result.js';
import { generateMesh } from './lib/generate-mesh.js';

const DOMAINS = 20;
const PER_DOMAIN = 50;
/** Runs of loadMesh and of YAML parsing (seconds each); the rules are cheaper and get more runs. */
const RUNS = 5;
const RULE_RUNS = 11;
const COMPILE_RUNS = 21;

/** The same rules, counting each rule applied to a node and each CEL program run (`when`, `check`, message). */
function counting(rules: RuleSet): { rules: RuleSet; applied: () => number; programs: () => number } {
  let applied = 0;
  let programs = 0;
  type Program = CompiledRule['check'];
  const counted =
    (program: Program, apply: boolean): Program =>
    (context) => {
      if (apply) applied++;
      programs++;
      return program(context);
    };
  // A rule is applied once per node: its `when` runs first when it has one, else its `check`.
  const wrap = (rule: CompiledRule): CompiledRule => ({
    ...rule,
    when: rule.when && counted(rule.when, true),
    check: counted(rule.check, !rule.when),
    message: rule.message.map((part) => (typeof part === 'string' ? part : counted(part, false))),
  });
  const cache = new Map<string, readonly CompiledRule[]>();
  return {
    rules: {
      ...rules,
      global: rules.global.map(wrap),
      forDomain: (domain) => {
        let list = cache.get(domain);
        if (!list) {
          list = rules.forDomain(domain).map(wrap);
          cache.set(domain, list);
        }
        return list;
      },
    },
    applied: () => applied,
    programs: () => programs,
  };
}

export const benchmark: Benchmark = {
  name: 'governance-rules',
  description: `the default rule pack over ${DOMAINS * PER_DOMAIN} generated products vs loadMesh (schema validation) of the same mesh`,
  async run() {
    const packYaml = defaultRulePackYaml();
    const generated = generateMesh({
      domains: DOMAINS,
      productsPerDomain: PER_DOMAIN,
      tables: [2, 5],
      columns: [10, 20],
      defectRate: 0.01,
      seed: 7,
      ruleFiles: [{ path: `governance/rules/${DEFAULT_PACK_FILE}`, text: packYaml }],
    });
    const { source } = generated;

    const loaded = loadMesh(source);
    const loadErrors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (loadErrors.length > 0)
      throw new Error(`the generated mesh must load cleanly: ${loadErrors.slice(0, 3).map((d) => d.message)}`);
    const { mesh } = loaded;
    if (mesh.products.length !== generated.products) throw new Error('every generated product must load');
    if (mesh.rulePacks.length !== 1) throw new Error('the default pack must load');

    // CEL compile of the pack: the first compile in the process (cel-js environments created) and warm.
    const start = process.hrtime.bigint();
    const compiled = compileRules(mesh.rulePacks);
    const compileColdMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (compiled.diagnostics.length > 0) throw new Error('the default pack must compile');
    const compileMs = await medianMs(COMPILE_RUNS, () => compileRules(mesh.rulePacks));

    // What each pass does: schema validation is loadMesh of the source; the rules run on its result.
    const loadMs = await medianMs(RUNS, () => loadMesh(source));
    let findings = evaluateMeshRules(mesh, compiled);
    const rulesMs = await medianMs(RULE_RUNS, () => {
      findings = evaluateMeshRules(mesh, compiled);
    });
    // Where rule time goes: the same traversal with every CEL program replaced by `true` (nodes only),
    // and with the real programs but every check passing (no findings to locate and render).
    const variant = (map: (rule: CompiledRule) => CompiledRule): RuleSet => {
      const lists = new Map(mesh.domains.map((d) => [d.name, compiled.forDomain(d.name).map(map)]));
      return { ...compiled, forDomain: (d) => lists.get(d) ?? compiled.global.map(map) };
    };
    const nodesOnly = variant((r) => ({ ...r, when: undefined, check: () => true }));
    const passing = variant((r) => ({
      ...r,
      check: (c) => {
        r.check(c);
        return true;
      },
    }));
    const nodesOnlyMs = await medianMs(RULE_RUNS, () => evaluateMeshRules(mesh, nodesOnly));
    const noFindingsMs = await medianMs(RULE_RUNS, () => evaluateMeshRules(mesh, passing));
    // loadMesh split in two: parsing every file (YAML with source positions) and the ODCS schema and
    // reference checks of the parsed contracts alone, the stricter baseline.
    const files = [
      ...source.domains.flatMap((d) => [d.domainFile, ...d.products.flatMap((p) => [p.productFile, ...p.contracts])]),
    ].filter((f): f is SourceFile => f !== undefined && !('code' in f));
    const parseMs = await medianMs(RUNS, () => {
      for (const f of files) parseYaml(f);
    });
    const contracts = mesh.products.flatMap((p) => p.contracts.map((c) => c.yaml));
    const contractChecksMs = await medianMs(RUNS, () => {
      for (const yaml of contracts) validateContractYaml(yaml, { referenceSeverity: 'error' });
    });
    const compileAndRulesMs = await medianMs(RULE_RUNS, () => evaluateMeshRules(mesh, compileRules(mesh.rulePacks)));

    const count = counting(compiled);
    const countedFindings = evaluateMeshRules(mesh, count.rules);
    if (countedFindings.length !== findings.length) throw new Error('counting must not change the findings');
    const failed = findings.filter((d) => d.code === 'rule-evaluation-failed');
    if (failed.length > 0) throw new Error(`rules failed to evaluate: ${failed[0]?.message}`);
    const byRule = new Map<string, number>();
    for (const d of findings) byRule.set(d.code, (byRule.get(d.code) ?? 0) + 1);

    const products = mesh.products.length;
    const ratio = rulesMs / loadMs;
    return {
      name: 'governance-rules',
      figures: {
        products: { value: products, unit: 'products' },
        domains: { value: mesh.domains.length, unit: 'domains' },
        tables: { value: generated.tables, unit: 'tables' },
        columns: { value: generated.columns, unit: 'columns' },
        yaml_size: { value: generated.bytes / 1024 / 1024, unit: 'MiB' },
        rules_in_pack: { value: compiled.global.length, unit: 'rules' },
        rule_evaluations: { value: count.applied(), unit: 'evaluations' },
        cel_program_runs: { value: count.programs(), unit: 'runs' },
        findings: { value: findings.length, unit: 'findings' },
        findings_error: { value: findings.filter((d) => d.severity === 'error').length, unit: 'findings' },
        findings_warning: { value: findings.filter((d) => d.severity === 'warning').length, unit: 'findings' },
        cel_compile_pack_cold: { value: compileColdMs, unit: 'ms' },
        cel_compile_pack: { value: compileMs, unit: 'ms' },
        schema_validation_loadMesh: { value: loadMs, unit: 'ms' },
        yaml_parse_all_files: { value: parseMs, unit: 'ms' },
        contract_schema_checks_on_parsed: { value: contractChecksMs, unit: 'ms' },
        rules_evaluate: { value: rulesMs, unit: 'ms' },
        rules_compile_and_evaluate: { value: compileAndRulesMs, unit: 'ms' },
        rules_nodes_only_without_cel: { value: nodesOnlyMs, unit: 'ms' },
        rules_cel_without_findings: { value: noFindingsMs, unit: 'ms' },
        rules_per_product: { value: (rulesMs / products) * 1000, unit: 'µs' },
        schema_validation_per_product: { value: (loadMs / products) * 1000, unit: 'µs' },
        rule_evaluation_mean: { value: (rulesMs / count.applied()) * 1e6, unit: 'ns' },
      },
      ratios: {
        rules_vs_schema_validation: ratio,
        compile_and_rules_vs_schema_validation: compileAndRulesMs / loadMs,
        rules_vs_contract_schema_checks_on_parsed: rulesMs / contractChecksMs,
      },
      notes: [
        `rules_vs_schema_validation: evaluateMeshRules(mesh, compiled pack) vs loadMesh(source) of the same ${products} products, medians of ${RUNS} (loadMesh) and ${RULE_RUNS} (rules) runs after a warm-up; goal <= 1 (${ratio <= 1 ? 'met' : 'NOT met'})`,
        `loadMesh is mostly YAML parsing with source positions (yaml_parse_all_files); rules_vs_contract_schema_checks_on_parsed compares the rules with validateContractYaml of the already parsed contracts alone (no parsing, no descriptors), the stricter baseline`,
        'rule_evaluations: one rule applied to one node (domain, product, contract, table or column), `when` guard included; cel_program_runs adds every `when`, `check` and message placeholder run',
        'rules_nodes_only_without_cel: the same traversal with every CEL program replaced by `true` (building the nodes rules see); rules_cel_without_findings: real programs, every check passing (no diagnostics located and rendered)',
        `rules_per_product and rules_evaluate include the ${DOMAINS} domain nodes; cel_compile_pack_cold is the first compile in the process (cel-js environments created), cel_compile_pack the median warm compile`,
        `findings by rule: ${[...byRule.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([code, n]) => `${code} ${n}`)
          .join(', ')}`,
        'the mesh comes from bench/lib/generate-mesh.ts (seed 7): 2–5 tables of 10–20 columns per contract, quality checks, latency/availability/retention SLAs; about 1 % of each defect the pack reports',
      ],
    };
  },
};
