import { sql } from 'kysely';

type Json = Record<string, unknown>;

/** What search indexes of a product version, by weight: A names, B tags and purpose, C columns, D docs. */
export interface SearchDocument {
  readonly a: string;
  readonly b: string;
  readonly c: string;
  readonly d: string;
  readonly tags: string[];
  readonly classifications: string[];
  readonly owner: string;
}

/** Extracts the searchable text of a version from its descriptor, contracts and docs. */
export function searchDocument(
  address: string,
  descriptor: unknown,
  contracts: unknown,
  docs: string | null,
): SearchDocument {
  const d = (descriptor ?? {}) as Json;
  const description = (d.description ?? {}) as Json;
  const columns: string[] = [];
  const classifications = new Set<string>();
  const walk = (properties: unknown) => {
    for (const p of Array.isArray(properties) ? (properties as Json[]) : []) {
      columns.push(String(p.name ?? ''), String(p.description ?? ''), String(p.businessName ?? ''));
      if (typeof p.classification === 'string') classifications.add(p.classification);
      walk(p.properties);
    }
  };
  for (const contract of Array.isArray(contracts) ? (contracts as Json[]) : []) {
    for (const object of Array.isArray(contract.schema) ? (contract.schema as Json[]) : []) {
      columns.push(String(object.name ?? ''), String(object.description ?? ''));
      walk(object.properties);
    }
  }
  const tags = Array.isArray(d.tags) ? d.tags.map(String) : [];
  return {
    a: `${address} ${address.replace('.', ' ').replaceAll('_', ' ')} ${String(d.name ?? '')}`,
    b: `${tags.join(' ')} ${String(description.purpose ?? '')} ${String(description.usage ?? '')} ${String(d.owner ?? '')}`,
    c: columns.join(' ').replaceAll('_', ' '),
    d: docs ?? '',
    tags,
    classifications: [...classifications].sort(),
    owner: String(d.owner ?? ''),
  };
}

/** The weighted tsvector of a search document (English stemming, so "customers" finds "customer"). */
export function toVector(doc: SearchDocument) {
  return sql<string>`setweight(to_tsvector('english', ${doc.a}), 'A') || setweight(to_tsvector('english', ${doc.b}), 'B') || setweight(to_tsvector('english', ${doc.c}), 'C') || setweight(to_tsvector('english', ${doc.d}), 'D')`;
}

/**
 * A prefix query for search-as-you-type from free text: words of letters and digits only (everything
 * else is dropped, so user text never reaches tsquery syntax), each matched as a prefix, all required.
 */
export function prefixQuery(text: string): string | undefined {
  const words =
    text
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 10) ?? [];
  return words.length === 0 ? undefined : words.map((w) => `${w}:*`).join(' & ');
}
