// The precedence of time limits, worked by hand on the class 占道经营 (street stalls).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type LimitLayer, resolveLimit } from './precedence.ts';

const cls = (amount: number, unit: 'workHour' | 'hour' = 'workHour'): LimitLayer => ({
  kind: 'class',
  label: { zh: '占道经营', en: 'Street stalls' },
  limit: { amount, unit },
});
const area = (amount: number, unit: 'workHour' | 'hour' = 'workHour'): LimitLayer => ({
  kind: 'area',
  label: { zh: '江川路街道·A 类区域', en: 'Jiangchuan Road · area class A' },
  limit: { amount, unit },
});

test('the most specific layer that names the class wins, with one line saying why', () => {
  const r = resolveLimit('handle', [cls(8), area(4)]);
  assert.deepEqual(r.limit, { amount: 4, unit: 'workHour' });
  assert.equal(r.layer.kind, 'area');
  assert.equal(r.explanation.zh, '江川路街道·A 类区域：处置时限 4 工作小时');
  assert.equal(r.explanation.en, 'Jiangchuan Road · area class A: handling limit 4 working hours');
  assert.deepEqual(r.ignored, []);
});

test('a layer that does not name the class is skipped; an equal limit still wins', () => {
  const silent: LimitLayer = { kind: 'road', label: { zh: '主干道', en: 'Arterial road' } };
  assert.equal(resolveLimit('handle', [cls(8), silent]).layer.kind, 'class');
  assert.equal(resolveLimit('handle', [cls(8), area(8)]).layer.kind, 'area');
});

test('a layer may only tighten: looser or other-kind limits are ignored with a reason', () => {
  const looser = resolveLimit('handle', [cls(4), area(8)]);
  assert.deepEqual(looser.limit, { amount: 4, unit: 'workHour' });
  assert.equal(looser.explanation.zh, '占道经营：处置时限 4 工作小时');
  assert.match(looser.ignored[0]!.reason.zh, /只能收紧/);
  const natural = resolveLimit('sign', [cls(4), area(1, 'hour')]);
  assert.equal(natural.layer.kind, 'class');
  assert.equal(natural.explanation.en, 'Street stalls: sign-for limit 4 working hours');
  assert.match(natural.ignored[0]!.reason.en, /another kind of time/);
  // Later layers plug in after the area: a key place tightens 4 → 2.
  const key: LimitLayer = {
    kind: 'keyPlace',
    label: { zh: '莘庄地铁站', en: 'Xinzhuang station' },
    limit: { amount: 2, unit: 'workHour' },
  };
  assert.equal(
    resolveLimit('handle', [cls(8), area(4), key]).explanation.zh,
    '莘庄地铁站：处置时限 2 工作小时',
  );
});
