/** Shapes of the API answers the UI reads (see docs/api.md). */

export interface Me {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: 'admin' | 'governance' | 'owner' | 'member' | 'consumer';
  readonly domain: string | null;
  readonly clearance: string;
  /** What the mesh's access model lets the user do: the UI shows only what would not be refused. */
  readonly can: {
    readonly viewAllAccess: boolean;
    readonly viewDomainAccess: boolean;
    readonly decideRequests: boolean;
    readonly viewFindings: boolean;
    readonly viewChargeback: boolean;
    readonly viewAudit: boolean;
  };
}

export interface DevUser {
  readonly label: string;
  readonly email: string;
  readonly role: string;
  readonly domain: string | null;
  readonly token: string;
}

export interface Product {
  readonly address: string;
  readonly domain: string;
  readonly name: string;
  readonly description: string;
  readonly status: string;
  readonly latestVersion: string | null;
  readonly updatedAt: string;
}

export interface DomainSpec {
  readonly name?: string;
  readonly description?: string;
  readonly capability?: string;
  readonly isolation?: string;
  readonly team?: {
    readonly name?: string;
    readonly members?: readonly { name: string; email: string; role: string }[];
  };
  readonly onCall?: { readonly name?: string; readonly email?: string; readonly channel?: string };
}

export interface Domain {
  readonly name: string;
  readonly products: number;
  readonly spec: DomainSpec | null;
}

export type SlaState = 'met' | 'at_risk' | 'breached' | 'unknown';

export interface Sla {
  readonly status: SlaState;
  readonly changedAt: string | null;
  readonly checkedAt: string | null;
  readonly details: Record<string, unknown>;
}

export interface ScorePoint {
  readonly dimension: string;
  readonly id: string;
  readonly description: string;
  readonly earned: boolean | null;
  readonly fix: string;
}

export interface Dimensions {
  readonly discoverable: number;
  readonly addressable: number;
  readonly trustworthy: number;
  readonly selfDescribing: number;
  readonly interoperable: number;
  readonly secure: number;
}

export interface ProductScore {
  readonly address: string;
  readonly score: number;
  readonly dimensions: Dimensions;
  readonly points: readonly ScorePoint[];
  readonly missing: readonly ScorePoint[];
}

export interface MeshScore {
  readonly products: readonly ProductScore[];
  readonly average: { readonly score: number; readonly dimensions: Dimensions };
}

export interface SearchResult {
  readonly total: number;
  readonly items: readonly (Pick<Product, 'address' | 'name' | 'description' | 'domain' | 'status'> & {
    readonly tags: readonly string[];
    readonly rank: number;
  })[];
  readonly facets: Record<'domain' | 'tag' | 'status' | 'classification', Record<string, number>>;
}

export interface ContractProperty {
  readonly name: string;
  readonly logicalType?: string;
  readonly physicalType?: string;
  readonly description?: string;
  readonly classification?: string;
  readonly required?: boolean;
  readonly primaryKey?: boolean;
}

export interface Contract {
  readonly id?: string;
  readonly name?: string;
  readonly version?: string;
  readonly tags?: readonly string[];
  readonly description?: { readonly purpose?: string; readonly limitations?: string; readonly usage?: string };
  readonly schema?: readonly {
    readonly name: string;
    readonly physicalName?: string;
    readonly description?: string;
    readonly properties?: readonly ContractProperty[];
  }[];
}

export interface ProductContent {
  readonly version: string;
  readonly descriptor: {
    readonly name?: string;
    readonly description?: { readonly purpose?: string; readonly limitations?: string; readonly usage?: string };
  };
  readonly contracts: readonly Contract[];
  readonly docs: string | null;
}

export interface CheckRun {
  readonly id: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly trigger: string;
  readonly rows: number | null;
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
}

export interface Version {
  readonly version: string;
  readonly publishedBy: string;
  readonly publishedAt: string;
  readonly findings: readonly { code: string; severity: string; message: string }[];
}

/** One classified contract change (docs/breaking-changes.md). */
export interface ContractChange {
  readonly code: string;
  readonly severity: 'breaking' | 'warning' | 'info';
  readonly location: string;
  readonly message: string;
}

/** A version's changelog against the version before it (`previous` null for the first). */
export interface VersionChanges {
  readonly address: string;
  readonly version: string;
  readonly previous: string | null;
  readonly changes: readonly ContractChange[];
}

export interface AccessRequest {
  readonly id: string;
  readonly product: string;
  readonly requesterEmail: string;
  readonly requesterDomain: string | null;
  readonly columns: readonly string[];
  readonly purpose: string;
  readonly expiresAt: string;
  readonly status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  readonly createdAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly decisionNote: string | null;
}

export interface Grant {
  readonly id: string;
  readonly product: string;
  readonly granteeEmail: string;
  readonly columns: readonly string[];
  readonly purpose: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  readonly active: boolean;
}

export interface QueryAnswer {
  readonly columns: readonly { readonly name: string; readonly type: string; readonly masked: boolean }[];
  readonly rows: readonly (readonly unknown[])[];
  readonly truncated: boolean;
  readonly stats: { readonly rows: number; readonly durationMs: number; readonly products: readonly string[] };
}

export interface GraphNode {
  readonly address: string;
  readonly domain: string;
  readonly name: string;
  readonly status: string;
}

export interface MeshGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly { readonly from: string; readonly to: string; readonly port: string }[];
}

export interface RuleInForce {
  readonly id: string;
  readonly description: string;
  readonly target: string;
  readonly severity: string;
  readonly owner: string;
  readonly file: string;
  readonly line: number;
  readonly tightened: boolean;
}

export interface PolicyInForce {
  readonly id: string;
  readonly effect: 'permit' | 'forbid';
  readonly owner: string;
  readonly description: string | null;
  readonly file: string;
  readonly line: number;
}

export interface GovernanceView {
  readonly global: readonly RuleInForce[];
  readonly domains: readonly { readonly domain: string; readonly rules: readonly RuleInForce[] }[];
  readonly policies: readonly PolicyInForce[];
}

export interface RuleFinding {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly subject: string;
  readonly file: string;
  readonly line: number;
  readonly hint: string | null;
}

export interface DoctorFinding {
  readonly id: string;
  readonly severity: string;
  readonly antiPattern: string;
  readonly subject: string;
  readonly message: string;
  readonly fix: string;
  readonly file?: string;
  readonly line?: number;
}

export interface GovernanceFindings {
  readonly rules: {
    readonly total: number;
    readonly byDomain: readonly {
      readonly domain: string;
      readonly errors: number;
      readonly warnings: number;
      readonly findings: readonly RuleFinding[];
    }[];
    readonly byRule: readonly {
      readonly rule: string;
      readonly severity: string;
      readonly count: number;
      readonly domains: readonly string[];
    }[];
  };
  readonly doctor: { readonly ok: boolean; readonly findings: readonly DoctorFinding[] };
  readonly coverage: readonly {
    readonly domain: string;
    readonly columns: number;
    readonly classified: number;
    readonly percent: number | null;
    readonly products: number;
    readonly meetingStandard: number;
  }[];
}

export type Pattern = 'schema' | 'workspace' | 'account';

export interface Advice {
  readonly domains: readonly {
    readonly domain: string;
    readonly engineers: number;
    readonly compliance: readonly string[];
    readonly recommended: Pattern;
    readonly current?: Pattern;
    readonly reasons: readonly { readonly rule: string; readonly citation: string; readonly detail: string }[];
    readonly upgradePath: readonly {
      readonly from: Pattern;
      readonly to: Pattern;
      readonly command: string;
      readonly now: boolean;
      readonly when: string;
    }[];
    readonly warnings: readonly { readonly rule: string; readonly citation: string; readonly message: string }[];
  }[];
  readonly warnings: readonly { readonly rule: string; readonly citation: string; readonly message: string }[];
}

export interface Chargeback {
  readonly period: string;
  readonly currency: string;
  readonly prices: { readonly perTBScanned: number; readonly perCpuHour: number; readonly perGBMonthStored: number };
  readonly domains: readonly {
    readonly domain: string;
    readonly consumed: {
      readonly queries: number;
      readonly tbScanned: number;
      readonly cpuHours: number;
      readonly cost: number;
    };
    readonly stored: { readonly gbMonths: number; readonly cost: number };
    readonly total: number;
  }[];
  readonly topQueries: readonly {
    readonly user: string;
    readonly domain: string;
    readonly products: readonly string[];
    readonly bytesScanned: number;
    readonly cpuMs: number;
    readonly durationMs: number;
    readonly at: string;
    readonly sql: string | null;
  }[];
  readonly generatedAt: string;
  readonly note?: string;
}
