import { BlockList, isIP } from 'node:net';

/**
 * Addresses that are not the public internet: loopback, private (RFC 1918, unique-local), link-local (which
 * holds cloud metadata endpoints such as 169.254.169.254), carrier-grade NAT, unspecified, multicast,
 * reserved and documentation ranges, and NAT64. A webhook may reach them only when the operator allows it.
 */
const SPECIAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const) {
  SPECIAL.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  // ::/96 covers the unspecified address, ::1 and the deprecated IPv4-compatible form; IPv4-mapped
  // addresses (::ffff:a.b.c.d) are checked against the IPv4 ranges by BlockList itself.
  ['::', 96],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  SPECIAL.addSubnet(network, prefix, 'ipv6');
}

/**
 * True when `address` (an IPv4 or IPv6 literal, brackets allowed) is loopback, private, link-local or
 * otherwise not a public internet address; also true for anything that is not an IP address.
 *
 * @example
 * isSpecialAddress('169.254.169.254'); // true
 * isSpecialAddress('[::ffff:127.0.0.1]'); // true
 * isSpecialAddress('93.184.215.14'); // false
 */
export function isSpecialAddress(address: string): boolean {
  const bare = unbracket(address);
  const family = isIP(bare);
  if (family === 0) return true;
  return SPECIAL.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/** `::1` for `[::1]`, as URL hostnames write IPv6 addresses; anything else as it is. */
export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
