import { z } from 'zod';

/**
 * The input schemas of the MCP tools, with the same bounds as the API's TypeBox schemas (the API validates
 * again where a tool calls it, so these only make errors earlier and clearer for the model).
 */
export const address = z
  .string()
  .max(129)
  .regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, 'a product address is domain.product, e.g. marketing.customers')
  .describe('A product address, domain.product (e.g. marketing.customers).');

const facet = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/)
  .optional();

export const searchInput = {
  query: z.string().min(1).max(200).describe('Words to look for in names, tags, purposes, columns and docs.'),
  domain: facet.describe('Only products of this domain.'),
  tag: z.string().max(64).optional().describe('Only products with this tag.'),
  classification: facet.describe('Only products holding columns of this classification level (e.g. pii).'),
  status: facet.describe('Only products with this status (active, deprecated, …).'),
  limit: z.number().int().min(1).max(50).optional().describe('Hits at most (default 10).'),
};

export const productInput = { address };

export const lineageInput = {
  address,
  depth: z.number().int().min(1).max(10).optional().describe('How many hops up and down (default 1).'),
};

export const myAccessInput = {
  product: address.optional().describe('Only requests and grants of this product.'),
};

export const requestAccessInput = {
  product: address.describe('The product to ask for.'),
  purpose: z
    .string()
    .min(10)
    .max(2000)
    .describe('Why the data is wanted, in a sentence; the owner reads it and Cedar policies see it.'),
  expiresInDays: z.number().int().min(1).max(365).optional().describe('How long access lasts (default 90 days).'),
  columns: z
    .array(z.string().min(1).max(255))
    .max(500)
    .optional()
    .describe('Columns above your clearance to see unmasked; leave out for masked access.'),
  consumerProduct: address.optional().describe('Your domain’s product that will read it, when asking for one.'),
};

/** Rows the query tool returns at most: enough to answer, small enough for a model's context. */
export const MCP_ROW_LIMIT = 200;

export const queryInput = {
  sql: z
    .string()
    .min(1)
    .max(100_000)
    .describe('One read-only SELECT (DuckDB SQL) over products by address: SELECT … FROM domain.product.'),
  limit: z
    .number()
    .int()
    .min(1)
    .max(MCP_ROW_LIMIT)
    .optional()
    .describe(`Rows returned at most (default and maximum ${MCP_ROW_LIMIT}).`),
};
