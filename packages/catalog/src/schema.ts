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
