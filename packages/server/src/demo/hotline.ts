// Demo data for the hotline desk: a gazetteer (the demo city's own roads and landmarks, plus a
// hand-made list of real 闵行 road and landmark names placed at points computed inside the demo
// streets — the places are real names, the positions are not), and, with demo cases, a few calls
// and closed hotline cases waiting in the callback queue.

import type { Db } from '@xiuhua/db';
import {
  containsPoint,
  type DemoCity,
  interiorPoint,
  prepareGeometry,
  seededRandom,
} from '@xiuhua/domain/geo';
import type { CaseAction } from '@xiuhua/domain/workflow';
import { buildServices } from '../composition.ts';
import { ManualClock } from '../platform/clock.ts';
import type { Actor } from '../platform/actor.ts';
import type { PlaceInput, PlacesService } from '../geo/places.ts';

type Named = readonly [name: string, aliases?: readonly string[], category?: string];

/** Real names of 闵行 roads and landmarks, grouped by the demo street they are placed in. */
const MINHANG: Record<string, { roads: readonly Named[]; landmarks: readonly Named[] }> = {
  '310112001': {
    roads: [
      ['江川路'],
      ['沪闵路'],
      ['华宁路'],
      ['东川路'],
      ['剑川路'],
      ['永德路'],
      ['鹤庆路'],
      ['碧江路'],
      ['瑞丽路'],
    ],
    landmarks: [
      ['上海交通大学闵行校区', ['交大闵行校区', '交大'], 'school'],
      ['华东师范大学闵行校区', ['华师大闵行校区', '华师大'], 'school'],
      ['上海市第五人民医院', ['五院', '闵行五院'], 'hospital'],
      ['江川路地铁站', ['江川路站'], 'metro_exit'],
      ['东川路地铁站', ['东川路站'], 'metro_exit'],
    ],
  },
  '310112006': {
    roads: [['古美路'], ['平南路'], ['顾戴路'], ['莲花南路'], ['万源路'], ['古龙路'], ['平吉路'], ['梅陇路']],
    landmarks: [
      ['古美公园', [], 'park'],
      ['东兰路地铁站', ['东兰路站'], 'metro_exit'],
      ['顾戴路地铁站', ['顾戴路站'], 'metro_exit'],
      ['万源城', ['万源城小区'], 'residential'],
    ],
  },
  '310112008': {
    roads: [['申长路'], ['申虹路'], ['华翔路'], ['诸光路'], ['申滨路'], ['纪翟路'], ['建虹路']],
    landmarks: [
      ['虹桥火车站', ['上海虹桥站', '虹桥站'], 'transport'],
      ['虹桥天地', [], 'mall'],
      ['龙湖虹桥天街', ['虹桥天街'], 'mall'],
      ['诸光路地铁站', ['诸光路站'], 'metro_exit'],
    ],
  },
  '310112009': {
    roads: [['浦星公路'], ['浦锦路'], ['芦胜路'], ['丰溪路'], ['浦秀路'], ['联航路'], ['陈行公路']],
    landmarks: [
      ['浦江郊野公园', ['郊野公园'], 'park'],
      ['芦恒路地铁站', ['芦恒路站'], 'metro_exit'],
      ['浦江镇地铁站', ['浦江镇站'], 'metro_exit'],
    ],
  },
};

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
  // Seeded, so the demo's places sit at the same points every time.
  const random = seededRandom(12345);
  for (const street of city.streets) {
    const shape = prepareGeometry(street.geometry);
    const [w, s, e, n] = shape.bbox;
    const somewhere = () => {
      for (;;) {
        // keep a margin from the edge, so a point never sits on a street boundary
        const lon = w + (e - w) * (0.08 + 0.84 * random());
        const lat = s + (n - s) * (0.08 + 0.84 * random());
        if (containsPoint(shape, lon, lat)) return { lon, lat };
      }
    };
    const names = MINHANG[street.code];
    if (!names) continue;
    for (const [name, aliases = [], category] of names.roads)
      out.push({ kind: 'road', name, aliases: [...aliases], category: category ?? null, ...somewhere() });
    for (const [name, aliases = [], category = null] of names.landmarks)
      out.push({
        kind: category === 'residential' ? 'compound' : 'landmark',
        name,
        aliases: [...aliases],
        category,
        ...somewhere(),
      });
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
