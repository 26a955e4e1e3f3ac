// Differentiated standards worked by hand on 暴露垃圾 (06010: A 2, B 4, C 8 working hours). The
// city's rules: 一类道路 3 working hours for every class; 二类道路 6 (looser than any area: never
// wins); 严管区 1 for the 市容环境 major class (06); 校园周边 30 working minutes for 06010 alone and
// 45 for major class 06.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TimeLimit } from '../catalogue/types.ts';
import { type PlaceLimitRule, placeLayers } from './place-limits.ts';
import { type LimitLayer, resolveLimit } from './precedence.ts';

const wh = (amount: number): TimeLimit => ({ amount, unit: 'workHour' });
const RULES: PlaceLimitRule[] = [
  { id: 1, layer: 'road', match: '1', classKind: null, classCode: null, handle: wh(3) },
  { id: 2, layer: 'road', match: '2', classKind: null, classCode: null, handle: wh(6) },
  { id: 3, layer: 'zone', match: 'strict', classKind: 'event', classCode: '06', handle: wh(1) },
  {
    id: 4,
    layer: 'keyPlace',
    match: 'school_gate',
    classKind: 'event',
    classCode: '06',
    handle: { amount: 45, unit: 'workMinute' },
  },
  {
    id: 5,
    layer: 'keyPlace',
    match: 'school_gate',
    classKind: 'event',
    classCode: '06010',
    handle: { amount: 30, unit: 'workMinute' },
  },
];
const GARBAGE = { kind: 'event', code: '06010' };
const base = (areaClass: 'A' | 'B'): LimitLayer[] => [
  { kind: 'class', label: { zh: '暴露垃圾', en: 'Exposed garbage' }, limit: wh(8) },
  {
    kind: 'area',
    label: { zh: `古美街道·${areaClass} 类区域`, en: `Gumei · area class ${areaClass}` },
    limit: wh(areaClass === 'A' ? 2 : 4),
  },
];
const ROAD_1 = { classCode: '1', classLabel: '一类' };
const ROAD_2 = { classCode: '2', classLabel: '二类' };
const limitAt = (areaClass: 'A' | 'B', place: Parameters<typeof placeLayers>[1], cls = GARBAGE) =>
  resolveLimit('handle', [...base(areaClass), ...placeLayers(RULES, place, cls)]);

test('a B area on a 一类 road: the road tightens 4 h to 3 h', () => {
  assert.equal(limitAt('B', { road: ROAD_1 }).explanation.zh, '一类道路：处置时限 3 工作小时');
});

test('an A area on a 一类 road: 3 h would loosen 2 h, so the area stands and the road is ignored', () => {
  const r = limitAt('A', { road: ROAD_1 });
  assert.equal(r.explanation.zh, '古美街道·A 类区域：处置时限 2 工作小时');
  assert.match(r.ignored[0]!.reason.zh, /一类道路的时限 3 工作小时 宽于 2 工作小时/);
});

test('a 二类 road never loosens the area', () => {
  assert.equal(limitAt('B', { road: ROAD_2 }).explanation.zh, '古美街道·B 类区域：处置时限 4 工作小时');
});

test('a 一类 road in a 严管区: 1 h, and the line names both', () => {
  const r = limitAt('B', { road: ROAD_1, zoneType: 'strict' });
  assert.equal(r.explanation.zh, '一类道路·严管区：处置时限 1 工作小时');
  assert.equal(r.explanation.en, 'Class 1 road · Strict zone: handling limit 1 working hour');
});

test('at a school gate in a 严管区: the minor class’s rule (30 min) beats the major class’s (45 min)', () => {
  const r = limitAt('B', { road: ROAD_1, zoneType: 'strict', keyPlaceType: 'school_gate' });
  assert.equal(r.explanation.zh, '一类道路·严管区·校园周边：处置时限 30 工作分钟');
  // another class of the 06 major there: the major class's 45 min
  const other = limitAt('B', { keyPlaceType: 'school_gate' }, { kind: 'event', code: '06001' });
  assert.equal(other.explanation.zh, '校园周边：处置时限 45 工作分钟');
});

test('a rule for events does not cover a component with the same code; no place, no layers', () => {
  assert.deepEqual(placeLayers(RULES, { zoneType: 'strict' }, { kind: 'component', code: '06010' }), []);
  assert.deepEqual(placeLayers(RULES, {}, GARBAGE), []);
});
