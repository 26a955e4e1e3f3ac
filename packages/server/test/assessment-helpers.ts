// Driving whole cases through the loop for the assessment tests, on the manual clock, with times
// chosen so the deadlines are known by hand: 暴露垃圾 (event 06010) in a B-class street
// (古美 310112006 = street 2, 310112008 = street 3) has 4 working hours to handle, so a dispatch
// at 09:30 on a working day is due at 15:00 (2.5 h before lunch, 1.5 h after 13:30).

import assert from 'node:assert/strict';
import { AFTER_PHOTOS, type TestServer } from './fixture.ts';

export const STREETS = { 2: '310112006', 3: '310112008' } as const;

export interface Drive {
  /** 2 or 3: the street, its inspector (inspectorN), handler (sN-handler) and squad (sN-sanitation). */
  street: 2 | 3;
  /** A working day, YYYY-MM-DD. */
  day: string;
  /** Reported by the street's own inspector (default) or through the hotline (someone else found it). */
  by?: 'inspector' | 'hotline';
  /** Reported back at 16:00, after the 15:00 deadline (default: 14:00, on time). */
  late?: boolean;
  /** Stop after this action (default: close). */
  until?: 'sign' | 'close';
  /** A callback after closing: unsatisfied reopens the case. */
  callback?: 'satisfied' | 'unsatisfied';
}

export function loopDriver(s: TestServer) {
  const at = (day: string, time: string) => s.clock.set(new Date(`${day}T${time}:00+08:00`));
  let unitIds: Map<string, number> | null = null;
  const unitId = async (code: string) => {
    unitIds ??= new Map(
      ((await s.call('GET', '/api/units', { as: 'admin' })).body as { id: number; code: string }[]).map(
        (u) => [u.code, u.id],
      ),
    );
    return unitIds.get(code)!;
  };

  /** One case through the loop; returns its id. */
  async function drive(d: Drive): Promise<number> {
    const n = d.street;
    at(d.day, '09:00');
    const created = await s.call('POST', '/api/cases', {
      as: d.by === 'hotline' ? 'intake' : `inspector${n}`,
      body: {
        source: d.by === 'hotline' ? 'hotline' : 'inspector',
        kind: 'event',
        classCode: '06010',
        description: '路边暴露垃圾',
        location: await s.pointIn(STREETS[n]),
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id: number = created.body.id;
    at(d.day, '09:10');
    await s.act('intake', id, 'accept');
    at(d.day, '09:20');
    await s.act('shift', id, 'file');
    at(d.day, '09:30');
    await s.act('dispatch', id, 'dispatch', { unitId: await unitId(`s${n}-sanitation`) });
    at(d.day, '09:40');
    await s.act(`s${n}-handler`, id, 'sign');
    if (d.until === 'sign') return id;
    at(d.day, d.late ? '16:00' : '14:00');
    await s.act(`s${n}-handler`, id, 'report-back', { reason: '已清理', photos: AFTER_PHOTOS });
    at(d.day, d.late ? '16:20' : '14:20');
    await s.act(`inspector${n}`, id, 'check-pass');
    at(d.day, d.late ? '16:40' : '14:40');
    await s.act('shift', id, 'close');
    if (d.callback) {
      at(d.day, '17:00');
      await s.act('intake', id, 'callback', {
        satisfaction: d.callback,
        reason: d.callback === 'unsatisfied' ? '问题仍未解决' : '满意',
      });
    }
    return id;
  }

  return { at, drive, unitId };
}
