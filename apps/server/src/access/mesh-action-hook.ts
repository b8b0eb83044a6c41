import type { AccessModel, MeshAction } from '@meshwork/governance';
import type { FastifyRequest } from 'fastify';
import { principalOf } from './principal.js';

/**
 * A hook that refuses (403, with `refusal`) callers the access model does not allow `action` on the mesh;
 * as a `preValidation` hook it answers before a refused caller's query string is even validated.
 */
export function meshActionHook(
  access: AccessModel,
  action: MeshAction,
  refusal: string,
): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    access.require(principalOf(request.user), action, 'mesh', refusal);
  };
}
