import { type Catalog, createToken, ensureUser, type Role } from '@meshwork/catalog';

/** A user every suite may sign in as: one of the example mesh's people, or a mesh-wide role. */
export interface Persona {
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  /** The domain whose team they belong to; null for mesh-wide roles and outsiders. */
  readonly domain: string | null;
  /** The most sensitive classification level they see unmasked (docs/api.md, "Authorization"). */
  readonly clearance: 'public' | 'internal' | 'confidential' | 'pii';
  /** What the UI's sign-in picker calls them (the labels `meshwork up` gives its seeded users). */
  readonly label: string;
}

/**
 * The one table of test users. Clearances follow the role exactly as `meshwork up` seeds them
 * (apps/cli/src/io/seed-users.ts), so that between them the personas meet every masking method of the
 * example taxonomy: owners, governance and admins see `pii` (nothing masked); consumers `confidential`
 * (PII redacted); members `internal` (confidential figures hashed, PII redacted). The first five are the
 * users `meshwork up` seeds for examples/acme; the others are team members of the example's domains and an
 * outsider who belongs to no domain.
 *
 * @example const maya = PERSONAS.owner; // Maya Ortiz, owner of marketing, clearance pii
 */
export const PERSONAS = {
  owner: persona('Maya Ortiz', 'owner', 'marketing', 'a marketing owner'),
  consumer: persona('Fatima Ali', 'consumer', 'finance', 'a finance analyst'),
  engineer: persona('Elif Yilmaz', 'member', 'logistics', 'a logistics engineer'),
  governance: {
    name: 'Governance officer',
    email: 'governance@acme.example',
    role: 'governance',
    domain: null,
    clearance: 'pii',
    label: 'a governance officer',
  },
  admin: {
    name: 'Mesh admin',
    email: 'admin@acme.example',
    role: 'admin',
    domain: null,
    clearance: 'pii',
    label: 'admin',
  },
  member: persona('Noah Becker', 'member', 'marketing', 'a marketing engineer'),
  financeOwner: persona('Priya Shah', 'owner', 'finance', 'a finance owner'),
  financeMember: persona('Tom Keller', 'member', 'finance', 'a finance engineer'),
  marketingAnalyst: persona('Lena Fischer', 'consumer', 'marketing', 'a marketing analyst'),
  outsider: {
    name: 'Alex Guest',
    email: 'alex.guest@acme.example',
    role: 'consumer',
    domain: null,
    clearance: 'confidential',
    label: 'a consumer outside every domain',
  },
} as const satisfies Record<string, Persona>;

/** The key of a persona in {@link PERSONAS}. */
export type PersonaKey = keyof typeof PERSONAS;

/** The personas `meshwork up` seeds for the example mesh, in its order. */
export const SEEDED_PERSONAS = ['owner', 'consumer', 'engineer', 'governance', 'admin'] as const satisfies PersonaKey[];

/** The clearance a role gets, as `meshwork up` gives it (the example taxonomy's levels). */
function clearanceOf(role: Role): Persona['clearance'] {
  if (role === 'consumer') return 'confidential';
  if (role === 'member') return 'internal';
  return 'pii';
}

function persona(name: string, role: Role, domain: string, label: string): Persona {
  const email = `${name.toLowerCase().replace(' ', '.')}@acme.example`;
  return { name, email, role, domain, clearance: clearanceOf(role), label };
}

/**
 * Creates every persona (or those of `keys`) in the catalog and returns a fresh token for each. A user's
 * domain is a foreign key: publish the domains first ({@link publishAll}, or `upsertDomain` for a suite's own).
 */
export async function seedPersonas(
  catalog: Catalog,
  keys: readonly PersonaKey[] = Object.keys(PERSONAS) as PersonaKey[],
): Promise<Record<PersonaKey, string>> {
  const tokens: Partial<Record<PersonaKey, string>> = {};
  for (const key of keys) {
    const p: Persona = PERSONAS[key];
    const user = await ensureUser(catalog.db, {
      name: p.name,
      email: p.email,
      role: p.role,
      domain: p.domain,
      clearance: p.clearance,
    });
    tokens[key] = await createToken(catalog.db, user.id, 'test');
  }
  return tokens as Record<PersonaKey, string>;
}
