import { type Diagnostic, diagnostic } from '../diagnostics/diagnostic.js';

/** The text of one file handed to the model; `path` is what diagnostics show. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

/** Largest YAML file Meshwork reads. A contract of a thousand tables is well under 1 MiB. */
export const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

/**
 * Decodes raw bytes into a SourceFile, or returns the diagnostic that explains why it cannot be read
 * as text: too large, binary (contains NUL), or not UTF-8.
 */
export function decodeSourceFile(path: string, bytes: Uint8Array): SourceFile | Diagnostic {
  if (bytes.byteLength > MAX_SOURCE_BYTES) return fileTooLarge(path, bytes.byteLength);
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return diagnostic({
      code: 'file-binary',
      severity: 'error',
      file: path,
      message: `file is binary (a NUL byte at offset ${nul}), not YAML text`,
      hint: 'Point Meshwork at the YAML file itself; binary files cannot be contracts or descriptors.',
    });
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { path, text };
  } catch {
    return diagnostic({
      code: 'file-encoding',
      severity: 'error',
      file: path,
      message: 'file is not valid UTF-8 text',
      hint: 'Save the file as UTF-8.',
    });
  }
}

/** The diagnostic for a file over {@link MAX_SOURCE_BYTES}; callers that can stat a file use it before reading. */
export function fileTooLarge(path: string, size: number): Diagnostic {
  return diagnostic({
    code: 'file-too-large',
    severity: 'error',
    file: path,
    message: `file is ${formatBytes(size)}; Meshwork reads YAML files of at most ${formatBytes(MAX_SOURCE_BYTES)}`,
    hint: 'Split the contract into several files, or check that this is the file you meant.',
  });
}

/** Formats a byte count as B, KiB, MiB or GiB with one decimal. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
