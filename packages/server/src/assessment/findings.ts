// Supervision findings (督查发现) for 100-point deduction schemes: the supervision office records,
// per subject and day, a finding type of the scheme's deduction table. The points in force are
// copied onto the finding. A month that is published is closed to new and voided findings: its
// score is frozen, and a mistake is put right by a correction in a later month.

import type { Db } from '@xiuhua/db';
import { cstDateOf } from '@xiuhua/domain/calendar';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { Actor } from '../platform/actor.ts';
import type { AssessmentPublication } from './publication.ts';
import { type AssessmentScores, periodOf, type Scheme } from './scores.ts';

export interface FindingInput {
  subjectId: string;
  date: string;
  code: string;
  count?: number | undefined;
  note?: string | undefined;
  caseId?: number | undefined;
}

export class SupervisionFindings {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #scores: AssessmentScores;
  readonly #publication: AssessmentPublication;

  constructor(deps: { db: Db; clock: Clock; scores: AssessmentScores; publication: AssessmentPublication }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#scores = deps.scores;
    this.#publication = deps.publication;
  }

  async record(actor: Actor, scheme: Scheme, input: FindingInput) {
    if (scheme.config.kind !== 'deduction')
      throw new AppError(400, 'INVALID_FIELD', `${scheme.name} is not a deduction scheme`, 'schemeId');
    const item = scheme.config.deductions.find((d) => d.code === input.code);
    if (!item)
      throw new AppError(
        400,
        'INVALID_FIELD',
        `code must be a finding type of ${scheme.name}: ${scheme.config.deductions.map((d) => d.code).join(', ')}`,
        'code',
      );
    const subject = (await this.#scores.subjectsOf(scheme)).find((s) => s.id === input.subjectId);
    if (!subject)
      throw new AppError(
        400,
        'INVALID_FIELD',
        `no subject ${input.subjectId} in ${scheme.name}`,
        'subjectId',
      );
    if (!(await this.#scores.canSee(actor, subject)))
      throw notFound(`subject ${input.subjectId}`, 'subjectId');
    const day = periodOf(input.date, 'date');
    if (day.kind !== 'day')
      throw new AppError(400, 'INVALID_FIELD', 'date must be a day, e.g. 2026-10-05', 'date');
    if (day.firstDay > cstDateOf(this.#clock.now()))
      throw new AppError(400, 'INVALID_FIELD', 'date is in the future', 'date');
    await this.#assertMonthOpen(scheme, day.firstDay, 'date');
    if (input.caseId !== undefined) {
      const found = await this.#db
        .selectFrom('cases')
        .select('id')
        .where('id', '=', input.caseId)
        .executeTakeFirst();
      if (!found) throw new AppError(422, 'UNKNOWN_CASE', `no case ${input.caseId}`, 'caseId');
    }
    const row = await this.#db
      .insertInto('supervision_findings')
      .values({
        scheme_id: scheme.id,
        subject_id: subject.id,
        found_on: day.firstDay,
        finding_code: item.code,
        points: item.points,
        count: input.count ?? 1,
        note: input.note?.trim() || null,
        case_id: input.caseId ?? null,
        recorded_by: actor.user.id,
        recorded_at: this.#clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return (await this.list(actor, scheme, { id: row.id }))[0]!;
  }

  async void(actor: Actor, scheme: Scheme, id: number, reason: string) {
    const text = reason.trim();
    if (text === '') throw new AppError(400, 'MISSING_FIELD', 'reason is required', 'reason');
    const [finding] = await this.list(actor, scheme, { id, withVoided: true });
    if (!finding) throw notFound(`finding ${id}`);
    if (finding.voidedAt) throw new AppError(409, 'CONFLICT', `finding ${id} is already voided`);
    await this.#assertMonthOpen(scheme, finding.date, 'id');
    await this.#db
      .updateTable('supervision_findings')
      .set({ voided_by: actor.user.id, voided_at: this.#clock.now(), void_reason: text })
      .where('id', '=', id)
      .execute();
    return (await this.list(actor, scheme, { id, withVoided: true }))[0]!;
  }

  async list(
    actor: Actor,
    scheme: Scheme,
    filter: { id?: number; period?: string; subjectId?: string; withVoided?: boolean },
  ) {
    let q = this.#db
      .selectFrom('supervision_findings as f')
      .innerJoin('users as u', 'u.id', 'f.recorded_by')
      .leftJoin('cases as c', 'c.id', 'f.case_id')
      .select([
        'f.id',
        'f.subject_id',
        'f.found_on',
        'f.finding_code',
        'f.points',
        'f.count',
        'f.note',
        'f.case_id',
        'c.number as case_number',
        'u.display_name as recorded_by',
        'f.recorded_at',
        'f.voided_at',
        'f.void_reason',
      ])
      .where('f.scheme_id', '=', scheme.id)
      .orderBy('f.found_on')
      .orderBy('f.id');
    if (filter.id !== undefined) q = q.where('f.id', '=', filter.id);
    if (filter.subjectId !== undefined) q = q.where('f.subject_id', '=', filter.subjectId);
    if (!filter.withVoided) q = q.where('f.voided_at', 'is', null);
    if (filter.period !== undefined) {
      const period = periodOf(filter.period);
      q = q.where('f.found_on', '>=', period.firstDay).where('f.found_on', '<=', period.lastDay);
    }
    const subjects = new Map((await this.#scores.subjectsOf(scheme)).map((s) => [s.id, s]));
    const names = new Map(scheme.config.deductions.map((d) => [d.code, d.name]));
    const out = [];
    for (const f of await q.execute()) {
      const subject = subjects.get(f.subject_id);
      if (subject ? !(await this.#scores.canSee(actor, subject)) : !actor.scope.cityWide) continue;
      out.push({
        id: f.id,
        subjectId: f.subject_id,
        subjectName: subject?.name ?? f.subject_id,
        date: f.found_on,
        code: f.finding_code,
        name: names.get(f.finding_code) ?? f.finding_code,
        points: Number(f.points),
        count: f.count,
        note: f.note,
        caseId: f.case_id,
        caseNumber: f.case_number,
        recordedBy: f.recorded_by,
        recordedAt: f.recorded_at,
        voidedAt: f.voided_at,
        voidReason: f.void_reason,
      });
    }
    return out;
  }

  async #assertMonthOpen(scheme: Scheme, day: string, field: string): Promise<void> {
    const month = day.slice(0, 7);
    if (await this.#publication.isPublished(scheme.id, month))
      throw new AppError(
        409,
        'PERIOD_PUBLISHED',
        `${month} is published for ${scheme.name}: its findings are frozen; file a correction in a later month`,
        field,
      );
  }
}
