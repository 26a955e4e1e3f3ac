// /api/assessment: the indicator definitions in plain words, the live figures of a period for a
// subject level, and the drill-down from a figure to the facts and cases behind it. Readers see
// the subjects of their own area (or units) only. Scores, publication and bulletins are in
// assessment/publication-routes.ts.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  indicatorOf,
  isSubjectLevel,
  SUBJECT_LEVEL_NAMES,
  SUBJECT_LEVELS,
  type SubjectLevel,
  type Term,
} from '@xiuhua/domain/assessment';
import { Type } from 'typebox';
import { AppError } from '../platform/errors.ts';
import { type Actor, authorize } from '../platform/actor.ts';
import type { Subject } from './engine.ts';
import { periodOf } from './scores.ts';
import { errors } from '../platform/schemas.ts';
import { FactDrilldown, IndicatorSchema, LiveFigures } from './schemas.ts';

const tags = ['assessment'];
const PeriodParam = Type.String({
  minLength: 1,
  maxLength: 30,
  description: '2026-10 (month), 2026-Q4, 2026, 2026-W41, 2026-10-05 or 2026-10-01~2026-10-15',
});
const LevelParam = Type.String({ description: SUBJECT_LEVELS.join(' | ') });

const term = (t: Term) => ({ term: t.id, zh: t.zh, en: t.en, at: t.at, atEnd: t.atEnd ?? null });

function levelOf(value: string): SubjectLevel {
  if (!isSubjectLevel(value))
    throw new AppError(400, 'INVALID_FIELD', `level must be one of ${SUBJECT_LEVELS.join(', ')}`, 'level');
  return value;
}

export const assessmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { engine } = app.services;
  const { scores } = app.services.assessment;

  /** The subjects of a level the actor may see (their area's, their units'). */
  async function visibleSubjects(actor: Actor, level: SubjectLevel): Promise<Subject[]> {
    const all = await engine.subjects(level);
    if (actor.scope.cityWide) return all;
    const seen: Subject[] = [];
    for (const s of all) if (await scores.canSee(actor, s)) seen.push(s);
    return seen;
  }

  async function subjectOf(actor: Actor, level: SubjectLevel, id: string): Promise<Subject> {
    const subject = (await visibleSubjects(actor, level)).find((s) => s.id === id);
    // A subject outside the caller's scope is answered as unknown, like a case.
    if (!subject) throw new AppError(404, 'NOT_FOUND', `there is no ${level} ${id}`, 'subject');
    return subject;
  }

  app.get(
    '/indicators',
    {
      schema: {
        tags,
        summary: 'Every indicator: its numerator and denominator in plain words, levels, roles, direction',
        response: {
          200: Type.Array(IndicatorSchema),
          ...errors(401, 403),
        },
      },
    },
    async (request) => {
      authorize(request, 'assessment.read', null);
      return engine.indicators().map((d) => ({
        id: d.id,
        zh: d.zh,
        en: d.en,
        group: d.group,
        levels: [...d.levels],
        roles: [...(d.roles ?? [])],
        better: d.better,
        numerator: term(d.numerator),
        denominator: term(d.denominator),
        levelNames: Object.fromEntries(d.levels.map((l) => [l, SUBJECT_LEVEL_NAMES[l]])),
      }));
    },
  );

  app.get(
    '/figures',
    {
      schema: {
        tags,
        summary:
          'Live figures of a period: every visible subject of the level × every indicator that applies (value null = not applicable)',
        querystring: Type.Object(
          {
            period: PeriodParam,
            level: LevelParam,
            subject: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            indicator: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: LiveFigures,
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const actor = authorize(request, 'assessment.read', null);
      const q = request.query;
      const period = periodOf(q.period);
      const level = levelOf(q.level);
      if (q.indicator !== undefined) {
        const def = indicatorOf(q.indicator);
        if (!def?.levels.includes(level))
          throw new AppError(
            400,
            'INVALID_FIELD',
            `there is no indicator ${q.indicator} for the ${level} level`,
            'indicator',
          );
      }
      const subjects =
        q.subject !== undefined
          ? [await subjectOf(actor, level, q.subject)]
          : await visibleSubjects(actor, level);
      const figures =
        subjects.length === 0
          ? []
          : await engine.figures(period, level, {
              subjectIds: subjects.map((s) => s.id),
              ...(q.indicator ? { indicators: [q.indicator] } : {}),
            });
      return { period: periodOut(period), level, subjects, figures };
    },
  );

  app.get(
    '/drilldown',
    {
      schema: {
        tags,
        summary: 'The facts and cases behind one side of a figure (one row per counted fact)',
        querystring: Type.Object(
          {
            period: PeriodParam,
            level: LevelParam,
            subject: Type.String({ minLength: 1, maxLength: 40 }),
            indicator: Type.String({ minLength: 1, maxLength: 40 }),
            side: Type.Union([Type.Literal('numerator'), Type.Literal('denominator')]),
          },
          { additionalProperties: false },
        ),
        response: {
          200: FactDrilldown,
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const actor = authorize(request, 'assessment.read', null);
      const q = request.query;
      const period = periodOf(q.period);
      const level = levelOf(q.level);
      const def = indicatorOf(q.indicator);
      if (!def?.levels.includes(level))
        throw new AppError(
          400,
          'INVALID_FIELD',
          `there is no indicator ${q.indicator} for the ${level} level`,
          'indicator',
        );
      const subject = await subjectOf(actor, level, q.subject);
      const rows = await engine.drilldown(period, level, subject.id, def.id, q.side);
      return {
        period: periodOut(period),
        subject,
        indicator: def.id,
        side: q.side,
        term: term(q.side === 'numerator' ? def.numerator : def.denominator),
        count: rows.length,
        rows: rows.map((r) => ({
          ...r,
          reportedAt: r.reportedAt.toISOString(),
          startedAt: r.startedAt.toISOString(),
          dueAt: r.dueAt?.toISOString() ?? null,
          doneAt: r.doneAt?.toISOString() ?? null,
        })),
      };
    },
  );
};

function periodOut(p: ReturnType<typeof periodOf>) {
  return {
    key: p.key,
    kind: p.kind,
    firstDay: p.firstDay,
    lastDay: p.lastDay,
    start: p.start.toISOString(),
    end: p.end.toISOString(),
  };
}
