import { describe, expect, it } from 'vitest';
import { decodeSourceFile, formatBytes, MAX_SOURCE_BYTES } from './source-file.js';

describe('decodeSourceFile', () => {
  it('decodes UTF-8 text', () => {
    expect(decodeSourceFile('a.yaml', new TextEncoder().encode('a: ü\n'))).toEqual({ path: 'a.yaml', text: 'a: ü\n' });
  });
  it('refuses binary content naming the offset', () => {
    expect(decodeSourceFile('a.yaml', new Uint8Array([97, 0, 98]))).toMatchObject({
      code: 'file-binary',
      file: 'a.yaml',
    });
  });
  it('refuses invalid UTF-8', () => {
    expect(decodeSourceFile('a.yaml', new Uint8Array([0xc3, 0x28]))).toMatchObject({ code: 'file-encoding' });
  });
  it('refuses files over the limit', () => {
    const d = decodeSourceFile('a.yaml', new Uint8Array(MAX_SOURCE_BYTES + 1));
    expect(d).toMatchObject({ code: 'file-too-large' });
  });
  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50.0 MiB');
  });
});
