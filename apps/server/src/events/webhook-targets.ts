import { type LookupAddress, type LookupOptions, lookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { InputError } from '@meshwork/core';
import { isSpecialAddress, unbracket } from './special-addresses.js';

/** The environment variable that lists the non-public webhook targets an operator allows. */
export const WEBHOOK_ALLOW_ENV = 'MESHWORK_WEBHOOK_ALLOW';

const HOST_PATTERN = /^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

/** Why a delivery went nowhere: the target is an address the allow-list does not cover. */
export class TargetRefused extends Error {
  override readonly name = 'TargetRefused';
}

/**
 * Where webhooks may be delivered. Public internet addresses always; loopback, private and link-local ones
 * (see {@link isSpecialAddress}) only when an allow-list entry covers them: a host name (`hooks.internal`),
 * a sub-domain pattern (`*.corp.example`, which trusts whatever those names resolve to), an IP address
 * (`127.0.0.1`) or a CIDR (`10.20.0.0/16`). Host names are resolved at every attempt and each address they
 * resolve to is checked, so a name cannot be re-pointed at an internal address after it was subscribed.
 *
 * @example
 * const targets = WebhookTargets.parse(['127.0.0.1', '*.corp.example'], 'MESHWORK_WEBHOOK_ALLOW');
 * targets.refusal(new URL('http://10.0.0.5/hook')); // "… 10.0.0.5 is a loopback, private or link-local address …"
 */
export class WebhookTargets {
  private constructor(
    private readonly hosts: ReadonlySet<string>,
    private readonly suffixes: readonly string[],
    private readonly addresses: BlockList,
  ) {}

  /**
   * The allow-list of `entries`; `source` names where they came from in the message of a bad entry.
   * Throws an InputError when an entry is neither a host name, a `*.` pattern, an IP address nor a CIDR.
   */
  static parse(entries: readonly string[], source: string): WebhookTargets {
    const hosts = new Set<string>();
    const suffixes: string[] = [];
    const addresses = new BlockList();
    for (const raw of entries) {
      const entry = unbracket(raw.trim().toLowerCase());
      if (entry === '') continue;
      const [network = '', prefix, extra] = entry.split('/');
      const family = isIP(unbracket(network));
      const most = family === 4 ? 32 : 128;
      const bits = prefix === undefined ? most : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
      if (family !== 0 && extra === undefined && bits <= most) {
        addresses.addSubnet(unbracket(network), bits, family === 4 ? 'ipv4' : 'ipv6');
      } else if (prefix === undefined && HOST_PATTERN.test(entry.replace(/\.$/, ''))) {
        const host = entry.replace(/\.$/, '');
        if (host.startsWith('*.')) suffixes.push(host.slice(1));
        else hosts.add(host);
      } else {
        throw new InputError(
          `${source} entry "${raw.trim()}" is neither a host name, a "*.domain" pattern, an IP address nor a CIDR such as 10.0.0.0/8; fix or remove it`,
        );
      }
    }
    return new WebhookTargets(hosts, suffixes, addresses);
  }

  /** The allow-list of `allow`, else of the comma-separated `MESHWORK_WEBHOOK_ALLOW`; empty when neither is set. */
  static configured(allow: readonly string[] | undefined): WebhookTargets {
    if (allow) return WebhookTargets.parse(allow, 'the webhook allow-list');
    return WebhookTargets.parse((process.env[WEBHOOK_ALLOW_ENV] ?? '').split(','), WEBHOOK_ALLOW_ENV);
  }

  /**
   * Why `url` may not be delivered to, judged without resolving names: its host is an IP address that is
   * not public and not allowed. Undefined when it may be tried (a name is checked again as it resolves).
   */
  refusal(url: URL): string | undefined {
    const host = unbracket(url.hostname);
    if (isIP(host) === 0 || this.allowsAddress(host)) return undefined;
    return `webhook URL host ${host} is a loopback, private or link-local address; use a public host, or allow it with ${WEBHOOK_ALLOW_ENV} (docs/events.md)`;
  }

  /**
   * A DNS lookup for `http.request` that fails with {@link TargetRefused} when the name resolves to an
   * address that is not public and not allowed (an allowed host name passes whatever it resolves to).
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, found: LookupAddress[]) => {
      if (error) return callback(error, []);
      const trusted = this.allowsHost(hostname);
      const refused = found.find((a) => !trusted && !this.allowsAddress(a.address));
      const first = found[0];
      if (refused || !first) {
        const why = refused ? `resolves to ${refused.address}, which is not public` : 'resolves to no address';
        return callback(new TargetRefused(`${hostname} ${why}; allow it with ${WEBHOOK_ALLOW_ENV}`), []);
      }
      if ((options as LookupOptions).all) callback(null, found);
      else callback(null, first.address, first.family);
    });
  };

  private allowsAddress(address: string): boolean {
    if (!isSpecialAddress(address)) return true;
    return this.addresses.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
  }

  private allowsHost(hostname: string): boolean {
    const host = hostname.toLowerCase().replace(/\.$/, '');
    return this.hosts.has(host) || this.suffixes.some((suffix) => host.endsWith(suffix));
  }
}
