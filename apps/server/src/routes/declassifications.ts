import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddressParams,
  DeclassificationApprovalBody,
  DeclassificationApproval as DeclassificationApprovalSchema,
  DeclassificationList,
  DeclassificationListQuery,
  DeclassificationParams,
  ErrorResponse,
} from '@meshwork/api';
import {
  approvalJson,
  approveDeclassification,
  listDeclassifications,
  revokeDeclassification,
} from '../services/declassifications.js';
import type { ServiceDeps } from '../services/service-deps.js';

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
export function declassificationRoutes(services: ServiceDeps): FastifyPluginAsyncTypebox {
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
        const approval = await approveDeclassification(services, request.user, {
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
        const items = await listDeclassifications(services, request.user, {
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
        approvalJson(
          await revokeDeclassification(services, request.user, { ...request.params, requestId: request.id }),
        ),
    );
  };
}
