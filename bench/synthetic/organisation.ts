// The organisation part of the synthetic city: per district a supervision centre, a command
// centre and one department or enterprise of every handling unit type (UNIT_TYPES); per street an
// office and its squads; per community an office and property-management companies. People: the
// centres' desk staff, a handler per handling unit, a dispatcher per street office, an inspector
// per community (who also owns its responsibility grid) and a road chief per road.

import { UNIT_TYPES, type UnitTypeCode } from '@xiuhua/domain/catalogue';
import type { Role, UnitKind } from '@xiuhua/domain/workflow';
import { CITY, type SyntheticDistrict } from './areas.ts';

export interface SyntheticUnit {
  code: string;
  name: string;
  kind: UnitKind;
  unitType: UnitTypeCode | null;
  /** The parent unit's code. */
  parent: string | null;
  areaCode: string;
}

export interface SyntheticPerson {
  username: string;
  name: string;
  unit: string;
  roles: Role[];
}

/** Utilities are companies, not departments. */
const ENTERPRISES: ReadonlySet<string> = new Set(['water_supply', 'power', 'telecom', 'gas', 'heating']);
/** The squads every street office has, by unit type. */
export const STREET_SQUADS: readonly UnitTypeCode[] = [
  'sanitation',
  'urban_enforcement',
  'greening',
  'municipal_roads',
  'housing',
];
export const PROPERTY_COMPANIES_PER_COMMUNITY = 3;
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程苏魏吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武戴莫孔';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红健建林斌波宁凯';

/** A Chinese name for person `n`: the same number, the same name. */
export function personName(n: number): string {
  return SURNAMES[n % SURNAMES.length]! + GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]!;
}

export const cityUnits = (): SyntheticUnit[] => [
  {
    code: 'city-centre',
    name: `${CITY.name}城市运行管理中心`,
    kind: 'supervision_centre',
    unitType: null,
    parent: null,
    areaCode: CITY.code,
  },
];

export const cityPeople = (): SyntheticPerson[] => [
  { username: 'admin', name: '系统管理员', unit: 'city-centre', roles: ['admin'] },
  { username: 'leader', name: '王局长', unit: 'city-centre', roles: ['leader'] },
];

/** A district's units: centres, departments, street offices and squads, community offices. */
export function districtUnits(district: SyntheticDistrict): SyntheticUnit[] {
  const d = district.code;
  const units: SyntheticUnit[] = [
    {
      code: `${d}-supervision`,
      name: `${district.name}城市网格化管理监督中心`,
      kind: 'supervision_centre',
      unitType: null,
      parent: 'city-centre',
      areaCode: d,
    },
    {
      code: `${d}-command`,
      name: `${district.name}城市管理指挥中心`,
      kind: 'command_centre',
      unitType: null,
      parent: null,
      areaCode: d,
    },
  ];
  for (const type of UNIT_TYPES) {
    if (type.code === 'street_office') continue;
    units.push({
      code: `${d}-${type.code}`,
      name: `${district.name}${type.zh}${ENTERPRISES.has(type.code) ? '公司' : '局'}`,
      kind: ENTERPRISES.has(type.code) ? 'enterprise' : 'department',
      unitType: type.code,
      parent: null,
      areaCode: d,
    });
  }
  for (const street of district.streets) {
    const office = `${street.code}-office`;
    units.push({
      code: office,
      name: `${street.name}办事处`,
      kind: 'street_office',
      unitType: 'street_office',
      parent: null,
      areaCode: street.code,
    });
    for (const type of STREET_SQUADS)
      units.push({
        code: `${street.code}-${type}`,
        name: `${street.name}${UNIT_TYPES.find((t) => t.code === type)!.zh}队`,
        kind: 'squad',
        unitType: type,
        // enforcement squads belong to the district bureau, the others to the street office
        parent: type === 'urban_enforcement' ? `${d}-urban_enforcement` : office,
        areaCode: street.code,
      });
  }
  for (const community of district.communities) {
    units.push({
      code: `${community.code}-office`,
      name: `${community.name}居委会`,
      kind: 'community_office',
      unitType: null,
      parent: `${community.streetCode}-office`,
      areaCode: community.code,
    });
    for (let k = 1; k <= PROPERTY_COMPANIES_PER_COMMUNITY; k++)
      units.push({
        code: `${community.code}-pm${k}`,
        name: `${community.name}第${k}物业公司`,
        kind: 'enterprise',
        unitType: 'housing',
        parent: null,
        areaCode: community.code,
      });
  }
  return units;
}

/** Desk staff per district (the busiest desks get several people). */
const DESK: readonly [tag: string, role: Role, centre: 'supervision' | 'command', count: number][] = [
  ['intake', 'intake_operator', 'supervision', 4],
  ['shift', 'shift_leader', 'supervision', 2],
  ['supervisor', 'supervisor', 'supervision', 2],
  ['dispatch', 'dispatcher', 'command', 3],
];

/** A district's people; `roads` is how many roads it has (one road chief each). */
export function districtPeople(
  district: SyntheticDistrict,
  units: readonly SyntheticUnit[],
  roads: number,
): SyntheticPerson[] {
  const d = district.code;
  let n = district.index * 10_000;
  const people: SyntheticPerson[] = [
    { username: `${d}-leader`, name: `${personName(n++)}区长`, unit: `${d}-command`, roles: ['leader'] },
  ];
  for (const [tag, role, centre, count] of DESK)
    for (let k = 1; k <= count; k++)
      people.push({
        username: `${d}-${tag}${k}`,
        name: personName(n++),
        unit: `${d}-${centre}`,
        roles: [role],
      });
  for (const unit of units)
    if (
      unit.kind === 'department' ||
      unit.kind === 'enterprise' ||
      unit.kind === 'squad' ||
      unit.kind === 'branch'
    )
      people.push({ username: `${unit.code}-h`, name: personName(n++), unit: unit.code, roles: ['handler'] });
  for (const street of district.streets)
    people.push({
      username: `${street.code}-dispatch`,
      name: personName(n++),
      unit: `${street.code}-office`,
      roles: ['dispatcher'],
    });
  for (const community of district.communities)
    people.push({
      username: `${community.code}-inspector`,
      name: personName(n++),
      unit: `${d}-supervision`,
      roles: ['inspector'],
    });
  for (let r = 0; r < roads; r++) {
    const street = district.streets[r % district.streets.length]!;
    people.push({
      username: `${d}-road${r + 1}-chief`,
      name: personName(n++),
      unit: `${street.code}-office`,
      roles: ['road_chief'],
    });
  }
  return people;
}
