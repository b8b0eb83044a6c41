import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Catalog } from '@meshwork/catalog';
import type { AccessModel } from '@meshwork/governance';
import {
  approvalJson,
  approveDeclassification,
  listDeclassifications,
  revokeDeclassification,
} from '../services/declassifications.js';
import {
  DeclassificationApprovalBody,
  DeclassificationApprovalSchema,
  DeclassificationList,
  DeclassificationListQuery,
  DeclassificationParams,
} from './declassification-schemas.js';
import { AddressParams, ErrorResponse } from './product-schemas.js';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
} as const;

/**
 * Declassification approvals of a product: the governance group records one (Cedar
 * `approveDeclassification`), an owner of the domain publishes the version it covers, and it is used once.
 */
export function declassificationRoutes(catalog: Catalog, access: AccessModel): FastifyPluginAsyncTypebox {
  const deps = { catalog, access };
  return async (app) => {
    app.post(
      '/products/:address/declassifications',
      {
        schema: {
          tags: ['products'],
          summary: 'Approve lowering the classification of columns in a version to be published (governance)',
          params: AddressParams,
          body: DeclassificationApprovalBody,
          response: { 201: DeclassificationApprovalSchema, ...errors },
        },
      },
      async (request, reply) => {
        const approval = await approveDeclassification(deps, request.user, {
          address: request.params.address,
          ...request.body,
          requestId: request.id,
        });
        return reply.status(201).send(approvalJson(approval));
      },
    );

    app.get(
      '/products/:address/declassifications',
      {
        schema: {
          tags: ['products'],
          summary: "A product's declassification approvals, newest first",
          params: AddressParams,
          querystring: DeclassificationListQuery,
          response: { 200: DeclassificationList, ...errors },
        },
      },
      async (request) => {
        const items = await listDeclassifications(deps, request.user, {
          address: request.params.address,
          ...request.query,
        });
        return { items: items.map(approvalJson) };
      },
    );

    app.delete(
      '/products/:address/declassifications/:id',
      {
        schema: {
          tags: ['products'],
          summary: 'Revoke an open declassification approval (governance)',
          params: DeclassificationParams,
          response: { 200: DeclassificationApprovalSchema, ...errors },
        },
      },
      async (request) =>
        approvalJson(await revokeDeclassification(deps, request.user, { ...request.params, requestId: request.id })),
    );
  };
}
