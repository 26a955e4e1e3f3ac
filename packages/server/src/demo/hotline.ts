// Demo data for the hotline desk: a gazetteer (the demo city's own roads and landmarks, plus a
// hand-made list of real 闵行 road and landmark names placed at points computed inside the demo
// streets — the places are real names, the positions are not), and, with demo cases, a few calls
// and closed hotline cases waiting in the callback queue.

import type { Db } from '@xiuhua/db';
import { type DemoCity, interiorPoint, prepareGeometry } from '@xiuhua/domain/geo';
import type { CaseAction } from '@xiuhua/domain/workflow';
import { buildServices } from '../composition.ts';
import { ManualClock } from '../platform/clock.ts';
import type { Actor } from '../platform/actor.ts';
import type { PlaceInput, PlacesService } from '../geo/places.ts';
import { minhangPlaces } from './minhang.ts';

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
  },
): Promise<void> {
  const log = options.log ?? (() => {});
  const clock = new ManualClock(new Date(options.now.getTime() - 4 * 86_400_000));
  const services = buildServices(db, clock);
  const { places, hotline } = services;
  const report = await places.upsert(await demoPlaces(places, options.city), 'demo');
  log(
    `places: ${report.imported}${report.rejected.length ? `, ${report.rejected.length} outside the city` : ''}`,
  );
  if (!options.withCalls) return;

  const { actor } = options;
  const street = options.city.streets[0]!;
  const squad = await db
    .selectFrom('units')
    .select('id')
    .where('code', '=', 's1-sanitation')
    .executeTakeFirstOrThrow();
  const spots = (await places.search(null, '江川路', 20)).filter(
    (h) => h.kind === 'road' || h.kind === 'landmark',
  );
  const calls: [phone: string, cls: string, text: string, reply: string][] = [
    [
      '13916620001',
      '06010',
      '江川路人行道上堆了几袋生活垃圾，已经两天没人清理。',
      '您反映的暴露垃圾问题已登记，环卫部门将在规定时限内清理，处理后我们会回访您。',
    ],
    [
      '13916620002',
      '06001',
      '路面上有大片油污，骑车容易滑倒。',
      '已为您登记，我们会通知责任单位尽快清洗路面，感谢您的反映。',
    ],
    [
      '13816620003',
      '06010',
      '地铁站出口旁边有人乱扔装修垃圾。',
      '已记录您反映的问题，将派员到现场核实处理，请保持电话畅通以便回访。',
    ],
  ];
  // Hotline cases from four days ago, taken through the loop to closure: the callback queue.
  const loop: [username: string, action: CaseAction, input: Record<string, unknown>][] = [
    ['intake', 'accept', {}],
    ['shift', 'file', {}],
    ['dispatch', 'dispatch', { unitId: String(squad.id) }],
    ['s1-handler', 'sign', {}],
    [
      's1-handler',
      'report_back',
      { reason: '已清理完毕', photos: [{ url: '/demo/photos/after-06010.jpg' }] },
    ],
    ['inspector1', 'check_pass', {}],
    ['shift', 'close', {}],
  ];
  for (const [i, [phone, code, text, reply]] of calls.entries()) {
    const spot =
      spots[i % Math.max(1, spots.length)]?.location ?? interiorPoint(prepareGeometry(street.geometry))!;
    clock.advanceMinutes(37);
    const { call } = await hotline.startCall(actor('intake'), { callerPhone: phone });
    clock.advanceMinutes(3);
    const { row } = await hotline.createCase(actor('intake'), call.id, {
      kind: 'event',
      classCode: code,
      description: text,
      location: { lon: spot.lon, lat: spot.lat },
      address: spots[i % Math.max(1, spots.length)]?.name ?? street.name,
      reporterName: ['王先生', '刘女士', '陈先生'][i],
      firstReply: reply,
    });
    for (const [username, action, input] of loop) {
      clock.advanceMinutes(45);
      await services.cases.act(actor(username), row.id, action, input as never);
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
