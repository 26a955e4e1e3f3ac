// Demo data for the intake channels: an integration account for the sensor platform, a few
// components per street (manhole covers, street lights, litter bins, a bus stop), the sensors
// watching some of them, and — when the demo has cases — one report from each channel with its
// own fields, plus a sensor alarm repeated onto its open case.

import type { Db } from '@xiuhua/db';
import { type ArealGeometry, interiorPoint, prepareGeometry } from '@xiuhua/domain/geo';
import type { Services } from '../composition.ts';
import type { ManualClock } from '../platform/clock.ts';
import type { Actor } from '../platform/actor.ts';
import { hashPassword } from '../auth/passwords.ts';
import { minhangRoads } from './minhang.ts';

export const SENSOR_GATEWAY_USER = 'sensor-gateway';

const HOUR = 3600_000;

/** How many hours before now the channel reports come in (leader, media, petition, survey, online, then the sensor's alarm). */
export const CHANNEL_REPORTS_HOURS_AGO = [30, 26, 20, 8, 5, 3];

/** A real road of the street with a house number, the same for the same n. */
const roadAddress = (streetCode: string, n: number) => {
  const roads = minhangRoads(streetCode);
  return `${roads[n % Math.max(1, roads.length)] ?? '莘庄路'} ${((n * 37) % 200) + 1} 号`;
};

export async function seedChannels(
  db: Db,
  opts: {
    services: Services;
    clock: ManualClock;
    now: Date;
    password: string;
    intake: Actor;
    withCases: boolean;
  },
): Promise<{ components: number; devices: number; cases: number }> {
  const { services, clock, now } = opts;
  const unitId = async (code: string) =>
    (await db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

  const gateway = await db
    .insertInto('users')
    .values({
      username: SENSOR_GATEWAY_USER,
      display_name: '物联感知平台',
      password_hash: await hashPassword(opts.password),
      unit_id: await unitId('supervision'),
      roles: ['integration'],
    })
    .returning(['id', 'username', 'display_name', 'unit_id', 'roles'])
    .executeTakeFirstOrThrow();

  // Points well inside a few cells of each street: the n-th cell (in code order) of the street.
  const streets = await db
    .selectFrom('areas')
    .select(['code', 'name'])
    .where('level', '=', 'street')
    .orderBy('code')
    .execute();
  const pointIn = async (streetCode: string, n: number) => {
    const cells = await db
      .selectFrom('grid_cells')
      .select(['code', 'geometry'])
      .where('code', 'like', `${streetCode}%`)
      .orderBy('code')
      .execute();
    const cell = cells[(n * 7) % cells.length]!;
    const p = interiorPoint(prepareGeometry(cell.geometry as ArealGeometry))!;
    return { lon: Number(p.lon.toFixed(6)), lat: Number(p.lat.toFixed(6)) };
  };

  const { components, sensors } = services;
  clock.set(new Date(now.getTime() - 90 * 24 * HOUR));
  const [drainage, lighting, transport] = [
    await unitId('drainage'),
    await unitId('street-lighting'),
    await unitId('transport'),
  ];
  let componentCount = 0;
  let deviceCount = 0;
  for (const [i, street] of streets.entries()) {
    const short = street.name.replace(/(街道|镇)$/, '');
    const sanitation = await unitId(`s${i + 1}-sanitation`);
    const make = async (n: number, classCode: string, name: string, owner: number) => {
      componentCount++;
      return await components.create(
        {
          classCode,
          name,
          location: await pointIn(street.code, n),
          address: roadAddress(street.code, n),
          ownerUnitId: owner,
          maintainerUnitId: owner,
        },
        null,
      );
    };
    const cover = await make(0, '01002', `${short}污水井盖1号`, drainage);
    await make(1, '01003', `${short}雨水井盖1号`, drainage);
    await make(2, '01037', `${short}路灯A01`, lighting);
    const bin = await make(3, '03005', `${short}垃圾箱1号`, sanitation);
    await make(4, '02004', `${short}公交站`, transport);
    const key = `S${i + 1}`;
    await sensors.createDevice(
      {
        deviceId: `MH-${key}-001`,
        deviceType: 'manhole_cover',
        name: `${short}污水井盖监测器`,
        componentId: cover.id,
        alarmClasses: {
          cover_open: { kind: 'component', classCode: '01002' },
          tilt: { kind: 'component', classCode: '01002' },
        },
      },
      null,
    );
    await sensors.createDevice(
      {
        deviceId: `WL-${key}-001`,
        deviceType: 'water_level',
        name: `${short}下立交积水监测`,
        location: await pointIn(street.code, 5),
        alarmClasses: { water_high: { kind: 'event', classCode: '10003' } },
      },
      null,
    );
    await sensors.createDevice(
      {
        deviceId: `BIN-${key}-001`,
        deviceType: 'bin_fill',
        name: `${short}垃圾箱满溢监测`,
        componentId: bin.id,
        alarmClasses: { bin_full: { kind: 'event', classCode: '06042' } },
      },
      null,
    );
    deviceCount += 3;
  }
  await sensors.createDevice(
    {
      deviceId: 'CAM-S1-001',
      deviceType: 'video_ai',
      name: `${streets[0]!.name}路口AI摄像头`,
      location: await pointIn(streets[0]!.code, 6),
      alarmClasses: {
        exposed_garbage: { kind: 'event', classCode: '06010' },
        street_stall: { kind: 'event', classCode: '09006' },
      },
    },
    null,
  );
  deviceCount++;
  if (!opts.withCases) return { components: componentCount, devices: deviceCount, cases: 0 };

  // One report from each channel with its own fields, a few hours ago.
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
  const iso = (d: Date) => d.toISOString();
  const reports = [
    {
      source: 'leader_instruction' as const,
      classCode: '06011',
      description: '领导批示：主干道旁积存建筑垃圾，群众反映强烈，请限期清运。',
      sourceDetails: {
        leader: '王局长',
        position: '区城管局局长',
        instruction: '请相关街道和环卫部门三日内清运完毕，并举一反三开展排查，结果报我。',
        instructedAt: iso(at(31)),
        documentNumber: '闵城管批〔2026〕8号',
      },
    },
    {
      source: 'media' as const,
      classCode: '09006',
      description: '媒体曝光：地铁站出口早高峰占道经营，行人被迫走上机动车道。',
      sourceDetails: {
        outlet: '闵行报',
        mediaType: 'newspaper',
        title: '地铁口早餐摊占道 行人只能走车道',
        publishedAt: iso(at(28)),
      },
    },
    {
      source: 'petition' as const,
      classCode: '06028',
      description: '信访：小区旁夜间施工噪声扰民，居民多次反映。',
      sourceDetails: {
        petitionNumber: 'MH-XF-2026-0412',
        channel: 'letter',
        receivedAt: iso(at(22)),
        petitionerCount: 3,
      },
    },
    {
      source: 'survey' as const,
      classCode: '09005',
      description: '第三方测评：沿街商铺跨门经营，货架摆放至人行道。',
      sourceDetails: {
        organisation: '上海城市管理测评中心',
        batch: '本月第2轮',
        findingNumber: 'CP-0087',
        checkItem: '跨门经营',
        objectType: 'road',
        deduction: 2,
      },
    },
    {
      source: 'online_opinion' as const,
      classCode: '06010',
      description: '网络舆情：网友发帖反映公园门口垃圾堆放多日无人清理。',
      sourceDetails: { platform: '微博', title: '公园门口的垃圾堆了好几天了', postedAt: iso(at(6)) },
    },
  ];
  for (const [i, r] of reports.entries()) {
    clock.set(at(CHANNEL_REPORTS_HOURS_AGO[i]!));
    const street = streets[i % streets.length]!;
    const address = roadAddress(street.code, 9 + i);
    await services.cases.create(
      { actor: opts.intake },
      {
        source: r.source,
        kind: 'event',
        classCode: r.classCode,
        description: r.description.replace('：', `：${address}`),
        address,
        location: await pointIn(street.code, 9 + i),
        sourceDetails: r.sourceDetails,
      },
    );
  }
  // A manhole cover opened twice: one case, two alarms on it.
  const gatewayActor: Actor = {
    user: gateway,
    roles: ['integration'],
    scope: await services.directory.scopeOf(gateway),
    via: 'api_key',
    integration: 'sensors',
  };
  for (const hoursAgo of [3, 1]) {
    clock.set(at(hoursAgo));
    await sensors.receive(gatewayActor, {
      deviceId: 'MH-S2-001',
      alarmType: 'cover_open',
      at: iso(at(hoursAgo)),
    });
  }
  return { components: componentCount, devices: deviceCount, cases: reports.length + 1 };
}
