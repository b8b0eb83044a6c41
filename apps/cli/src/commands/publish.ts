import { createApiClient } from '@meshwork/api';
import { type ContractChange, type Diagnostic, parseAddress } from '@meshwork/core';
import pc from 'picocolors';
import { UsageError } from '../errors.js';
import { apiTarget, settle } from '../io/api-client.js';
import { loadMeshAt } from '../io/load-mesh-at.js';
import { diagnosticLines } from '../io/print-diagnostics.js';
import { productPayload } from '../io/product-payload.js';
import { reportInvalid } from './build.js';

/** Flags of `meshwork publish`. */
export interface PublishFlags {
  readonly server?: string;
  readonly token?: string;
  readonly product?: string;
  readonly json?: boolean;
}

type Outcome = {
  address: string;
  version: string;
  status: 'published' | 'unchanged' | 'refused' | 'invalid' | 'not-allowed';
  message?: string;
  changes?: readonly ContractChange[];
  consumers?: readonly string[];
  diagnostics?: readonly Diagnostic[];
};

/**
 * `meshwork publish [PATH] [--server URL] [--token T] [--product D.P] [--json]`: publishes the products of
 * a mesh to a Meshwork server. Each publish carries the latest version the publisher saw, so a concurrent
 * publish is a conflict, not a lost update. Exit 1 when a product is refused (a breaking change without a
 * major version, which names the consumers) or does not validate.
 */
export async function publishCommand(path: string | undefined, flags: PublishFlags): Promise<number> {
  if (flags.product !== undefined && !parseAddress(flags.product))
    throw new UsageError(`--product takes an address domain.product, not "${flags.product}"`);
  const target = apiTarget(flags);
  const api = createApiClient({ baseUrl: target.url, token: target.token });
  const loaded = await loadMeshAt(path ?? '.');
  if (!loaded.valid) return reportInvalid(loaded.diagnostics, flags.json);
  const products = loaded.mesh.products.filter((p) => flags.product === undefined || p.address === flags.product);
  if (flags.product && products.length === 0) throw new UsageError(`product ${flags.product} is not in this mesh`);
  const outcomes: Outcome[] = [];
  for (const product of products) {
    const version = product.loaded.spec.version;
    const current = await settle(api.getProduct(product.address));
    if (!current.ok && current.error.status === 401)
      throw new UsageError(`the server refused the token: ${current.error.message}`);
    const expectedLatest = current.ok ? current.body.latestVersion : null;
    const { docs, ...texts } = productPayload(product);
    const result = await settle(
      api.publish(product.address, { version, ...texts, ...(docs === null ? {} : { docs }), expectedLatest }),
    );
    if (result.ok) {
      outcomes.push({
        address: product.address,
        version,
        status: result.body.status,
        changes: result.body.changes,
        consumers: result.body.affectedConsumers,
        ...(result.body.warnings && result.body.warnings.length > 0 ? { diagnostics: result.body.warnings } : {}),
      });
    } else {
      const details = result.error.details as {
        breakingChanges?: ContractChange[];
        consumers?: string[];
        diagnostics?: Diagnostic[];
      };
      const status = result.error.status === 409 ? 'refused' : result.error.status === 403 ? 'not-allowed' : 'invalid';
      outcomes.push({
        address: product.address,
        version,
        status,
        message: result.error.message,
        ...(details.breakingChanges ? { changes: details.breakingChanges } : {}),
        ...(details.consumers ? { consumers: details.consumers } : {}),
        ...(details.diagnostics ? { diagnostics: details.diagnostics } : {}),
      });
    }
  }
  const ok = outcomes.every((o) => o.status === 'published' || o.status === 'unchanged');
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ ok, server: target.url, products: outcomes }, null, 2)}\n`);
    return ok ? 0 : 1;
  }
  const lines: string[] = [];
  for (const o of outcomes) {
    const mark = o.status === 'published' ? pc.green('✔') : o.status === 'unchanged' ? pc.dim('=') : pc.red('✖');
    lines.push(`${mark} ${o.address} ${o.version} ${o.status}${o.message ? `: ${o.message}` : ''}`);
    for (const c of (o.changes ?? []).filter((c) => o.status !== 'published' || c.severity === 'breaking'))
      lines.push(`    ${c.severity}  ${c.code}  ${c.message}`);
    if (o.status === 'published' && (o.consumers ?? []).length > 0)
      lines.push(pc.yellow(`    consumers told about the breaking change: ${o.consumers?.join(', ')}`));
    if (o.diagnostics) lines.push(...diagnosticLines(o.diagnostics, '    '));
  }
  lines.push(ok ? pc.green(`✔ published to ${target.url}`) : pc.red('✖ some products were not published'));
  process.stdout.write(`${lines.join('\n')}\n`);
  return ok ? 0 : 1;
}
