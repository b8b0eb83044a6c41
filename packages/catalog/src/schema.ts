import type { ColumnType, Generated, Selectable } from 'kysely';

/** Timestamps are written by the database (`now()`) and read back as Date objects. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** The catalog's tables, as Kysely sees them. Column names are snake_case, as in SQL. */
export interface CatalogDatabase {
  domains: {
    name: string;
    description: string;
    isolation: string;
    spec: unknown;
    updated_at: Timestamp;
  };
  users: {
    id: string;
    name: string;
    email: string;
    role: string;
    domain: string | null;
    /** The most sensitive classification level the user sees unmasked. */
    clearance: Generated<string>;
    created_at: Timestamp;
    deleted_at: Date | null;
  };
  tokens: {
    id: string;
    user_id: string;
    hash: string;
    label: string;
    created_at: Timestamp;
    expires_at: Date | null;
    revoked_at: Date | null;
  };
  products: {
    address: string;
    domain: string;
    name: string;
    description: string;
    status: string;
    latest_version: string | null;
    row_version: Generated<number>;
    updated_at: Timestamp;
    document: Generated<string>;
    tags: Generated<unknown>;
    classifications: Generated<unknown>;
    owner: Generated<string>;
  };
  product_versions: {
    address: string;
    version: string;
    content_hash: string;
    descriptor: unknown;
    contracts: unknown;
    docs: string | null;
    published_by: string;
    published_at: Timestamp;
    findings: Generated<unknown>;
  };
  build_runs: {
    id: Generated<string>;
    address: string;
    version: string;
    built_at: Date | string;
    duration_ms: number;
    rows: string | number;
    bytes: string | number;
    content_hash: string;
    input_hash: string;
    inputs: unknown;
  };
  check_runs: {
    id: Generated<string>;
    address: string;
    started_at: Date | string;
    finished_at: Date | string;
    trigger: string;
    rows: string | number | null;
    passed: number;
    failed: number;
    errors: number;
    results: unknown;
  };
  sla_status: {
    address: string;
    status: string;
    changed_at: Date | string;
    checked_at: Date | string;
    details: unknown;
  };
  access_requests: {
    id: string;
    product: string;
    requester_id: string;
    requester_email: string;
    requester_domain: string | null;
    consumer_product: string | null;
    columns: unknown;
    purpose: string;
    expires_at: Date | string;
    status: string;
    created_at: Timestamp;
    decided_by: string | null;
    decided_at: Date | string | null;
    decision_note: string | null;
  };
  grants: {
    id: string;
    request_id: string;
    product: string;
    grantee_email: string;
    grantee_domain: string | null;
    columns: unknown;
    purpose: string;
    created_at: Timestamp;
    expires_at: Date | string;
    revoked_at: Date | string | null;
    revoked_by: string | null;
  };
  declassification_approvals: {
    id: string;
    product: string;
    version: string | null;
    content_hash: string | null;
    columns: unknown;
    reason: string;
    approved_by: string;
    approved_at: Timestamp;
    revoked_at: Date | string | null;
    revoked_by: string | null;
    used_at: Date | string | null;
    used_by: string | null;
    used_version: string | null;
  };
  query_log: {
    id: Generated<string>;
    at: Date | string;
    user_email: string;
    user_domain: string | null;
    kind: string;
    products: unknown;
    status: string;
    rows: number | string;
    bytes_scanned: number | string;
    cpu_ms: number;
    duration_ms: number;
    sql: string | null;
  };
  storage_samples: {
    day: string | Date;
    domain: string;
    bytes: number | string;
  };
  lineage_jobs: {
    id: Generated<string>;
    namespace: string;
    name: string;
    facets: unknown;
    updated_at: Date | string;
  };
  lineage_datasets: {
    id: Generated<string>;
    namespace: string;
    name: string;
    product: string | null;
    schema_fields: unknown;
    facets: unknown;
    updated_at: Date | string;
  };
  lineage_runs: {
    run_id: string;
    job_id: string;
    state: string;
    started_at: Date | string | null;
    ended_at: Date | string | null;
    facets: unknown;
    updated_at: Date | string;
  };
  lineage_job_io: { job_id: string; dataset_id: string; direction: string };
  lineage_run_io: { run_id: string; dataset_id: string; direction: string; facets: unknown };
  lineage_column_edges: {
    output_dataset_id: string;
    output_field: string;
    input_dataset_id: string;
    input_field: string;
    transformations: unknown;
  };
  lineage_events: {
    id: Generated<string>;
    received_at: Timestamp;
    received_by: string;
    kind: string;
    event_time: Date | string;
    run_id: string | null;
    event: unknown;
    warnings: unknown;
  };
  events: {
    seq: Generated<string>;
    id: string;
    type: string;
    source: string;
    subject: string | null;
    time: Date | string;
    domain: string | null;
    actor: string | null;
    data: unknown;
  };
  webhooks: {
    id: string;
    seq: Generated<string>;
    url: string;
    types: unknown;
    secret: string;
    created_by: string;
    created_at: Timestamp;
  };
  webhook_deliveries: {
    id: Generated<string>;
    webhook_id: string;
    event_seq: string;
    status: string;
    attempts: number;
    last_status: number | null;
    last_error: string | null;
    updated_at: Timestamp;
  };
  audit_log: {
    id: Generated<string>;
    at: Timestamp;
    actor: string;
    action: string;
    target: string;
    outcome: string;
    request_id: string | null;
    details: unknown;
  };
}

/** A products row as read. */
export type ProductRecord = Selectable<CatalogDatabase['products']>;
