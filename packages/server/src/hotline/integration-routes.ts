// /api/integrations/110: the documented endpoint 110 calls to hand over a non-police matter (it
// becomes a case with source police_transfer), and the progress 110 may read back. API key only
// (issued for the 110 exchange, or an intake operator's own key: @xiuhua/domain/policy); idempotent
// by 110's incident number.
// Request and answer examples: docs/hotline.md.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CaseRow } from '@xiuhua/db';
import { type CaseState, STATE_NAMES } from '@xiuhua/domain/workflow';
import { Type } from 'typebox';
import { requireActor } from '../platform/actor.ts';
import type { TransferRow } from './service.ts';
import { errors, Location } from '../platform/schemas.ts';

const INCIDENT = '^[A-Za-z0-9][A-Za-z0-9_-]{3,39}$';

const TransferAnswer = Type.Object({
  transferId: Type.Integer({ description: 'ours' }),
  incidentNumber: Type.String(),
  caseNumber: Type.String(),
  state: Type.String(),
  stateName: Type.String(),
  receivedAt: Type.String({ format: 'date-time', description: 'when we took it' }),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

function answer(transfer: TransferRow, row: CaseRow) {
  return {
    transferId: transfer.id,
    incidentNumber: transfer.reference,
    caseNumber: row.number,
    state: row.state,
    stateName: STATE_NAMES[row.state as CaseState]?.zh ?? row.state,
    receivedAt: transfer.created_at.toISOString(),
    closedAt: row.closed_at ? row.closed_at.toISOString() : null,
  };
}

export const integrationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { hotline } = app.services;

  app.post(
    '/110/transfers',
    {
      config: { integration: 'police110' },
      schema: {
        tags: ['integrations'],
        summary:
          '110 hands over a non-police matter; it becomes a case (source police_transfer). Idempotent by incidentNumber: a repeat answers 200 with the first case.',
        security: [{ apiKey: [] }],
        body: Type.Object(
          {
            incidentNumber: Type.String({ pattern: INCIDENT, description: '110’s own reference' }),
            receivedAt: Type.String({ format: 'date-time', description: 'when 110 took the call' }),
            caller: Type.Optional(
              Type.Object(
                {
                  name: Type.Optional(Type.String({ maxLength: 50 })),
                  phone: Type.Optional(Type.String({ minLength: 3, maxLength: 30 })),
                },
                { additionalProperties: false },
              ),
            ),
            address: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            location: Type.Optional(Location),
            description: Type.String({ minLength: 2, maxLength: 2000 }),
            categoryHint: Type.String({
              minLength: 1,
              maxLength: 50,
              description: 'a class code (06010, event:06010) or words the catalogue knows (暴露垃圾)',
            }),
            kind: Type.Optional(Type.Union([Type.Literal('component'), Type.Literal('event')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: TransferAnswer, 201: TransferAnswer, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { transfer, row, created } = await hotline.receiveFrom110(actor, request.body);
      return reply.status(created ? 201 : 200).send(answer(transfer, row));
    },
  );

  app.get(
    '/110/transfers/:incidentNumber',
    {
      config: { integration: 'police110' },
      schema: {
        tags: ['integrations'],
        summary: 'Progress of a matter 110 handed over: the case number and its state (no personal data)',
        security: [{ apiKey: [] }],
        params: Type.Object({ incidentNumber: Type.String({ pattern: INCIDENT }) }),
        response: { 200: TransferAnswer, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { transfer, row } = await hotline.inboundStatus(actor, request.params.incidentNumber);
      return answer(transfer, row);
    },
  );
};
