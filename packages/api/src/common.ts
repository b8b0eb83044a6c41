import { type TSchema, Type } from '@sinclair/typebox';

/** A product address `domain.product`: the only form an id takes in a URL (no dots, slashes or `..` else). */
export const Address = Type.String({ pattern: '^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$', maxLength: 129 });

/** Semantic version MAJOR.MINOR.PATCH with optional pre-release and build. */
export const Version = Type.String({
  pattern: '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$',
  maxLength: 64,
});

/** `/products/{address}` and the other routes of one product. */
export const AddressParams = Type.Object({ address: Address }, { additionalProperties: false });

/** `/products/{address}/versions/{version}/...`. */
export const VersionParams = Type.Object({ address: Address, version: Version }, { additionalProperties: false });

/** A moment as the API writes it: ISO 8601 date-time in UTC. */
export const Instant = Type.String({ format: 'date-time' });

/**
 * `schema` or null, the API's way of saying "not set".
 *
 * @example
 * const Grant = Type.Object({ revokedAt: Nullable(Instant) });
 */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
