// Sensors: the device registry and the alarm intake. An alarm names a registered, active device
// and an alarm type the device maps to a catalogue class; it becomes a case (source 'sensor') at
// the alarm's position, the device's, or its component's. While that case is open, further alarms
// of the same device and type are attached to it (recorded, counted, and noted on the case at most
// once an hour) instead of opening new cases. The same alarm sent twice is answered from the first.
// Every change to the device registry is recorded in the admin history, in its transaction.
//
// Concurrency: creating goes through CaseService.create, whose transaction takes the case-number
// counter row (one creator at a time); the alarm row is written in that same transaction after a
// re-check for an open case, so two first alarms racing end as one case and one attachment.

import type { CaseRow, Db, DeviceRow, SensorAlarmRow } from '@xiuhua/db';
import { DomainError } from '@xiuhua/domain';
import { deviceTypeOf, parseSourceDetails, type SourceDetails } from '@xiuhua/domain/channels';
import type { ClassKind } from '@xiuhua/domain/catalogue';
import type { Crs } from '@xiuhua/domain/geo';
import { FINAL_STATES } from '@xiuhua/domain/workflow';
import { type Transaction, sql } from 'kysely';
import type { Database } from '@xiuhua/db';
import { recordRowChange } from '../admin/history.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound, toAppError } from '../platform/errors.ts';
import type { Actor } from '../platform/actor.ts';
import { appendEvent, notifyChange } from '../cases/events.ts';
import type { CaseService } from '../cases/service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { ComponentService } from './components.ts';
import type { GridService } from '../geo/grid.ts';

type Trx = Transaction<Database>;

/** A repeated alarm is noted on its case at most this often (every alarm is still recorded). */
export const REPEAT_NOTE_INTERVAL_MS = 60 * 60_000;
/** The event a repeated alarm writes on its case (no change of state). */
export const SENSOR_ALARM_EVENT = 'sensor_alarm';

export interface AlarmInput {
  deviceId: string;
  alarmType: string;
  /** The sender's id of this alarm; without one, the alarm time identifies it. */
  alarmId?: string;
  at: string;
  reading?: number;
  unit?: string;
  position?: { lon: number; lat: number; crs?: Crs };
}

export interface AlarmResult {
  alarm: SensorAlarmRow;
  caseRow: Pick<CaseRow, 'id' | 'number' | 'state'>;
  /** true: this alarm was received before; nothing new was written. */
  replay: boolean;
  /** Alarms recorded on the case so far, this one included. */
  count: number;
}

export interface DeviceInput {
  deviceId: string;
  deviceType: string;
  name: string;
  componentId?: number | null;
  location?: { lon: number; lat: number; crs?: Crs } | null;
  active?: boolean;
  alarmClasses?: Record<string, { kind: ClassKind; classCode: string }>;
}

/** Thrown inside the creating transaction when another request opened the case first. */
class OpenedMeanwhile extends Error {}

const isFinal = (state: string) => (FINAL_STATES as readonly string[]).includes(state);

export class SensorService {
  #db: Db;
  #clock: Clock;
  #cases: CaseService;
  #components: ComponentService;
  #catalogue: CatalogueService;
  #grid: GridService;

  constructor(deps: {
    db: Db;
    clock: Clock;
    cases: CaseService;
    components: ComponentService;
    catalogue: CatalogueService;
    grid: GridService;
  }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#cases = deps.cases;
    this.#components = deps.components;
    this.#catalogue = deps.catalogue;
    this.#grid = deps.grid;
  }

  // ---------------------------------------------------------------- alarms

  async receive(actor: Actor, input: AlarmInput): Promise<AlarmResult> {
    const device = await this.#db
      .selectFrom('devices')
      .selectAll()
      .where('device_id', '=', input.deviceId)
      .executeTakeFirst();
    if (!device)
      throw new AppError(422, 'UNKNOWN_DEVICE', `there is no device ${input.deviceId}`, 'deviceId');
    if (!device.active)
      throw new AppError(
        422,
        'DEVICE_INACTIVE',
        `device ${input.deviceId} is switched off in the registry`,
        'deviceId',
      );
    const target = device.alarm_classes[input.alarmType];
    if (!target)
      throw new AppError(
        422,
        'UNMAPPED_ALARM_TYPE',
        `device ${device.device_id} maps no class to alarm type ${input.alarmType} (it maps ${Object.keys(device.alarm_classes).join(', ') || 'none'})`,
        'alarmType',
      );
    const component =
      device.component_id === null ? undefined : await this.#components.byId(device.component_id);
    const details = this.#details(device, input, component?.code);
    const dedupKey = input.alarmId ?? (details.alarmAt as string);
    const alarmAt = new Date(details.alarmAt as string);
    const position =
      input.position ??
      (device.lon !== null && device.lat !== null ? { lon: device.lon, lat: device.lat } : component);
    if (!position)
      throw new AppError(
        422,
        'MISSING_POSITION',
        `device ${device.device_id} has no position: send one`,
        'position',
      );
    // Outside the grid is the sender's problem (position) when it sent one, else the registry's.
    const place = await this.#grid.resolve(
      position.lon,
      position.lat,
      input.position?.crs ?? 'WGS84',
      'position',
    );
    const alarmValues = {
      device_id: device.id,
      alarm_type: input.alarmType,
      dedup_key: dedupKey,
      alarm_id: input.alarmId ?? null,
      alarm_at: alarmAt,
      reading: input.reading ?? null,
      unit: input.unit ?? null,
      lon: place.lon,
      lat: place.lat,
      received_at: this.#clock.now(),
      received_by: actor.user.id,
    };

    for (let attempt = 0; attempt < 3; attempt++) {
      // Known alarm, or an open case to attach to: one short transaction under the device's lock.
      const done = await this.#db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtext(${`sensor:${device.id}`}))`.execute(trx);
        const replay = await this.#replay(trx, device.id, dedupKey);
        if (replay) return replay;
        const open = await this.#openCase(trx, device.device_id, input.alarmType);
        if (!open) return null;
        return await this.#attach(trx, open.id, alarmValues, details);
      });
      if (done) return done;
      try {
        const { row } = await this.#cases.create(
          { channel: 'system', label: 'sensors' },
          {
            source: 'sensor',
            kind: target.kind,
            classCode: target.classCode,
            description: this.#description(device, input),
            location: { lon: place.lon, lat: place.lat },
            ...(component?.address ? { address: component.address } : {}),
            ...(component ? { componentRef: component.code } : {}),
            sourceDetails: details,
          },
          {
            inTransaction: async (trx, created) => {
              await sql`select pg_advisory_xact_lock(hashtext(${`sensor:${device.id}`}))`.execute(trx);
              const other = await this.#openCase(trx, device.device_id, input.alarmType, created.id);
              if (other || (await this.#replay(trx, device.id, dedupKey))) throw new OpenedMeanwhile();
              await trx
                .insertInto('sensor_alarms')
                .values({ ...alarmValues, case_id: created.id, outcome: 'created' })
                .execute();
              await this.#touchDevice(trx, device.id, alarmAt);
            },
          },
        );
        const alarm = await this.#db
          .selectFrom('sensor_alarms')
          .selectAll()
          .where('device_id', '=', device.id)
          .where('dedup_key', '=', dedupKey)
          .executeTakeFirstOrThrow();
        return { alarm, caseRow: row, replay: false, count: 1 };
      } catch (e) {
        if (e instanceof OpenedMeanwhile || (e as { code?: string }).code === '23505') continue;
        throw this.#blame(e, device);
      }
    }
    throw new AppError(409, 'CONFLICT', 'the alarm raced with others for too long; send it again');
  }

  /** The alarms recorded on a case the actor may see, newest first. */
  async alarmsOfCase(actor: Actor, idOrNumber: string) {
    const row = await this.#cases.get(actor, idOrNumber);
    return await this.#db
      .selectFrom('sensor_alarms as a')
      .innerJoin('devices as d', 'd.id', 'a.device_id')
      .selectAll('a')
      .select(['d.device_id as device_code', 'd.name as device_name'])
      .where('a.case_id', '=', row.id)
      .orderBy('a.alarm_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(500)
      .execute();
  }

  #details(device: DeviceRow, input: AlarmInput, componentCode: string | undefined): SourceDetails {
    const raw = {
      deviceId: device.device_id,
      alarmType: input.alarmType,
      alarmAt: input.at,
      alarmId: input.alarmId,
      reading: input.reading,
      unit: input.unit,
      componentCode,
    };
    try {
      return parseSourceDetails('sensor', raw, this.#clock.now())!;
    } catch (e) {
      // The details' names are the body's, except the time, which the body calls `at`.
      if (e instanceof DomainError && e.field) {
        const key = e.field.replace(/^sourceDetails\./, '');
        const field = key === 'alarmAt' ? 'at' : key;
        throw new AppError(400, e.code, e.message.replace(e.field, field), field);
      }
      throw e;
    }
  }

  #description(device: DeviceRow, input: AlarmInput): string {
    const type = deviceTypeOf(device.device_type);
    const alarm = type?.alarms.find((a) => a.alarmType === input.alarmType);
    const reading = input.reading === undefined ? '' : `，读数 ${input.reading}${input.unit ?? ''}`;
    return `【传感器报警】${device.name}（${device.device_id}）：${alarm?.zh ?? input.alarmType}${reading}`;
  }

  /** Errors of the case intake, said in the alarm's terms. */
  #blame(e: unknown, device: DeviceRow): unknown {
    const known = toAppError(e);
    if (known?.code === 'UNKNOWN_CLASS' || known?.code === 'INACTIVE_CLASS')
      return new AppError(
        422,
        known.code,
        `device ${device.device_id} maps this alarm type to a class that is no longer active: ${known.message}`,
        'alarmType',
      );
    return e;
  }

  async #replay(trx: Trx, deviceId: number, dedupKey: string): Promise<AlarmResult | null> {
    const alarm = await trx
      .selectFrom('sensor_alarms')
      .selectAll()
      .where('device_id', '=', deviceId)
      .where('dedup_key', '=', dedupKey)
      .executeTakeFirst();
    if (!alarm) return null;
    const caseRow = await trx
      .selectFrom('cases')
      .select(['id', 'number', 'state'])
      .where('id', '=', alarm.case_id)
      .executeTakeFirstOrThrow();
    return { alarm, caseRow, replay: true, count: await this.#count(trx, alarm.case_id) };
  }

  async #openCase(trx: Trx, deviceId: string, alarmType: string, exceptId?: number) {
    let q = trx
      .selectFrom('cases')
      .select(['id', 'state'])
      .where('source', '=', 'sensor')
      .where(sql<string>`source_details ->> 'deviceId'`, '=', deviceId)
      .where(sql<string>`source_details ->> 'alarmType'`, '=', alarmType)
      // Literal states, so the planner can match the partial index cases_sensor_open.
      .where(sql<boolean>`state not in (${sql.join(FINAL_STATES.map((s) => sql.lit(s)))})`);
    if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
    return await q.orderBy('id', 'desc').executeTakeFirst();
  }

  async #attach(
    trx: Trx,
    caseId: number,
    values: Omit<SensorAlarmRow, 'id' | 'case_id' | 'outcome'>,
    details: SourceDetails,
  ): Promise<AlarmResult | null> {
    // The case row lock orders the note after any change being made to the case right now.
    const row = await trx
      .selectFrom('cases')
      .select(['id', 'number', 'state'])
      .where('id', '=', caseId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (isFinal(row.state)) return null; // closed meanwhile: the alarm opens a new case
    const alarm = await trx
      .insertInto('sensor_alarms')
      .values({ ...values, case_id: row.id, outcome: 'attached' })
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.#touchDevice(trx, values.device_id, values.alarm_at);
    const count = await this.#count(trx, row.id);
    const last = await trx
      .selectFrom('case_events')
      .select('at')
      .where('case_id', '=', row.id)
      .where('action', 'in', ['intake', SENSOR_ALARM_EVENT])
      .orderBy('seq', 'desc')
      .executeTakeFirst();
    const now = this.#clock.now();
    if (!last || now.getTime() - last.at.getTime() >= REPEAT_NOTE_INTERVAL_MS) {
      await appendEvent(trx, row.id, {
        action: SENSOR_ALARM_EVENT,
        from_state: row.state,
        to_state: row.state,
        actor_user_id: null,
        actor_role: 'system',
        actor_unit_id: null,
        at: now,
        reason: `第 ${count} 次报警`,
        data: { ...details, count },
        attachments: [],
      });
      await notifyChange(trx, row.id, SENSOR_ALARM_EVENT);
    }
    return { alarm, caseRow: row, replay: false, count };
  }

  async #count(trx: Trx, caseId: number): Promise<number> {
    const { n } = await trx
      .selectFrom('sensor_alarms')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  async #touchDevice(trx: Trx, deviceId: number, at: Date): Promise<void> {
    await trx
      .updateTable('devices')
      .set({ last_alarm_at: sql`greatest(last_alarm_at, ${at})` })
      .where('id', '=', deviceId)
      .execute();
  }

  // ---------------------------------------------------------------- the device registry

  async listDevices() {
    return await this.#db.selectFrom('devices').selectAll().orderBy('device_id').execute();
  }

  async device(id: number): Promise<DeviceRow> {
    const row = await this.#db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('device');
    return row;
  }

  async createDevice(input: DeviceInput, by: number | null): Promise<DeviceRow> {
    const values = await this.#checkedDevice(input);
    try {
      return await this.#db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('devices')
          .values({ ...values, device_id: input.deviceId, created_at: this.#clock.now() })
          .returningAll()
          .executeTakeFirstOrThrow();
        await this.#recordDevice(trx, by, null, row);
        return row;
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505')
        throw new AppError(409, 'DUPLICATE', `a device ${input.deviceId} is registered`, 'deviceId');
      throw e;
    }
  }

  async updateDevice(
    id: number,
    patch: Partial<Omit<DeviceInput, 'deviceId'>>,
    by: number | null,
  ): Promise<DeviceRow> {
    const current = await this.device(id);
    const values = await this.#checkedDevice({
      deviceId: current.device_id,
      deviceType: patch.deviceType ?? current.device_type,
      name: patch.name ?? current.name,
      componentId: patch.componentId !== undefined ? patch.componentId : current.component_id,
      location:
        patch.location !== undefined
          ? patch.location
          : current.lon !== null && current.lat !== null
            ? { lon: current.lon, lat: current.lat }
            : null,
      active: patch.active ?? current.active,
      alarmClasses: patch.alarmClasses ?? current.alarm_classes,
    });
    return await this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('devices')
        .set({ ...values, updated_at: this.#clock.now() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.#recordDevice(trx, by, current, row);
      return row;
    });
  }

  /** Delete a device that never raised an alarm; one with alarms is 409 (switch it off instead). */
  async removeDevice(id: number, by: number | null): Promise<void> {
    const used = await this.#db
      .selectFrom('sensor_alarms')
      .select('id')
      .where('device_id', '=', id)
      .executeTakeFirst();
    if (used) throw new AppError(409, 'IN_USE', 'this device has alarms on record; set it inactive instead');
    await this.#db.transaction().execute(async (trx) => {
      const row = await trx.deleteFrom('devices').where('id', '=', id).returningAll().executeTakeFirst();
      if (!row) throw notFound('device');
      await this.#recordDevice(trx, by, row, null);
    });
  }

  async #recordDevice(trx: Db, by: number | null, before: DeviceRow | null, after: DeviceRow | null) {
    await recordRowChange(trx, { actorUserId: by, entity: 'device', at: this.#clock.now() }, before, after);
  }

  async #checkedDevice(input: DeviceInput) {
    if (input.componentId != null && !(await this.#components.byId(input.componentId)))
      throw new AppError(
        422,
        'UNKNOWN_COMPONENT',
        `there is no component ${input.componentId}`,
        'componentId',
      );
    let point: { lon: number; lat: number } | null = null;
    if (input.location) {
      const place = await this.#grid.resolve(
        input.location.lon,
        input.location.lat,
        input.location.crs ?? 'WGS84',
      );
      point = { lon: place.lon, lat: place.lat };
    } else if (input.componentId == null) {
      // An alarm must land somewhere: the device's own position or its component's.
      throw new AppError(400, 'MISSING_FIELD', 'a device needs a location or a componentId', 'location');
    }
    const classes = input.alarmClasses ?? {};
    for (const [alarmType, target] of Object.entries(classes))
      await this.#catalogue.require(target.kind, target.classCode, `alarmClasses.${alarmType}.classCode`);
    return {
      device_type: input.deviceType,
      name: input.name.trim(),
      component_id: input.componentId ?? null,
      lon: point?.lon ?? null,
      lat: point?.lat ?? null,
      active: input.active ?? true,
      alarm_classes: JSON.stringify(classes),
    };
  }
}
