// Demo data for the hotline desk: a gazetteer (the demo city's own roads and landmarks, plus a
// hand-made list of real 闵行 road and landmark names placed at points computed inside the demo
// streets — the places are real names, the positions are not), and, with demo cases, a few calls
// and closed hotline cases waiting in the callback queue.

import type { Db } from '@xiuhua/db';
import { cstDayNumber, cstDayStart, isoDateOfDay } from '@xiuhua/domain/calendar';
import { type DemoCity, interiorPoint, prepareGeometry } from '@xiuhua/domain/geo';
import type { CaseAction } from '@xiuhua/domain/workflow';
import { buildServices } from '../composition.ts';
import { ManualClock } from '../platform/clock.ts';
import type { Actor } from '../platform/actor.ts';
import type { PlaceInput, PlacesService } from '../geo/places.ts';
import type { TimeRules } from '../calendar/service.ts';
import { minhangPlaces } from './minhang.ts';

/** The three hotline cases are reported at 09:40, 10:20 and 11:00 on the last working day at least four days ago. */
export function hotlineCaseTimes(now: Date, rules: TimeRules): number[] {
  let day = cstDayNumber(now.getTime()) - 4;
  while (!rules.calendar.isWorkingDay(isoDateOfDay(day))) day--;
  const nine = cstDayStart(day) + 9 * 3600_000;
  return [40, 80, 120].map((m) => nine + m * 60_000);
}

/** The demo city's gazetteer: its roads (one place per street crossed), landmarks and the real names. */
async function demoPlaces(places: PlacesService, city: DemoCity): Promise<PlaceInput[]> {
  const out: PlaceInput[] = [];
  for (const road of city.roads) {
    for (const p of await places.roadPoints([road.geometry.coordinates])) {
      out.push({ kind: 'road', category: road.roadClass, name: road.name, lon: p.lon, lat: p.lat });
    }
  }
  for (const l of city.landmarks) {
    const [lon, lat] = l.geometry.coordinates as [number, number];
    const kind = l.kind === 'residential' ? 'compound' : 'landmark';
    out.push({ kind, category: l.kind, name: l.name, lon, lat });
  }
  for (const p of minhangPlaces(city)) {
    const { streetCode: _street, ...place } = p;
    out.push(place);
  }
  return out;
}

export async function seedHotlineDemo(
  db: Db,
  options: {
    city: DemoCity;
    now: Date;
    withCalls: boolean;
    log?: (m: string) => void;
    /** The demo users as actors (from the seed). */
    actor: (username: string) => Actor;
    /** The seed's working time (demoTiming) and photos (demoPhotos). */
    timing: { rules: TimeRules; after(username: string, from: Date, minutes: number): Date };
    photos: { url(actor: Actor, kind: 'after', n: number): Promise<string> };
  },
): Promise<void> {
  const log = options.log ?? (() => {});
  const times = hotlineCaseTimes(options.now, options.timing.rules);
  const clock = new ManualClock(new Date(times[0]! - 40 * 60_000));
  const services = buildServices(db, clock);
  const { places, hotline } = services;
  const report = await places.upsert(await demoPlaces(places, options.city), 'demo');
  log(
    `places: ${report.imported}${report.rejected.length ? `, ${report.rejected.length} outside the city` : ''}`,
  );
  if (!options.withCalls) return;

  const { actor } = options;
  const street = options.city.streets[0]!;
  const spots = (await places.search(null, '江川路', 20)).filter(
    (h) => h.kind === 'road' || h.kind === 'landmark',
  );
  const calls: [phone: string, cls: string, text: string, reply: string][] = [
    [
      '13916620001',
      '06010',
      '江川路 128 号门前人行道上暴露垃圾约 3 袋，已经两天没人清理。',
      '您反映的暴露垃圾问题已登记，环卫部门将在规定时限内清理，处理后我们会回访您。',
    ],
    [
      '13916620002',
      '06012',
      '江川路 215 号东侧道路不洁，路面上有大片油污，骑车容易滑倒。',
      '已为您登记，我们会通知责任单位尽快清洗路面，感谢您的反映。',
    ],
    [
      '13816620003',
      '06011',
      '江川路 47 号旁地铁站出口有人乱扔装修垃圾，积存垃圾渣土约 2 立方米。',
      '已记录您反映的问题，将派员到现场核实处理，请保持电话畅通以便回访。',
    ],
  ];
  // Hotline cases from four days ago, taken through the loop to closure: the callback queue.
  const after = [{ url: await options.photos.url(actor('s1-handler'), 'after', 0), caption: '处置后' }];
  const loop: [username: string, action: CaseAction, input: Record<string, unknown>][] = [
    ['intake', 'accept', {}],
    ['shift', 'file', {}],
    ['dispatch', 'dispatch', {}],
    ['s1-handler', 'sign', {}],
    ['s1-handler', 'report_back', { reason: '已清理完毕', photos: after }],
    ['inspector1', 'check_pass', {}],
    ['shift', 'close', {}],
  ];
  const rows = [];
  for (const [i, [phone, code, text, reply]] of calls.entries()) {
    const spot =
      spots[i % Math.max(1, spots.length)]?.location ?? interiorPoint(prepareGeometry(street.geometry))!;
    clock.set(new Date(times[i]! - 3 * 60_000));
    const { call } = await hotline.startCall(actor('intake'), { callerPhone: phone });
    clock.set(new Date(times[i]!));
    const { row } = await hotline.createCase(actor('intake'), call.id, {
      kind: 'event',
      classCode: code,
      description: text,
      location: { lon: spot.lon, lat: spot.lat },
      address: /^\S+ \d+ 号/.exec(text)![0],
      reporterName: ['王先生', '刘女士', '陈先生'][i],
      firstReply: reply,
    });
    rows.push(row);
  }
  for (const [i, row] of rows.entries()) {
    for (const [username, action, input] of loop) {
      clock.set(options.timing.after(username, clock.now(), 45));
      const unitId = action === 'dispatch' ? (await services.routing.suggest(row)).unitId : undefined;
      await services.cases.act(actor(username), row.id, action, (unitId ? { unitId } : input) as never);
    }
    if (i === 0) {
      clock.advanceMinutes(600);
      await hotline.callbackNotReached(actor('intake'), row.id, '无人接听');
    }
  }
  // A caller asking again about the first case, answered without a new case.
  clock.advanceMinutes(120);
  const { call } = await hotline.startCall(actor('intake'), { callerPhone: calls[0]![0] });
  await hotline.complete(actor('intake'), call.id, {
    outcome: 'consultation',
    firstReply: '您反映的问题已处理完毕，近期会有工作人员回访。',
  });
  log(`hotline: ${calls.length + 1} calls, ${calls.length} cases awaiting callback`);
}
