import { readFile } from 'node:fs/promises';
import { ContentError, NotFoundError } from '@meshwork/core';
import avsc from 'avsc';

// avsc is CommonJS and builds its exports at run time, so Node's ESM loader offers only its default export.
const { streams } = avsc;

/**
 * Encodes records into an Avro object container file in memory, with the given file metadata (the keys
 * Iceberg requires in a manifest's header: `schema`, `partition-spec`, `format-version`, ...). Blocks are
 * deflate-compressed, the codec Iceberg writes by default.
 */
export async function encodeAvroFile(
  schema: Record<string, unknown>,
  records: readonly unknown[],
  metadata: Readonly<Record<string, string>>,
): Promise<Buffer> {
  // The schema object, not a parsed Type: avsc then writes it to the header as given, with the `field-id`
  // attributes Iceberg readers resolve fields by (a parsed Type would drop them).
  const encoder = new streams.BlockEncoder(schema as ConstructorParameters<typeof streams.BlockEncoder>[0], {
    codec: 'deflate',
    // avsc's typings omit `metadata`, which its encoder writes into the header beside avro.schema and avro.codec.
    ...({ metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v)])) } as object),
  });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    encoder.on('data', (chunk: Buffer) => chunks.push(chunk));
    encoder.on('end', resolve);
    encoder.on('error', reject);
  });
  for (const record of records) encoder.write(record);
  encoder.end();
  await done;
  return Buffer.concat(chunks);
}

/** An Avro file read back: its records (decoded with the schema in its header) and its header metadata. */
export interface AvroFile<T> {
  readonly records: T[];
  readonly metadata: Record<string, string>;
}

/**
 * Reads an Avro object container file.
 *
 * @throws NotFoundError when the file is missing, ContentError naming the file when it is not a valid Avro file.
 */
export async function readAvroFile<T>(path: string): Promise<AvroFile<T>> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new NotFoundError(`Iceberg metadata file ${path} cannot be read: ${(error as Error).message}`, { path });
  }
  const decoder = new streams.BlockDecoder();
  const records: T[] = [];
  let metadata: Record<string, string> = {};
  try {
    await new Promise<void>((resolve, reject) => {
      decoder.on('metadata', (_type: unknown, _codec: string, header: { meta: Record<string, Buffer> }) => {
        metadata = Object.fromEntries(Object.entries(header.meta).map(([k, v]) => [k, v.toString()]));
      });
      decoder.on('data', (record: T) => records.push(record));
      decoder.on('end', resolve);
      decoder.on('error', reject);
      decoder.end(bytes);
    });
  } catch (error) {
    throw new ContentError(`Iceberg metadata file ${path} is not a valid Avro file: ${(error as Error).message}`, {
      path,
    });
  }
  return { records, metadata };
}
