// /api/sensors: the alarm endpoint for sensor platforms (an API key of an `integration` user,
// rate-limited per key) and the alarms recorded on a case (for anyone who may see the case).

import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../platform/actor.ts';
import { ALARM_TYPE_PATTERN, AlarmRecord, DEVICE_ID_PATTERN } from './schemas.ts';
import { errors, Location } from '../platform/schemas.ts';

const AlarmBody = Type.Object(
  {
    deviceId: Type.String({ pattern: DEVICE_ID_PATTERN, description: 'as registered in /api/devices' }),
    alarmType: Type.String({ pattern: ALARM_TYPE_PATTERN, description: 'a type the device maps to a class' }),
    alarmId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'the sender’s id of this alarm (deduplication)',
      }),
    ),
    at: Type.String({ format: 'date-time', description: 'when the device raised it, with offset' }),
    reading: Type.Optional(Type.Number()),
    unit: Type.Optional(Type.String({ maxLength: 16 })),
    position: Type.Optional(Location),
  },
  { additionalProperties: false },
);

const AlarmAnswer = Type.Object({
  alarmId: Type.Integer({ description: 'our record of the alarm' }),
  outcome: Type.Union([Type.Literal('created'), Type.Literal('attached')], {
    description:
      'created: the alarm opened the case; attached: it joined the open case of the same device and type',
  }),
  replay: Type.Boolean({ description: 'this alarm was received before; the first answer is repeated' }),
  caseId: Type.Integer(),
  caseNumber: Type.String(),
  caseState: Type.String(),
  alarmCount: Type.Integer({ description: 'alarms recorded on the case so far' }),
});

/** The API key a request carries (X-Api-Key or Bearer), as the auth hook reads it. */
function apiKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  return typeof header === 'string' ? header : request.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
}

export const sensorRoutes: FastifyPluginAsyncTypebox<{ rateLimit?: number }> = async (app, opts) => {
  const { sensors } = app.services;

  app.post(
    '/alarms',
    {
      config: {
        integration: 'sensors',
        rateLimit: {
          max: opts.rateLimit ?? 600,
          timeWindow: '1 minute',
          // per API key, so one noisy platform cannot starve the others (the key itself is not kept)
          keyGenerator: (request) =>
            `sensor:${createHash('sha256')
              .update(apiKeyOf(request) ?? request.ip)
              .digest('base64url')}`,
        },
      },
      schema: {
        tags: ['sensors'],
        summary:
          'A sensor alarm: opens a case (201) or joins the open case of the same device and alarm type (200). API key of an integration user.',
        description:
          'Idempotent per device and `alarmId` (or `at` when no id is sent): a repeat returns the first answer with `replay: true`. Unknown or inactive device: 422 naming `deviceId`; an alarm type the device does not map: 422 `UNMAPPED_ALARM_TYPE`.',
        security: [{ apiKey: [] }],
        body: AlarmBody,
        response: { 200: AlarmAnswer, 201: AlarmAnswer, ...errors(400, 401, 403, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const r = await sensors.receive(actor, request.body);
      return reply.status(r.alarm.outcome === 'created' && !r.replay ? 201 : 200).send({
        alarmId: r.alarm.id,
        outcome: r.alarm.outcome,
        replay: r.replay,
        caseId: r.caseRow.id,
        caseNumber: r.caseRow.number,
        caseState: r.caseRow.state,
        alarmCount: r.count,
      });
    },
  );

  app.get(
    '/alarms',
    {
      schema: {
        tags: ['sensors'],
        summary: 'The alarms recorded on a case you may see, newest first (at most 500)',
        querystring: Type.Object(
          { caseId: Type.String({ pattern: '^[0-9]{1,16}$', description: 'case id or number' }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(AlarmRecord), ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const rows = await sensors.alarmsOfCase(actor, request.query.caseId);
      return rows.map((r) => ({
        id: r.id,
        deviceId: r.device_code,
        deviceName: r.device_name,
        alarmType: r.alarm_type,
        alarmId: r.alarm_id,
        at: r.alarm_at.toISOString(),
        reading: r.reading,
        unit: r.unit,
        location: { lon: r.lon, lat: r.lat },
        outcome: r.outcome,
        receivedAt: r.received_at.toISOString(),
      }));
    },
  );
};
