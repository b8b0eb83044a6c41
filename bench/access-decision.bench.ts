import type { AuthorizationCall } from '@cedar-policy/cedar-wasm/nodejs';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { DEFAULT_TAXONOMY, type IsolationPattern, type PolicyFile } from '@meshwork/core';
import {
  type AccessContext,
  AccessModel,
  type AccessPrincipal,
  type AccessResource,
  CEDAR_SCHEMA,
  DEFAULT_POLICY_FILE,
  defaultPoliciesCedar,
  loadPolicies,
  type ProductAction,
} from '@meshwork/governance';
import type { Benchmark } from './lib/bench-result.js';
import { medianMs } from './lib/bench-result.js';
import { random } from './lib/generate-mesh.js';
import { percentile } from './lib/percentiles.js';

const DOMAINS = 25;
const PERMITS_PER_DOMAIN = 2;
const PRODUCTS_PER_DOMAIN = 20;
const USERS = 200;
const REQUESTS = 2_000;
const WARMUP = 5_000;
const DECISIONS = 50_000;
const STATELESS_WARMUP = 200;
const STATELESS_DECISIONS = 2_000;
const LOAD_RUNS = 11;

interface Request {
  readonly principal: AccessPrincipal;
  readonly action: ProductAction;
  readonly resource: AccessResource;
  readonly context: AccessContext;
}

/** The permits a domain writes for its own products, in three shapes, two per domain. */
function domainPolicies(d: number): string {
  const domain = `d${d}`;
  const own = `resource in Meshwork::Domain::"${domain}"`;
  const templates = [
    `@id("${domain}-analysts-query")
@description("analysts query ${domain}'s active products up to their clearance")
permit (principal, action in [Meshwork::Action::"read", Meshwork::Action::"query"], ${own})
when {
  principal.roles.contains("analyst") &&
  resource.status == "active" &&
  resource.classificationRank <= principal.clearance
};`,
    `@id("${domain}-open-internal")
@description("${domain}'s public and internal products are open to anyone with a purpose")
permit (principal, action == Meshwork::Action::"read", ${own})
when { resource.classificationRank <= 1 && context.purpose != "" };`,
    `@id("${domain}-partner-d${(d + 1) % DOMAINS}")
@description("members of d${(d + 1) % DOMAINS} query ${domain}'s products for reporting")
permit (
  principal in Meshwork::Domain::"d${(d + 1) % DOMAINS}",
  action == Meshwork::Action::"query",
  ${own}
)
when { context.purpose like "*report*" && resource.classificationRank <= 2 };`,
  ];
  return Array.from({ length: PERMITS_PER_DOMAIN }, (_, k) => templates[(d * PERMITS_PER_DOMAIN + k) % 3]).join('\n\n');
}

function policyFiles(): PolicyFile[] {
  return [
    {
      scope: { kind: 'global' },
      file: { path: `governance/policies/${DEFAULT_POLICY_FILE}`, text: defaultPoliciesCedar() },
    },
    ...Array.from(
      { length: DOMAINS },
      (_, d): PolicyFile => ({
        scope: { kind: 'domain', domain: `d${d}` },
        file: { path: `domains/d${d}/policies/access.cedar`, text: domainPolicies(d) },
      }),
    ),
  ];
}

/** A deterministic mix of requests: members and outsiders, every action, with and without purpose or grant. */
function requests(): Request[] {
  const rand = random(11);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const levels = DEFAULT_TAXONOMY.levels.map((l) => l.name);
  const isolation: readonly IsolationPattern[] = ['schema', 'workspace', 'account'];
  const users: AccessPrincipal[] = Array.from({ length: USERS }, (_, u) => ({
    email: `user${u}@mesh.example`,
    domain: rand() < 0.05 ? undefined : `d${Math.floor(rand() * DOMAINS)}`,
    roles: ['member', ...['analyst', 'engineer', 'owner'].filter(() => rand() < 0.3)],
    clearance: pick(levels),
  }));
  const products: AccessResource[] = Array.from({ length: DOMAINS * PRODUCTS_PER_DOMAIN }, (_, i) => {
    const d = Math.floor(i / PRODUCTS_PER_DOMAIN);
    const s = rand();
    return {
      address: `d${d}.product_${i % PRODUCTS_PER_DOMAIN}`,
      domain: `d${d}`,
      status: s < 0.85 ? 'active' : s < 0.9 ? 'deprecated' : s < 0.95 ? 'retired' : 'draft',
      isolation: isolation[d % isolation.length] as IsolationPattern,
      classification: pick(levels),
    };
  });
  const actions: readonly ProductAction[] = [
    ...Array<ProductAction>(8).fill('read'),
    ...Array<ProductAction>(6).fill('query'),
    ...Array<ProductAction>(3).fill('request'),
    ...Array<ProductAction>(2).fill('approve'),
    'publish',
  ];
  const purposes = ['', '', 'quarterly report', 'churn model', 'month-end reporting', 'audit'];
  return Array.from({ length: REQUESTS }, () => {
    const principal = pick(users);
    // Half the requests stay in the principal's own domain, as most traffic does.
    const resource =
      principal.domain && rand() < 0.5
        ? (products.find((p) => p.domain === principal.domain && rand() < 0.1) ?? pick(products))
        : pick(products);
    return {
      principal,
      action: pick(actions),
      resource,
      context: { purpose: pick(purposes), hasGrant: rand() < 0.15 },
    };
  });
}

/** The entities `AccessModel.authorize` hands Cedar, built the same way for the baselines. */
function cedarRequest(request: Request): Omit<AuthorizationCall, 'policies' | 'schema' | 'validateRequest'> {
  const ranks = new Map(DEFAULT_TAXONOMY.levels.map((l, i) => [l.name, i]));
  const approval = new Map(DEFAULT_TAXONOMY.levels.map((l) => [l.name, l.crossDomainNeedsApproval]));
  const rank = (level: string) => ranks.get(level) ?? DEFAULT_TAXONOMY.levels.length;
  const { principal, resource, context } = request;
  const domainUid = (id: string) => ({ type: 'Meshwork::Domain', id });
  const user = { type: 'Meshwork::User', id: principal.email };
  const product = { type: 'Meshwork::Product', id: resource.address };
  return {
    principal: user,
    action: { type: 'Meshwork::Action', id: request.action },
    resource: product,
    context: { purpose: context.purpose ?? '', hasGrant: context.hasGrant ?? false, own: false, unmaskedColumns: 0 },
    entities: [
      {
        uid: user,
        attrs: {
          email: principal.email,
          domain: principal.domain ?? '',
          roles: [...principal.roles],
          clearance: rank(principal.clearance),
        },
        parents: principal.domain ? [domainUid(principal.domain)] : [],
      },
      {
        uid: product,
        attrs: {
          domain: resource.domain,
          status: resource.status,
          isolation: resource.isolation,
          classification: resource.classification,
          classificationRank: rank(resource.classification),
          crossDomainNeedsApproval: approval.get(resource.classification) ?? true,
        },
        parents: [domainUid(resource.domain)],
      },
    ],
  };
}

/** Per-call latencies in µs of `count` calls cycling through `items`, after `warmup` calls. */
function latencies<T>(items: readonly T[], warmup: number, count: number, fn: (item: T) => unknown): number[] {
  for (let i = 0; i < warmup; i++) fn(items[i % items.length] as T);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const item = items[i % items.length] as T;
    const start = process.hrtime.bigint();
    fn(item);
    out[i] = Number(process.hrtime.bigint() - start) / 1e3;
  }
  return out;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export const benchmark: Benchmark = {
  name: 'access-decision',
  description: `AccessModel.authorize() with the guardrails and ${DOMAINS * PERMITS_PER_DOMAIN} domain permits vs stateless cedar isAuthorized`,
  async run() {
    const files = policyFiles();
    const load = loadPolicies(files);
    if (load.diagnostics.length > 0) throw new Error(`policies must load: ${load.diagnostics[0]?.message}`);
    const domainPermits = load.policies.filter((p) => p.owner !== 'global').length;
    if (domainPermits !== DOMAINS * PERMITS_PER_DOMAIN) throw new Error(`expected 50 domain permits, ${domainPermits}`);
    const loadMs = await medianMs(LOAD_RUNS, () => loadPolicies(files));
    const prepareMs = await medianMs(LOAD_RUNS, () => new AccessModel(load.policies, DEFAULT_TAXONOMY));
    const access = new AccessModel(load.policies, DEFAULT_TAXONOMY);

    const mix = requests();
    const calls = mix.map(cedarRequest);
    const staticPolicies = Object.fromEntries(load.policies.map((p) => [p.id, p.text]));

    // Every decision agrees with stateless Cedar, and the mix holds both answers.
    let allowed = 0;
    for (const [i, r] of mix.entries()) {
      const decision = access.authorize(r.principal, r.action, r.resource, r.context);
      if (decision.errors.length > 0) throw new Error(`decision with errors: ${decision.summary}`);
      const answer = cedar.isAuthorized({
        ...(calls[i] as ReturnType<typeof cedarRequest>),
        policies: { staticPolicies },
        schema: CEDAR_SCHEMA,
        validateRequest: true,
      });
      if (answer.type === 'failure') throw new Error(`stateless call failed: ${answer.errors[0]?.message}`);
      if (answer.response.decision !== decision.decision) throw new Error(`decisions differ on request ${i}`);
      if (decision.decision === 'allow') allowed++;
    }
    const allowShare = allowed / mix.length;
    if (allowShare < 0.2 || allowShare > 0.8) throw new Error(`the mix must hold allows and denies: ${allowShare}`);

    const authorize = latencies(mix, WARMUP, DECISIONS, (r) =>
      access.authorize(r.principal, r.action, r.resource, r.context),
    );
    let start = process.hrtime.bigint();
    for (let i = 0; i < DECISIONS; i++) {
      const r = mix[i % mix.length] as Request;
      access.authorize(r.principal, r.action, r.resource, r.context);
    }
    const throughputMs = Number(process.hrtime.bigint() - start) / 1e6;

    // Baselines on the same requests: Cedar's stateful call without the wrapper, and the stateless call
    // that parses the policies and schema every time.
    const setId = 'bench-access-decision';
    if (cedar.preparsePolicySet(setId, { staticPolicies }).type === 'failure') throw new Error('preparse failed');
    if (cedar.preparseSchema('bench-access-decision', CEDAR_SCHEMA).type === 'failure') throw new Error('schema');
    const raw = latencies(calls, WARMUP, DECISIONS, (c) =>
      cedar.statefulIsAuthorized({
        ...c,
        preparsedPolicySetId: setId,
        preparsedSchemaName: 'bench-access-decision',
        validateRequest: true,
      }),
    );
    const stateless = latencies(calls, STATELESS_WARMUP, STATELESS_DECISIONS, (c) =>
      cedar.isAuthorized({ ...c, policies: { staticPolicies }, schema: CEDAR_SCHEMA, validateRequest: true }),
    );
    start = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) process.hrtime.bigint();
    const timerNs = Number(process.hrtime.bigint() - start) / 1000;

    const p = (values: readonly number[], q: number) => percentile(values, q);
    return {
      name: 'access-decision',
      figures: {
        policies: { value: load.policies.length, unit: 'policies' },
        guardrail_policies: { value: load.policies.length - domainPermits, unit: 'policies' },
        domain_permits: { value: domainPermits, unit: 'policies' },
        distinct_requests: { value: mix.length, unit: 'requests' },
        allow_share: { value: allowShare * 100, unit: '%' },
        decisions_measured: { value: DECISIONS, unit: 'decisions' },
        load_policies: { value: loadMs, unit: 'ms' },
        prepare_access_policies: { value: prepareMs, unit: 'ms' },
        authorize_p50: { value: p(authorize, 50), unit: 'µs' },
        authorize_p99: { value: p(authorize, 99), unit: 'µs' },
        authorize_mean: { value: mean(authorize), unit: 'µs' },
        decisions_per_second: { value: DECISIONS / (throughputMs / 1000), unit: 'decisions/s' },
        raw_stateful_p50: { value: p(raw, 50), unit: 'µs' },
        raw_stateful_mean: { value: mean(raw), unit: 'µs' },
        stateless_p50: { value: p(stateless, 50), unit: 'µs' },
        stateless_p99: { value: p(stateless, 99), unit: 'µs' },
        stateless_mean: { value: mean(stateless), unit: 'µs' },
        timer_overhead: { value: timerNs, unit: 'ns' },
      },
      ratios: {
        stateful_vs_stateless_mean: mean(authorize) / mean(stateless),
        stateful_vs_stateless_p50: p(authorize, 50) / p(stateless, 50),
        authorize_vs_raw_stateful_p50: p(authorize, 50) / p(raw, 50),
      },
      notes: [
        `stateful_vs_stateless: AccessModel.authorize() (policies and schema preparsed once) vs cedar isAuthorized() with the same ${load.policies.length} policies, schema and entities, which parses both on every call`,
        `authorize figures: ${DECISIONS} timed decisions after ${WARMUP} warm-up ones, cycling through ${mix.length} requests (${(allowShare * 100).toFixed(1)} % allow); decisions_per_second from an untimed loop of ${DECISIONS}; stateless over ${STATELESS_DECISIONS} after ${STATELESS_WARMUP}`,
        'authorize_vs_raw_stateful: the wrapper (entities, reasons and summary) over a bare statefulIsAuthorized call on the same preparsed set',
        'load_policies: loadPolicies() of the guardrails and 25 domain files (parse, strict schema validation, scope check); prepare_access_policies: new AccessModel() (preparse into the Cedar engine)',
        'every decision of the mix was checked against stateless Cedar before timing',
      ],
    };
  },
};
