type Json = Record<string, unknown>;

/** A column of a contract table, with its classification level (null: unclassified). */
export interface ContractColumn {
  readonly name: string;
  readonly logicalType: string | null;
  readonly physicalType: string | null;
  readonly description: string | null;
  readonly classification: string | null;
  readonly required: boolean;
}

/** A table of a contract. */
export interface ContractTable {
  readonly contract: string;
  readonly name: string;
  readonly description: string | null;
  readonly columns: ContractColumn[];
}

/**
 * The ODCS v3.2 `context` block of a contract or of one of its tables: guidance for AI tools. A string is
 * the shorthand for instructions only.
 */
export interface ContractContext {
  /** `contract` for the contract's own block, else the table's name. */
  readonly scope: string;
  readonly instructions: string | null;
  readonly verifiedStatements: { readonly id?: string; readonly question: string; readonly answer?: string }[];
  readonly constraints: { readonly id?: string; readonly constraint: string }[];
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const list = (value: unknown): Json[] =>
  Array.isArray(value) ? value.filter((v): v is Json => typeof v === 'object' && v !== null) : [];

/** The tables and top-level columns of a product's contracts. */
export function tablesOf(contracts: readonly Json[]): ContractTable[] {
  return contracts.flatMap((contract) =>
    list(contract.schema).map((table) => ({
      contract: text(contract.id) ?? text(contract.name) ?? '(contract)',
      name: text(table.name) ?? '(table)',
      description: text(table.description),
      columns: list(table.properties).map((p) => ({
        name: text(p.name) ?? '(column)',
        logicalType: text(p.logicalType),
        physicalType: text(p.physicalType),
        description: text(p.description),
        classification: text(p.classification),
        required: p.required === true,
      })),
    })),
  );
}

/** The `context` blocks of a product's contracts (ODCS v3.2), the contract's own first, then its tables'. */
export function contextsOf(contracts: readonly Json[]): ContractContext[] {
  const out: ContractContext[] = [];
  const add = (scope: string, block: unknown) => {
    if (typeof block === 'string') {
      out.push({ scope, instructions: block, verifiedStatements: [], constraints: [] });
      return;
    }
    if (typeof block !== 'object' || block === null) return;
    const b = block as Json;
    out.push({
      scope,
      instructions: text(b.instructions),
      verifiedStatements: list(b.verifiedStatements).flatMap((s) => {
        const question = text(s.question);
        if (!question) return [];
        const id = text(s.id);
        const answer = text(s.answer);
        return [{ question, ...(id ? { id } : {}), ...(answer ? { answer } : {}) }];
      }),
      constraints: list(b.constraints).flatMap((c) => {
        const constraint = text(c.constraint);
        const id = text(c.id);
        return constraint ? [{ constraint, ...(id ? { id } : {}) }] : [];
      }),
    });
  };
  for (const contract of contracts) {
    add('contract', contract.context);
    for (const table of list(contract.schema)) add(text(table.name) ?? '(table)', table.context);
  }
  return out;
}
