import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLError } from 'yaml';
import { type Diagnostic, diagnostic, type Position } from '../diagnostics/diagnostic.js';
import type { SourceFile } from './source-file.js';

/** A path into a parsed document: object keys and array indexes. */
export type JsonPath = readonly (string | number)[];

/** A parsed YAML file: its plain value plus a way back from any path in it to a line and column. */
export interface YamlFile {
  readonly file: SourceFile;
  /** The document as plain JSON-like data. Timestamps stay strings (YAML 1.2 core schema). */
  readonly value: unknown;
  /**
   * Position of the node at `path`, or of the nearest ancestor that exists. With `at: 'key'` the position
   * of the mapping key itself (for "unknown field" findings).
   */
  locate(path: JsonPath, at?: 'key' | 'value'): Position;
}

/** Result of parsing: the file when it parsed without errors, and every finding. */
export interface ParsedYaml {
  readonly yaml: YamlFile | undefined;
  readonly diagnostics: Diagnostic[];
}

const YAML_HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'Remove or rename one of the keys; a mapping may hold each key once.',
  TAB_AS_INDENT: 'Indent with spaces; YAML does not allow tabs for indentation.',
  BAD_INDENT: 'Align this line with its siblings using spaces.',
  MULTIPLE_DOCS: 'Keep one document per file: remove the extra `---` separator.',
  BLOCK_AS_IMPLICIT_KEY: 'A plain value cannot contain ": " — wrap the value in quotes.',
  MISSING_CHAR: 'Close the quote, bracket or brace that opens before this position.',
};

const YAML_CODES: Record<string, string> = {
  DUPLICATE_KEY: 'yaml-duplicate-key',
  TAB_AS_INDENT: 'yaml-tab-indent',
};

/**
 * Parses YAML with source positions. Syntax errors, duplicate keys and tab indentation come back as
 * diagnostics with line and column; the result has no `yaml` when any of them is an error.
 *
 * @example
 * const { yaml, diagnostics } = parseYaml({ path: 'a.yaml', text: 'a: 1\nb: [1, 2]\n' });
 * yaml?.locate(['b', 1]) // { line: 2, column: 8 }
 */
export function parseYaml(file: SourceFile): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(file.text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    schema: 'core',
    strict: true,
  });
  const toDiagnostic = (error: YAMLError, severity: 'error' | 'warning'): Diagnostic => {
    const pos = lineCounter.linePos(error.pos[0]);
    return diagnostic({
      code: YAML_CODES[error.code] ?? (severity === 'error' ? 'yaml-syntax' : 'yaml-warning'),
      severity,
      file: file.path,
      position: { line: pos.line, column: pos.col },
      message: firstLine(error.message),
      hint: YAML_HINTS[error.code] ?? 'Fix the YAML at this position; a YAML linter shows the structure it sees.',
    });
  };
  const diagnostics = [
    ...doc.errors.map((e) => toDiagnostic(e, 'error')),
    ...doc.warnings.map((e) => toDiagnostic(e, 'warning')),
  ];
  if (doc.errors.length > 0) return { yaml: undefined, diagnostics };
  let value: unknown;
  try {
    // An alias bomb ("billion laughs") is refused here rather than expanded.
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    diagnostics.push(
      diagnostic({
        code: 'yaml-syntax',
        severity: 'error',
        file: file.path,
        message: `cannot read YAML: ${error instanceof Error ? firstLine(error.message) : String(error)}`,
        hint: 'Remove excessive aliases or anchors.',
      }),
    );
    return { yaml: undefined, diagnostics };
  }
  return { yaml: yamlFile(file, doc, lineCounter, value), diagnostics };
}

function yamlFile(file: SourceFile, doc: Document, lineCounter: LineCounter, value: unknown): YamlFile {
  const positionOf = (offset: number): Position => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  return {
    file,
    value,
    locate(path, at = 'value') {
      let node: Node | null = doc.contents;
      let found: Position = node?.range ? positionOf(node.range[0]) : { line: 1, column: 1 };
      for (let i = 0; i < path.length && node; i++) {
        const segment = path[i];
        let next: Node | null = null;
        if (isMap(node)) {
          const pair = node.items.find((p) => keyText(p.key) === String(segment));
          if (!pair) break;
          const keyNode = isScalar(pair.key) ? pair.key : null;
          if (i === path.length - 1 && at === 'key' && keyNode?.range) return positionOf(keyNode.range[0]);
          next = (pair.value as Node | null) ?? keyNode;
          // A key with no value (`key:`) has no range of its own; its key does.
          if (next && !next.range && keyNode?.range) return positionOf(keyNode.range[0]);
        } else if (isSeq(node)) {
          next = (node.items[Number(segment)] as Node | undefined) ?? null;
        }
        if (!next?.range) break;
        node = next;
        found = positionOf(next.range[0]);
      }
      return found;
    },
  };
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '').trim();
}
