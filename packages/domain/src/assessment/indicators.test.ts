import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES } from '../workflow/roles.ts';
import { FACT_KINDS, FACT_OUTCOMES, FACT_TAGS } from './facts.ts';
import {
  ASSESSED_ROLES,
  INDICATORS,
  indicatorOf,
  indicatorsFor,
  SUBJECT_LEVELS,
  TERMS,
  type Term,
  termLevels,
} from './indicators.ts';

test('every term counts real fact kinds, outcomes and tags, and says what it counts in both languages', () => {
  for (const term of Object.values(TERMS) as Term[]) {
    for (const k of term.kinds) assert.ok((FACT_KINDS as readonly string[]).includes(k), `${term.id}: ${k}`);
    for (const o of term.outcomes)
      assert.ok((FACT_OUTCOMES as readonly string[]).includes(o), `${term.id}: ${o}`);
    for (const t of [...(term.tags ?? []), ...(term.notTags ?? [])])
      assert.ok((FACT_TAGS as readonly string[]).includes(t), `${term.id}: ${t}`);
    assert.ok(term.zh.length > 2 && term.en.length > 5, term.id);
  }
});

test('every indicator: a unique id, names, levels, a direction; a numerator within its denominator', () => {
  assert.equal(new Set(INDICATORS.map((i) => i.id)).size, INDICATORS.length);
  for (const i of INDICATORS) {
    assert.ok(i.zh.endsWith('率'), i.id);
    assert.ok(i.en.length > 0 && i.levels.length > 0, i.id);
    for (const l of i.levels) assert.ok((SUBJECT_LEVELS as readonly string[]).includes(l), i.id);
    if (i.levels.includes('person')) assert.ok(i.roles?.length, `${i.id} says which roles`);
    for (const r of i.roles ?? []) assert.ok((ROLES as readonly string[]).includes(r), `${i.id}: ${r}`);
    const { numerator: n, denominator: d } = i;
    // the numerator counts a subset of the denominator's facts
    assert.ok(
      n.kinds.every((k) => d.kinds.includes(k)),
      `${i.id}: kinds`,
    );
    assert.ok(
      n.outcomes.every((o) => (d.outcomes as readonly string[]).includes(o)),
      `${i.id}: outcomes`,
    );
    assert.ok(
      (d.tags ?? []).every((t) => (n.tags as readonly string[] | undefined)?.includes(t)),
      `${i.id}: tags`,
    );
    // the same instant places both, except on-time facts, which are placed when they were done
    assert.ok(n.at === d.at || n.outcomes.every((o) => o === 'on_time'), `${i.id}: instant`);
    assert.ok(!d.atEnd, `${i.id}: a denominator does not depend on the period end`);
    assert.equal(indicatorOf(i.id), i);
  }
});

test('indicators by level and role; the roles assessed as persons; the levels each term is counted at', () => {
  assert.deepEqual(
    indicatorsFor('person', ['dispatcher']).map((i) => i.id),
    ['on_time_dispatch', 'accurate_dispatch'],
  );
  assert.deepEqual(
    indicatorsFor('street')
      .map((i) => i.id)
      .sort(),
    [
      'actual_resolution',
      'closed_on_time',
      'closure_rate',
      'missed_reports',
      'on_time_check',
      'on_time_verification',
      'public_report_rate',
      'satisfaction',
      'timely_closure',
      'timely_handling',
      'timely_sign',
      'valid_reports',
    ],
  );
  assert.deepEqual([...ASSESSED_ROLES].sort(), [
    'dispatcher',
    'handler',
    'inspector',
    'intake_operator',
    'shift_leader',
  ]);
  assert.deepEqual([...termLevels().get('handle_due')!], ['unit']);
});
