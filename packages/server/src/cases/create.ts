// Intake: every door (console, inspector app, hotline, citizen portal, Open311, 110, sensors)
// ends here, so a report is filed, numbered, timed, located and logged the same way. The case row
// and its intake event are written in one transaction; an idempotency key makes a retry one case.

import { createHash } from 'node:crypto';
import type { CaseRow, NewCase } from '@xiuhua/db';
import { cstDateOf } from '@xiuhua/domain/calendar';
import type { ClassKind } from '@xiuhua/domain/catalogue';
import { parseSourceDetails } from '@xiuhua/domain/channels';
import type { Crs } from '@xiuhua/domain/geo';
import { intakeRole } from '@xiuhua/domain/policy';
import type { ActorRole, CaseLevel, CaseSource } from '@xiuhua/domain/workflow';
import { type Actor, assertMay } from '../platform/actor.ts';
import { AppError } from '../platform/errors.ts';
import { assertKnownPhotos } from '../photos/service.ts';
import type { CaseDeps, Gateway, Photo, Trx } from './deps.ts';
import { appendEvent, notifyChange } from './events.ts';
import { intakeCentre } from './handoff.ts';
import { clockColumns, ownerSchedule, startClock } from './step-clock.ts';

export interface CreateCaseInput {
  source: CaseSource;
  kind: ClassKind;
  classCode: string;
  description: string;
  location: { lon: number; lat: number; crs?: Crs };
  address?: string;
  componentRef?: string;
  reporter?: { name?: string; phone?: string };
  photos?: Photo[];
  level?: CaseLevel;
  sourceRef?: string;
  /** The source's own fields, checked by @xiuhua/domain/channels (required for some sources). */
  sourceDetails?: unknown;
  idempotencyKey?: string;
}

/** Who is creating a case: a signed-in user, or a gateway acting for a citizen or device. */
export type Creator = { actor: Actor } | Gateway;

export interface CreateOptions {
  /** Runs in the creating transaction after the case and its event are written. */
  inTransaction?: (trx: Trx, row: CaseRow) => Promise<void>;
}

function defaultLevel(urgency: string): CaseLevel {
  return urgency === 'normal' ? 'street' : 'district';
}

/** The role the intake event records: the first intake role the creator holds. */
function actingRoleForIntake(actor: Actor): ActorRole {
  return intakeRole(actor.roles) ?? actor.roles[0]!;
}

/** Case numbers: year + 6-digit sequence (more digits past a million), never reused. */
async function nextCaseNumber(trx: Trx, year: number): Promise<string> {
  const row = await trx
    .insertInto('case_counters')
    .values({ year, last_seq: 1 })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet((eb) => ({ last_seq: eb('case_counters.last_seq', '+', 1) })),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return `${year}${String(row.last_seq).padStart(6, '0')}`;
}

/** JSON with every object's keys sorted: the same report, whatever order its fields came in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** What a report said (without its key): a retry has the same fingerprint, another report not. */
export function reportFingerprint(input: CreateCaseInput): string {
  const { idempotencyKey: _key, ...report } = input;
  return createHash('sha256').update(canonicalJson(report)).digest('base64url');
}

/**
 * The case an Idempotency-Key was first used for, if this request is a retry of that report;
 * 422 IDEMPOTENCY_KEY_REUSED if the key came with another report (a case taken before
 * fingerprints were kept replays as before).
 */
export function assertSameReport(row: CaseRow, fingerprint: string, key: string): void {
  if (row.idempotency_fingerprint !== null && row.idempotency_fingerprint !== fingerprint)
    throw new AppError(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      `Idempotency-Key ${key} was sent before with another report (case ${row.number}); send a new key with a new report`,
      'Idempotency-Key',
    );
}

async function caseByIdempotencyKey(deps: CaseDeps, key: string): Promise<CaseRow | undefined> {
  return await deps.db.selectFrom('cases').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

/**
 * Take a report. Returns the case and whether it was created now (false: idempotent replay).
 * `options.inTransaction` runs inside the creating transaction after the case and its event are
 * written (a gateway's own record of the report; throwing there undoes the case).
 */
export async function createCase(
  deps: CaseDeps,
  creator: Creator,
  input: CreateCaseInput,
  options: CreateOptions = {},
): Promise<{ row: CaseRow; created: boolean }> {
  const creatorKey = 'actor' in creator ? `u${creator.actor.user.id}` : `${creator.channel}:${creator.label}`;
  const idempotencyKey = input.idempotencyKey ? `${creatorKey}:${input.idempotencyKey}` : null;
  const fingerprint = idempotencyKey ? reportFingerprint(input) : null;
  const replay = (existing: CaseRow) => {
    assertSameReport(existing, fingerprint!, input.idempotencyKey!);
    return { row: existing, created: false };
  };
  if (idempotencyKey) {
    const existing = await caseByIdempotencyKey(deps, idempotencyKey);
    if (existing) return replay(existing);
  }
  if ('actor' in creator) assertMay(creator.actor, 'case.create', null);
  const sourceDetails = parseSourceDetails(input.source, input.sourceDetails, deps.clock.now());
  const cls = await deps.catalogue.require(input.kind, input.classCode);
  const place = await deps.grid.resolve(
    input.location.lon,
    input.location.lat,
    input.location.crs ?? 'WGS84',
  );
  const onRoad = await deps.roads.resolve(place.lon, place.lat);
  // Reports are taken inside the taker's area; a department has none, so it takes none.
  if ('actor' in creator && !creator.actor.scope.cityWide) {
    const inArea = creator.actor.scope.areaPaths.some(
      (p) => place.areaPath === p || place.areaPath.startsWith(`${p}/`),
    );
    if (!inArea) throw new AppError(403, 'NOT_IN_SCOPE', 'the location is outside your area', 'location');
  }
  // Uploaded photos (/api/photos/<id>) must exist and be the caller's to show.
  await assertKnownPhotos(deps.db, 'actor' in creator ? creator.actor : null, input.photos);
  const rules = await deps.time.rules();
  const now = deps.clock.now();
  // A street's own grid staff report to their street centre (街道发现); the rest to the district's.
  const centreUnitId = await intakeCentre(deps.directory, 'actor' in creator ? creator.actor : null, place);
  const owner = await ownerSchedule(deps.directory, rules, 'accept', {
    area_path: place.areaPath,
    assignee_unit_id: null,
    centre_unit_id: centreUnitId,
  });
  const { clock, note } = startClock('accept', cls, { areaClass: place.areaClass }, now, rules, owner);
  const actorRole: ActorRole = 'actor' in creator ? actingRoleForIntake(creator.actor) : creator.channel;
  const actorUserId = 'actor' in creator ? creator.actor.user.id : null;
  const actorUnitId = 'actor' in creator ? creator.actor.user.unit_id : null;
  try {
    const row = await deps.db.transaction().execute(async (trx) => {
      const number = await nextCaseNumber(trx, Number(cstDateOf(now).slice(0, 4)));
      const values: NewCase = {
        number,
        source: input.source,
        source_ref: input.sourceRef ?? null,
        source_details: sourceDetails ? JSON.stringify(sourceDetails) : null,
        kind: input.kind,
        class_id: cls.id,
        class_code: cls.code,
        description: input.description,
        address: input.address ?? null,
        lon: place.lon,
        lat: place.lat,
        cell_code: place.cellCode,
        community_code: place.communityCode,
        street_code: place.streetCode,
        district_code: place.districtCode,
        area_path: place.areaPath,
        area_class: place.areaClass,
        segment_id: onRoad.segmentId,
        zone_id: onRoad.zoneId,
        key_place_id: onRoad.keyPlaceId,
        roads_resolved_at: onRoad.resolved ? now : null,
        component_ref: input.componentRef ?? null,
        reporter_name: input.reporter?.name ?? null,
        reporter_phone: input.reporter?.phone ?? null,
        photos: JSON.stringify(input.photos ?? []),
        urgency: cls.urgency,
        level: input.level ?? defaultLevel(cls.urgency),
        centre_unit_id: centreUnitId,
        state: 'reported',
        step: 'accept', // the intake clock starts with the report
        created_by: actorUserId,
        idempotency_key: idempotencyKey,
        idempotency_fingerprint: fingerprint,
        reported_at: now,
        updated_at: now,
        ...clockColumns(clock, now, rules),
        limit_note: JSON.stringify(note),
      };
      const inserted = await trx.insertInto('cases').values(values).returningAll().executeTakeFirstOrThrow();
      await appendEvent(trx, inserted.id, {
        action: 'intake',
        from_state: null,
        to_state: 'reported',
        actor_user_id: actorUserId,
        actor_role: actorRole,
        actor_unit_id: actorUnitId,
        at: now,
        reason: null,
        data: {
          source: input.source,
          ...(sourceDetails ? { sourceDetails } : {}),
          classCode: cls.code,
          classVersion: cls.version,
          cellCode: place.cellCode,
          dueAt: clock ? values.due_at : null,
        },
        attachments: input.photos ?? [],
      });
      await options.inTransaction?.(trx, inserted);
      await notifyChange(trx, inserted.id, 'intake');
      return inserted;
    });
    return { row, created: true };
  } catch (e) {
    // Two retries of the same POST racing: the unique key lets one in; the other gets that case.
    if (idempotencyKey && (e as { code?: string }).code === '23505') {
      const existing = await caseByIdempotencyKey(deps, idempotencyKey);
      if (existing) return replay(existing);
    }
    throw e;
  }
}
