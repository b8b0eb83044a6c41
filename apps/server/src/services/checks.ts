import { buildRunHistory, checkRunHistory, getProduct, slaStatusOf, type User } from '@meshwork/catalog';
import type { ServiceDeps } from './service-deps.js';

type CheckDeps = Pick<ServiceDeps, 'catalog'>;

/** A product's latest check runs, newest first; NotFoundError for an unknown product. */
export async function checkRuns(
  deps: CheckDeps,
  _user: User,
  input: { readonly address: string; readonly limit: number },
) {
  await getProduct(deps.catalog.db, input.address);
  return checkRunHistory(deps.catalog.db, input.address, input.limit);
}

/** A product's latest builds, newest first; NotFoundError for an unknown product. */
export async function buildRuns(
  deps: CheckDeps,
  _user: User,
  input: { readonly address: string; readonly limit: number },
) {
  await getProduct(deps.catalog.db, input.address);
  return buildRunHistory(deps.catalog.db, input.address, input.limit);
}

/**
 * A product's SLA status as the monitors last stored it, or null before any check has run; NotFoundError for
 * an unknown product.
 */
export async function slaStatus(deps: CheckDeps, _user: User, input: { readonly address: string }) {
  await getProduct(deps.catalog.db, input.address);
  return (await slaStatusOf(deps.catalog.db, input.address)) ?? null;
}
