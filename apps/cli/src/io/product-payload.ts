import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Product } from '@meshwork/core';

/** What a product version is published from: descriptor and contract texts, and its README.md when it has one. */
export interface ProductPayload {
  readonly descriptor: string;
  readonly contracts: { readonly path: string; readonly text: string }[];
  readonly docs: string | null;
  /** Names of the other files in the folder (README.md, build.sql), for rules that look at them. */
  readonly files: string[];
}

/** The texts of a product as they are in its folder, for `meshwork publish` and `meshwork up` alike. */
export function productPayload(product: Product): ProductPayload {
  const readme = join(product.dir, 'README.md');
  return {
    descriptor: product.loaded.yaml.file.text,
    contracts: product.contracts.map((c) => ({ path: basename(c.yaml.file.path), text: c.yaml.file.text })),
    docs: existsSync(readme) ? readFileSync(readme, 'utf8') : null,
    files: [...product.files],
  };
}
