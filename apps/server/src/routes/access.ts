import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AccessOutcome as AccessOutcomeSchema,
  AccessRequestBody,
  DecisionBody,
  ErrorResponse,
  GrantList,
  GrantListQuery,
  Grant as GrantSchema,
  RequestIdParams,
  RequestList,
  RequestListQuery,
} from '@meshwork/api';
import { UnavailableError } from '@meshwork/core';
import { grantJson, outcomeJson, requestJson } from '../services/access-json.js';
import { accessRequests, decideAccess, requestAccess } from '../services/access-requests.js';
import { ACCESS_NEEDS_GOVERNANCE } from '../services/access-scope.js';
import { accessGrants, revokeAccessGrant } from '../services/grants.js';
import type { ServiceDeps } from '../services/service-deps.js';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  503: ErrorResponse,
} as const;

/**
 * Access requests and grants: ask for a product with a purpose (Cedar `request`), approve (Cedar `approve`)
 * or reject, revoke grants. Requests for data classified `internal` or lower that ask for no unmasked
 * columns are approved at once. Without the mesh's governance every route answers 503.
 */
export function accessRoutes(services: ServiceDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Answered before the request is validated: without policies nothing about access is answered.
    if (!services.governance) {
      app.addHook('onRequest', async () => {
        throw new UnavailableError(ACCESS_NEEDS_GOVERNANCE);
      });
    }

    app.post(
      '/access/requests',
      {
        schema: {
          tags: ['access'],
          body: AccessRequestBody,
          response: { 201: AccessOutcomeSchema, ...errors },
        },
      },
      async (request, reply) => {
        const outcome = await requestAccess(services, request.user, { ...request.body, requestId: request.id });
        return reply.status(201).send(outcomeJson(outcome));
      },
    );

    app.get(
      '/access/requests',
      { schema: { tags: ['access'], querystring: RequestListQuery, response: { 200: RequestList, ...errors } } },
      async (request) => {
        const items = await accessRequests(services, request.user, {
          ...request.query,
          limit: request.query.limit ?? 100,
        });
        return { items: items.map(requestJson) };
      },
    );

    for (const decision of ['approve', 'reject'] as const) {
      app.post(
        `/access/requests/:id/${decision}`,
        {
          schema: {
            tags: ['access'],
            params: RequestIdParams,
            body: DecisionBody,
            response: { 200: AccessOutcomeSchema, ...errors },
          },
          // The note is optional, and so is the body: `curl -X POST …/approve` works.
          preValidation: async (request) => {
            request.body ??= {};
          },
        },
        async (request) => {
          const outcome = await decideAccess(services, request.user, {
            id: request.params.id,
            decision,
            note: request.body.note,
            requestId: request.id,
          });
          return outcomeJson(outcome);
        },
      );
    }

    app.get(
      '/access/grants',
      { schema: { tags: ['access'], querystring: GrantListQuery, response: { 200: GrantList, ...errors } } },
      async (request) => {
        const items = await accessGrants(services, request.user, {
          ...request.query,
          limit: request.query.limit ?? 100,
        });
        return { items: items.map(grantJson) };
      },
    );

    app.delete(
      '/access/grants/:id',
      { schema: { tags: ['access'], params: RequestIdParams, response: { 200: GrantSchema, ...errors } } },
      async (request) => {
        const revoked = await revokeAccessGrant(services, request.user, {
          id: request.params.id,
          requestId: request.id,
        });
        return grantJson(revoked);
      },
    );
  };
}
