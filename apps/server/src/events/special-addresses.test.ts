import { describe, expect, it } from 'vitest';
import { isSpecialAddress } from './special-addresses.js';

describe('isSpecialAddress', () => {
  it('is true for loopback, private, link-local, unspecified, mapped and reserved addresses', () => {
    for (const address of [
      '127.0.0.1',
      '127.255.0.9',
      '10.20.30.40',
      '172.31.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '224.0.0.1',
      '::',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
      '::ffff:a9fe:a9fe',
      'fd12:3456::1',
      'fe80::1',
      '64:ff9b::a00:1',
      'not-an-address',
    ]) {
      expect(isSpecialAddress(address), address).toBe(true);
    }
  });

  it('is false for public addresses', () => {
    for (const address of ['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(isSpecialAddress(address), address).toBe(false);
    }
  });
});
