// /api/assessment: schemes, results (scores, grades, ranks, flags, trend, funds), publication,
// supervision findings, corrections, accountability items and bulletins (JSON and Excel);
// /api/public/figures: the city's real-time figures for the public page. The indicator figures and
// their drill-down of a live period are the engine's (assessment/routes.ts).

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { notFound } from '../platform/errors.ts';
import { periodOf } from './scores.ts';
import { redCaseWorkbook, rankingWorkbook } from './export.ts';
import { authorize } from '../platform/actor.ts';
import { day, errors } from '../platform/schemas.ts';
import { IDENTIFIER } from '../platform/input-limits.ts';

const tags = ['assessment'];
const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
const PeriodQuery = Type.String({
  minLength: 1,
  maxLength: 30,
  description: '2026-10 (month), 2026-Q4, 2026, 2026-W41, 2026-10-05 or 2026-10-01~2026-10-15',
});
const SchemeBody = Type.Object(
  {
    code: Type.String({ description: 'lower-case letters, digits and -' }),
    name: Type.String(),
    nameEn: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    config: Type.Unknown({ description: 'SchemeConfig: see docs/assessment.md' }),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendXlsx(reply: FastifyReply, name: string, body: Buffer) {
  return reply
    .header('content-type', XLSX)
    .header(
      'content-disposition',
      `attachment; filename="${encodeURIComponent(name)}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}.xlsx`,
    )
    .header('cache-control', 'no-store')
    .send(body);
}

export const assessmentPublicationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { scores, publication, findings, bulletins } = app.services.assessment;

  // ---------------------------------------------------------------- schemes
  app.get(
    '/schemes',
    {
      schema: {
        tags,
        summary: 'Assessment schemes (考评方案); inactive ones with ?all=true',
        querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: errors(401, 403),
      },
    },
    async (request) => {
      authorize(request, 'assessment.read', null);
      return await scores.listSchemes(request.query.all === true);
    },
  );

  app.get(
    '/schemes/:id',
    {
      schema: {
        tags,
        summary: 'One scheme with its full definition',
        params: Id,
        response: errors(401, 403, 404),
      },
    },
    async (request) => {
      authorize(request, 'assessment.read', null);
      return await scores.scheme(request.params.id);
    },
  );

  app.post(
    '/schemes',
    {
      schema: {
        tags,
        summary: 'Create a scheme (admin): composite or deduction, tiers, flags, grades, fund',
        body: SchemeBody,
        response: errors(400, 401, 403, 409),
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'admin.manage', { entity: 'assessment_scheme' });
      const { active: _active, ...body } = request.body;
      return reply.status(201).send(await scores.createScheme(actor, body));
    },
  );

  app.put(
    '/schemes/:id',
    {
      schema: {
        tags,
        summary:
          'Replace a scheme’s definition (admin); published periods keep the one they were published with',
        params: Id,
        body: SchemeBody,
        response: errors(400, 401, 403, 404, 409),
      },
    },
    async (request) => {
      const actor = authorize(request, 'admin.manage', { entity: 'assessment_scheme' });
      const { active, ...body } = request.body;
      return await scores.updateScheme(actor, request.params.id, body, active);
    },
  );

  // ---------------------------------------------------------------- results
  app.get(
    '/schemes/:id/results',
    {
      schema: {
        tags,
        summary:
          'A period’s results: score, grade, rank within tier, flag, trend, fund per subject; frozen when published, else provisional',
        params: Id,
        querystring: Type.Object({ period: PeriodQuery }, { additionalProperties: false }),
        response: errors(400, 401, 403, 404),
      },
    },
    async (request) => {
      const actor = authorize(request, 'assessment.read', null);
      const scheme = await scores.scheme(request.params.id);
      const period = periodOf(request.query.period);
      return await scores.visibleRows(actor, await scores.results(scheme, period));
    },
  );

  app.get(
    '/schemes/:id/results/:subjectId',
    {
      schema: {
        tags,
        summary: 'One subject’s result with its indicator breakdown (or deductions, or months)',
        params: Type.Object(
          { id: Type.Integer({ minimum: 1 }), subjectId: Type.String({ minLength: 1, maxLength: 64 }) },
          { additionalProperties: false },
        ),
        querystring: Type.Object({ period: PeriodQuery }, { additionalProperties: false }),
        response: errors(400, 401, 403, 404),
      },
    },
    async (request) => {
      const actor = authorize(request, 'assessment.read', null);
      const scheme = await scores.scheme(request.params.id);
      const results = await scores.results(scheme, periodOf(request.query.period));
      const row = results.rows.find((r) => r.subject.id === request.params.subjectId);
      if (!row || !(await scores.canSee(actor, row.subject)))
        throw notFound(`subject ${request.params.subjectId}`);
      const { rows: _rows, ...head } = results;
      return {
        ...head,
        row,
        tierSize: results.rows.filter((r) => r.tier.code === row.tier.code && r.rank !== null).length,
      };
    },
  );

  app.get(
    '/schemes/:id/drilldown',
    {
      schema: {
        tags,
        summary:
          'The cases behind a figure of the scheme’s results: frozen case ids when the period is published, else the engine’s',
        params: Id,
        querystring: Type.Object(
          {
            period: PeriodQuery,
            subject: Type.String({ minLength: 1, maxLength: 64 }),
            indicator: Type.String({ minLength: 1, maxLength: 60 }),
            side: Type.Union([Type.Literal('numerator'), Type.Literal('denominator')]),
          },
          { additionalProperties: false },
        ),
        response: errors(400, 401, 403, 404),
      },
    },
    async (request) => {
      const actor = authorize(request, 'assessment.read', null);
      const scheme = await scores.scheme(request.params.id);
      const q = request.query;
      return await publication.drilldown(actor, scheme, periodOf(q.period), q.subject, q.indicator, q.side);
    },
  );

  // ---------------------------------------------------------------- publication
  app.post(
    '/schemes/:id/publish',
    {
      schema: {
        tags,
        summary:
          'Publish and freeze a month or a quarter (409 if already published: corrections go into a later month)',
        params: Id,
        body: Type.Object(
          { period: PeriodQuery, note: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: false },
        ),
        response: errors(400, 401, 403, 404, 409),
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'assessment.publish', null);
      const scheme = await scores.scheme(request.params.id);
      const note = request.body.note?.trim() || null;
      const published = await publication.publish(actor, scheme, request.body.period, note);
      return reply.status(201).send(await scores.visibleRows(actor, published));
    },
  );

  app.get(
    '/publications',
    {
      schema: {
        tags,
        summary: 'Published periods, newest first',
        querystring: Type.Object(
          { schemeId: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
        response: errors(401, 403),
      },
    },
    async (request) => {
      authorize(request, 'assessment.read', null);
      return await publication.list(request.query.schemeId);
    },
  );

  // ---------------------------------------------------------------- corrections
  app.get(
    '/schemes/:id/corrections',
    {
      schema: {
        tags,
        summary: 'Corrections of published months, by the month they were filed into',
        params: Id,
        querystring: Type.Object({ period: Type.Optional(PeriodQuery) }, { additionalProperties: false }),
        response: errors(401, 403, 404),
      },
    },
    async (request) => {
      authorize(request, 'assessment.read', null);
      return await publication.corrections(await scores.scheme(request.params.id), request.query.period);
    },
  );

  app.post(
    '/schemes/:id/corrections',
    {
      schema: {
        tags,
        summary:
          'Correct a published month: points (±) added to a subject’s score in a later, unpublished month, with a note',
        params: Id,
        body: Type.Object(
          {
            subjectId: Type.String({ minLength: 1, maxLength: 64, ...IDENTIFIER }),
            period: Type.String({
              minLength: 1,
              maxLength: 30,
              description: 'the unpublished month it goes into',
            }),
            correctsPeriod: Type.String({
              minLength: 1,
              maxLength: 30,
              description: 'the published month corrected',
            }),
            points: Type.Number({ minimum: -100, maximum: 100, not: { const: 0 } }),
            note: Type.String({ minLength: 1, maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: errors(400, 401, 403, 404, 409),
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'assessment.publish', null);
      const scheme = await scores.scheme(request.params.id);
      return reply.status(201).send(await publication.correct(actor, scheme, request.body));
    },
  );

  // ---------------------------------------------------------------- supervision findings
  app.get(
    '/schemes/:id/findings',
    {
      schema: {
        tags,
        summary: 'Supervision findings of a deduction scheme (voided ones with ?voided=true)',
        params: Id,
        querystring: Type.Object(
          {
            period: Type.Optional(PeriodQuery),
            subjectId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, ...IDENTIFIER })),
            voided: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: errors(400, 401, 403, 404),
      },
    },
    async (request) => {
      const actor = authorize(request, 'assessment.read', null);
      const scheme = await scores.scheme(request.params.id);
      const q = request.query;
      return await findings.list(actor, scheme, {
        period: q.period,
        subjectId: q.subjectId,
        withVoided: q.voided === true,
      });
    },
  );

  app.post(
    '/schemes/:id/findings',
    {
      schema: {
        tags,
        summary: 'Record a finding of the supervision office (百分扣分制): subject, day, finding type, count',
        params: Id,
        body: Type.Object(
          {
            subjectId: Type.String({ minLength: 1, maxLength: 64, ...IDENTIFIER }),
            date: day('the day it was found (China time)'),
            code: Type.String({
              ...IDENTIFIER,
              minLength: 1,
              maxLength: 40,
              description: 'a finding type of the scheme’s deduction table',
            }),
            count: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            note: Type.Optional(Type.String({ maxLength: 500 })),
            caseId: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: errors(400, 401, 403, 404, 409, 422),
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'assessment.recordFinding', null);
      const scheme = await scores.scheme(request.params.id);
      return reply.status(201).send(await findings.record(actor, scheme, request.body));
    },
  );

  app.post(
    '/schemes/:id/findings/:findingId/void',
    {
      schema: {
        tags,
        summary: 'Void a finding recorded by mistake (not in a published month)',
        params: Type.Object(
          { id: Type.Integer({ minimum: 1 }), findingId: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 500 }) },
          { additionalProperties: false },
        ),
        response: errors(400, 401, 403, 404, 409),
      },
    },
    async (request) => {
      const actor = authorize(request, 'assessment.recordFinding', null);
      const scheme = await scores.scheme(request.params.id);
      return await findings.void(actor, scheme, request.params.findingId, request.body.reason);
    },
  );

  // ---------------------------------------------------------------- accountability
  app.get(
    '/accountability',
    {
      schema: {
        tags,
        summary: 'Accountability items raised by publication (black flags, quarterly last places)',
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('handled')])),
            schemeId: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: errors(400, 401, 403),
      },
    },
    async (request) => {
      const actor = authorize(request, 'assessment.read', null);
      return await publication.accountability(actor, request.query);
    },
  );

  app.post(
    '/accountability/:id/handle',
    {
      schema: {
        tags,
        summary: 'Mark an accountability item handled, with a note',
        params: Id,
        body: Type.Object(
          { note: Type.String({ minLength: 1, maxLength: 1000 }) },
          { additionalProperties: false },
        ),
        response: errors(400, 401, 403, 404, 409),
      },
    },
    async (request) => {
      const actor = authorize(request, 'assessment.handleAccountability', null);
      return await publication.handle(actor, request.params.id, request.body.note);
    },
  );

  // ---------------------------------------------------------------- bulletins
  const BulletinQuery = Type.Object(
    {
      period: PeriodQuery,
      schemeId: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20 })),
    },
    { additionalProperties: false },
  );
  const rankingOf = async (
    request: { query: { period: string; schemeId?: number[] | undefined } },
    actor: Parameters<typeof bulletins.ranking>[0],
  ) => {
    const period = periodOf(request.query.period);
    const ids = request.query.schemeId;
    const schemes = ids?.length
      ? await Promise.all(ids.map((id) => scores.scheme(id)))
      : await scores.listSchemes();
    return await bulletins.ranking(actor, period, schemes);
  };

  app.get(
    '/bulletins/ranking',
    {
      schema: {
        tags,
        summary:
          'Ranking bulletin: every active scheme’s (or the given schemes’) ranking with grades, flags and trend',
        querystring: BulletinQuery,
        response: errors(400, 401, 403, 404),
      },
    },
    async (request) => rankingOf(request, authorize(request, 'assessment.read', null)),
  );

  app.get(
    '/bulletins/ranking.xlsx',
    {
      schema: {
        tags,
        summary: 'The ranking bulletin as an Excel workbook (one sheet per scheme)',
        querystring: BulletinQuery,
        response: errors(400, 401, 403, 404),
      },
    },
    async (request, reply) => {
      const bulletin = await rankingOf(request, authorize(request, 'assessment.read', null));
      return sendXlsx(reply, `考评排名通报-${bulletin.period.key}`, await rankingWorkbook(bulletin));
    },
  );

  const RedQuery = Type.Object({ period: PeriodQuery }, { additionalProperties: false });
  app.get(
    '/bulletins/red-cases',
    {
      schema: {
        tags,
        summary:
          'Red (overdue) case bulletin (红灯超时案件通报): cases whose handling went overdue in the period, by unit',
        querystring: RedQuery,
        response: errors(400, 401, 403),
      },
    },
    async (request) => {
      const actor = authorize(request, 'assessment.read', null);
      return await bulletins.redCases(actor, periodOf(request.query.period));
    },
  );

  app.get(
    '/bulletins/red-cases.xlsx',
    {
      schema: {
        tags,
        summary: 'The red case bulletin as an Excel workbook',
        querystring: RedQuery,
        response: errors(400, 401, 403),
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'assessment.read', null);
      const bulletin = await bulletins.redCases(actor, periodOf(request.query.period));
      return sendXlsx(reply, `红灯超时案件通报-${bulletin.period.key}`, await redCaseWorkbook(bulletin));
    },
  );
};

/** GET /api/public/figures: the city's real-time figures, no personal data, rate-limited. */
export const publicFiguresRoutes: FastifyPluginAsyncTypebox<{ rateLimit: number }> = async (app, opts) => {
  const { bulletins } = app.services.assessment;
  app.get(
    '/',
    {
      config: { public: true, rateLimit: { max: opts.rateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['citizen'],
        security: [],
        summary: 'The city’s real-time figures for the public page: today, this month, open cases, by street',
        response: errors(429),
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return await bulletins.publicFigures();
    },
  );
};
