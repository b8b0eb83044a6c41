import type { ClassificationLevel, ClassificationTaxonomy } from '@meshwork/core';

/**
 * The ranking of a taxonomy's classification levels (least sensitive = 0) and what a clearance clears.
 * The one place clearance arithmetic lives: Cedar sees the same ranks (`principal.clearance`,
 * `resource.classificationRank`), and the masking of columns is decided from them.
 *
 * An unknown level ranks above every level (nobody is cleared for it); an unknown clearance ranks below
 * every level (it clears nothing). Both fail closed.
 *
 * @example
 * const scale = new ClearanceScale(DEFAULT_TAXONOMY);
 * scale.clears('confidential', 'internal'); // true
 * scale.clears('internal', 'pii');          // false
 */
export class ClearanceScale {
  private readonly ranks: Map<string, number>;

  constructor(readonly taxonomy: ClassificationTaxonomy) {
    this.ranks = new Map(taxonomy.levels.map((l, i) => [l.name, i]));
  }

  /** The rank of a classification level; unknown levels rank above every level. */
  rank(level: string): number {
    return this.ranks.get(level) ?? this.taxonomy.levels.length;
  }

  /** The rank of a clearance; an unknown clearance ranks below every level. */
  clearanceRank(clearance: string): number {
    return this.ranks.get(clearance) ?? -1;
  }

  /** Whether `clearance` sees data classified `level` unmasked; unclassified data (null) is cleared for all. */
  clears(clearance: string, level: string | null): boolean {
    return level === null || this.rank(level) <= this.clearanceRank(clearance);
  }

  /** The most sensitive of `levels` (nulls ignored), or the least sensitive level of the taxonomy when none. */
  mostSensitive(levels: Iterable<string | null>): string {
    let most = this.taxonomy.levels[0]?.name ?? 'public';
    for (const level of levels) if (level !== null && this.rank(level) > this.rank(most)) most = level;
    return most;
  }

  /** Whether `to` is less sensitive than `from` (a lowered or removed classification). */
  lowers(from: string | null, to: string | null): boolean {
    if (from === null) return false;
    return to === null || this.rank(to) < this.rank(from);
  }

  /** Whether data of `level` may leave its domain only through an approved request (unknown levels: yes). */
  needsApproval(level: string): boolean {
    return this.taxonomy.levels.find((l) => l.name === level)?.crossDomainNeedsApproval ?? true;
  }

  /** How data of `level` is shown to someone not cleared for it (unknown levels: NULL). */
  maskingOf(level: string): ClassificationLevel['masking'] {
    return this.taxonomy.levels.find((l) => l.name === level)?.masking ?? 'null';
  }
}
