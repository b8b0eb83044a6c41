/** How much a contract change matters to consumers. */
export type ChangeSeverity = 'breaking' | 'warning' | 'info';

/**
 * One classified difference between two versions of a contract. `code` is stable (documented in
 * docs/breaking-changes.md); `location` names the object and property (`orders.amount`).
 */
export interface ContractChange {
  readonly code: string;
  readonly severity: ChangeSeverity;
  readonly location: string;
  readonly message: string;
}

/** The rule table: every change code with its severity and what it means. */
export const CHANGE_RULES: Readonly<Record<string, { readonly severity: ChangeSeverity; readonly meaning: string }>> = {
  'object-removed': { severity: 'breaking', meaning: 'a schema object (table) was removed' },
  'property-removed': { severity: 'breaking', meaning: 'a property (column) was removed' },
  'type-changed': { severity: 'breaking', meaning: 'a logicalType changed' },
  'physical-type-changed': { severity: 'breaking', meaning: 'a physicalType changed' },
  'format-changed': { severity: 'breaking', meaning: 'logicalTypeOptions.format changed' },
  'required-added': { severity: 'breaking', meaning: 'an optional property became required' },
  'unique-added': { severity: 'breaking', meaning: 'a property became unique' },
  'primary-key-added': { severity: 'breaking', meaning: 'a property joined the primary key' },
  'required-removed': {
    severity: 'warning',
    meaning: 'a required property became optional: consumers may now see nulls',
  },
  'bounds-narrowed': { severity: 'breaking', meaning: 'a minimum rose or a maximum fell (inclusive or exclusive)' },
  'length-narrowed': { severity: 'breaking', meaning: 'minLength rose or maxLength fell' },
  'pattern-changed': { severity: 'breaking', meaning: 'an existing pattern changed' },
  'valid-values-narrowed': { severity: 'breaking', meaning: 'values were removed from a validValues list' },
  'classification-changed': { severity: 'breaking', meaning: 'a classification changed or was removed' },
  'sla-weakened': { severity: 'breaking', meaning: 'an SLA property was removed or promises less' },
  'enum-added': { severity: 'breaking', meaning: 'an enum was added to a property that had none' },
  'enum-values-removed': { severity: 'breaking', meaning: 'values were removed from an enum' },
  'vector-dimensions-changed': { severity: 'breaking', meaning: "a vector's dimensions changed" },
  'pattern-added': { severity: 'warning', meaning: 'a pattern was added where there was none' },
  'bound-added': { severity: 'warning', meaning: 'a minimum or maximum was added where there was none' },
  'length-added': { severity: 'warning', meaning: 'a length limit was added where there was none' },
  'quality-removed': { severity: 'warning', meaning: 'a quality rule was removed' },
  'object-added': { severity: 'info', meaning: 'a schema object was added' },
  'property-added': { severity: 'info', meaning: 'an optional property was added' },
  'quality-added': { severity: 'info', meaning: 'a quality rule was added' },
  'sla-strengthened': { severity: 'info', meaning: 'an SLA property was added or promises more' },
  'bounds-widened': { severity: 'info', meaning: 'a bound or length limit was relaxed or removed' },
  'enum-values-added': { severity: 'info', meaning: 'values were added to an enum or a validValues list' },
  'documentation-changed': { severity: 'info', meaning: 'a description, business name or example changed' },
};
