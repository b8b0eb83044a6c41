import { type Static, Type } from '@sinclair/typebox';

/** The parts of a domain descriptor (domain.yaml as data) clients read. */
export interface DomainDescriptor {
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

/** A column of an ODCS contract table, as far as clients read it. */
export interface ContractProperty {
  readonly name: string;
  readonly logicalType?: string;
  readonly physicalType?: string;
  readonly description?: string;
  readonly classification?: string;
  readonly required?: boolean;
  readonly primaryKey?: boolean;
}

/** The parts of an ODCS contract (as data) clients read. */
export interface ContractDocument {
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

/** The parts of a product descriptor (product.yaml as data) clients read. */
export interface ProductDescriptor {
  readonly name?: string;
  readonly description?: { readonly purpose?: string; readonly limitations?: string; readonly usage?: string };
}

/** `GET /domains`: the domains of the catalog, with their product counts and descriptors. */
export const DomainList = Type.Object({
  items: Type.Array(
    Type.Object({
      name: Type.String(),
      products: Type.Integer({ description: 'Products of the domain in the catalog.' }),
      spec: Type.Unknown({ description: 'The domain descriptor (domain.yaml as data): team, onCall, isolation.' }),
    }),
  ),
});
/** One domain of {@link DomainList}, its descriptor narrowed to what clients read. */
export type Domain = Omit<Static<typeof DomainList>['items'][number], 'spec'> & { spec: DomainDescriptor | null };
/** The domains of the catalog. */
export type DomainList = { items: Domain[] };

/** `GET /products/{address}/content`: the published content of a product's latest version. */
export const ProductContent = Type.Object({
  version: Type.String(),
  descriptor: Type.Unknown({ description: 'product.yaml as data.' }),
  contracts: Type.Array(Type.Unknown(), { description: 'The ODCS contracts as data.' }),
  docs: Type.Union([Type.String(), Type.Null()], { description: 'README.md as Markdown text.' }),
});
/**
 * The published content of a product's latest version, the descriptor and contracts narrowed to what
 * clients read (the server sends them as stored, so the schema accepts any value there).
 */
export type ProductContent = Omit<Static<typeof ProductContent>, 'descriptor' | 'contracts'> & {
  descriptor: ProductDescriptor;
  contracts: ContractDocument[];
};
