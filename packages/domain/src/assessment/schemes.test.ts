import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../errors/index.ts';
import {
  adjustedScore,
  DEFAULT_TRIGGER_RULE,
  gradeOf,
  indicatorPoints,
  meanScore,
  monthsOf,
  PeriodError,
  parsePeriod,
  parseScheme,
  type SchemeContext,
  THREE_GRADES,
  tierOf,
} from './index.ts';

const ctx: SchemeContext = {
  indicators: [
    { id: 'ontime_handle', levels: ['unit'] },
    { id: 'rework', levels: ['unit'] },
    { id: 'closure', levels: ['unit', 'street'] },
    { id: 'valid_report', levels: ['person'], roles: ['inspector'] },
  ],
  subjects: new Set(['1', '2', '3', '4']),
};

const composite = (config: Record<string, unknown> = {}) => ({
  code: 'units-monthly',
  name: '责任单位月度考评',
  config: {
    kind: 'composite',
    level: 'unit',
    weights: [
      { indicator: 'ontime_handle', weight: 60 },
      { indicator: 'closure', weight: 40 },
    ],
    ...config,
  },
});

/** The field a refused scheme names. */
function fieldOf(input: unknown): string | undefined {
  try {
    parseScheme(input, ctx);
  } catch (e) {
    assert.ok(e instanceof DomainError, String(e));
    return e.field;
  }
  assert.fail('accepted');
}

test('a composite scheme is normalised with defaults', () => {
  const s = parseScheme(composite({ tiers: [{ code: 'hard', name: '难', subjects: ['1', '2'] }] }), ctx);
  assert.equal(s.code, 'units-monthly');
  assert.equal(s.nameEn, null);
  assert.equal(s.config.role, null);
  assert.equal(s.config.subjects, null);
  assert.deepEqual(s.config.flags, { red: 0, black: 0 });
  assert.deepEqual(s.config.grades.at(-1), { grade: 'E', min: 0 });
  assert.deepEqual(s.config.triggers, DEFAULT_TRIGGER_RULE);
  assert.equal(s.config.fund, null);
  assert.deepEqual(tierOf(s.config, '2'), { code: 'hard', name: '难', flags: { red: 0, black: 0 } });
  assert.deepEqual(tierOf(s.config, '3'), { code: 'default', name: '全部', flags: { red: 0, black: 0 } });
});

test('a deduction scheme with three grades, tiers with their own flags, fund groups', () => {
  const s = parseScheme(
    {
      code: 'streets-deduction',
      name: '街道百分扣分',
      nameEn: 'Street deductions',
      config: {
        kind: 'deduction',
        level: 'street',
        deductions: [
          { code: 'garbage', name: '暴露垃圾未及时清理', points: 2 },
          { code: 'stall', name: '占道经营', points: 0.5 },
        ],
        grades: THREE_GRADES,
        flags: { red: 1, black: 1 },
        tiers: [{ code: 'core', name: '中心城区', flags: { red: 2, black: 0 }, subjects: ['1'] }],
        fund: { rule: { baseByGroup: { A: 100_000, B: 50_000 } }, groups: { '1': 'A', '2': 'B' } },
      },
    },
    ctx,
  );
  assert.equal(s.config.fullScore, 100);
  assert.deepEqual(s.config.fund?.rule, {
    baseByGroup: { A: 100_000, B: 50_000 },
    baseScore: 85,
    stepPoints: 3,
    stepAmount: 10_000,
    fullScore: 100,
  });
  assert.deepEqual(tierOf(s.config, '1').flags, { red: 2, black: 0 });
  assert.deepEqual(tierOf(s.config, '4').flags, { red: 1, black: 1 });
  assert.equal(gradeOf(84.99, s.config.grades), '一般');
  assert.equal(gradeOf(0, s.config.grades), '较差');
});

test('person schemes need a role, and indicators must fit the level and role', () => {
  assert.equal(fieldOf(composite({ level: 'person' })), 'config.role');
  assert.equal(
    fieldOf(
      composite({ level: 'person', role: 'inspector', weights: [{ indicator: 'closure', weight: 100 }] }),
    ),
    'config.weights.0.indicator',
  );
  const inspectors = parseScheme(
    composite({ level: 'person', role: 'inspector', weights: [{ indicator: 'valid_report', weight: 100 }] }),
    ctx,
  );
  assert.equal(inspectors.config.role, 'inspector');
  assert.equal(
    fieldOf(
      composite({
        level: 'person',
        role: 'dispatcher',
        weights: [{ indicator: 'valid_report', weight: 100 }],
      }),
    ),
    'config.weights.0.indicator',
  );
  assert.equal(fieldOf(composite({ role: 'inspector' })), 'config.role');
});

test('every bad field is named', () => {
  const cases: [unknown, string][] = [
    [{ ...composite(), code: 'Has Spaces' }, 'code'],
    [{ ...composite(), name: '  ' }, 'name'],
    [{ ...composite(), extra: 1 }, 'extra'],
    [composite({ kind: 'average' }), 'config.kind'],
    [composite({ level: 'district' }), 'config.level'],
    [composite({ weights: [] }), 'config.weights'],
    [composite({ weights: [{ indicator: 'nope', weight: 100 }] }), 'config.weights.0.indicator'],
    [
      composite({
        weights: [
          { indicator: 'closure', weight: 50 },
          { indicator: 'closure', weight: 50 },
        ],
      }),
      'config.weights.1.indicator',
    ],
    [
      composite({
        weights: [
          { indicator: 'closure', weight: 50 },
          { indicator: 'rework', weight: 40 },
        ],
      }),
      'config.weights',
    ],
    [composite({ weights: [{ indicator: 'closure', weight: 100.001 }] }), 'config.weights.0.weight'],
    [composite({ weights: [{ indicator: 'closure', weight: '100' }] }), 'config.weights.0.weight'],
    [composite({ deductions: [{ code: 'x', name: 'x', points: 1 }] }), 'config.deductions'],
    [composite({ grades: [{ grade: 'A', min: 90 }] }), 'config.grades'],
    [
      composite({
        grades: [
          { grade: 'A', min: 60 },
          { grade: 'B', min: 80 },
        ],
      }),
      'config.grades.1.min',
    ],
    [
      composite({
        grades: [
          { grade: 'A', min: 90 },
          { grade: 'B', min: 10 },
        ],
      }),
      'config.grades.1.min',
    ],
    [composite({ flags: { red: -1 } }), 'config.flags.red'],
    [composite({ flags: { red: 1.5 } }), 'config.flags.red'],
    [composite({ tiers: [{ code: 'default', name: 'x', subjects: ['1'] }] }), 'config.tiers.0.code'],
    [composite({ tiers: [{ code: 't', name: 'x', subjects: ['99'] }] }), 'config.tiers.0.subjects.0'],
    [composite({ tiers: [{ code: 't', name: 'x', subjects: [] }] }), 'config.tiers.0.subjects'],
    [
      composite({
        tiers: [
          { code: 't', name: 'x', subjects: ['1'] },
          { code: 'u', name: 'y', subjects: ['2', '1'] },
        ],
      }),
      'config.tiers.1.subjects.1',
    ],
    [
      composite({ subjects: ['1'], tiers: [{ code: 't', name: 'x', subjects: ['2'] }] }),
      'config.tiers.0.subjects.0',
    ],
    [composite({ fund: { groups: { '1': 'A' } } }), 'config.fund.rule.baseByGroup'],
    [
      composite({ fund: { rule: { baseByGroup: { A: 1000 } }, groups: { '1': 'C' } } }),
      'config.fund.groups.1',
    ],
    [
      composite({ fund: { rule: { baseByGroup: { A: 1000 } }, groups: { '7': 'A' } } }),
      'config.fund.groups.7',
    ],
    [
      composite({ fund: { rule: { baseByGroup: { A: 1000 }, baseScore: 90, fullScore: 80 }, groups: {} } }),
      'config.fund.rule.fullScore',
    ],
    [
      composite({
        triggers: {
          lastQuarters: [
            { count: 2, kind: 'quarter_last' },
            { count: 1, kind: 'quarter_last_2' },
          ],
        },
      }),
      'config.triggers.lastQuarters.1.count',
    ],
    [{ code: 'x1', name: 'x', config: { kind: 'deduction', level: 'street' } }, 'config.deductions'],
    [
      {
        code: 'x1',
        name: 'x',
        config: { kind: 'deduction', level: 'street', deductions: [{ code: 'a', name: 'a', points: 0 }] },
      },
      'config.deductions.0.points',
    ],
    [
      {
        code: 'x1',
        name: 'x',
        config: {
          kind: 'deduction',
          level: 'street',
          deductions: [
            { code: 'a', name: 'a', points: 1 },
            { code: 'a', name: 'b', points: 2 },
          ],
        },
      },
      'config.deductions.1.code',
    ],
  ];
  for (const [input, field] of cases) assert.equal(fieldOf(input), field, JSON.stringify(input));
});

test('quarter and year scores are the mean of the months scored; corrections stay within 0..full', () => {
  assert.equal(meanScore([90, 80, null]), 85);
  assert.equal(meanScore([90, 80, 71]), 80.33);
  assert.equal(meanScore([null, null, null]), null);
  assert.deepEqual(monthsOf(parsePeriod('2026-Q4')), ['2026-10', '2026-11', '2026-12']);
  assert.equal(monthsOf(parsePeriod('2026')).length, 12);
  assert.throws(() => monthsOf(parsePeriod('2026-10')), PeriodError);
  assert.equal(adjustedScore(88.5, 2), 90.5);
  assert.equal(adjustedScore(99, 3), 100);
  assert.equal(adjustedScore(1, -3), 0);
  assert.equal(adjustedScore(null, 3), null);
});

test('a lower-is-better rate counts as 100 minus the rate', () => {
  assert.equal(indicatorPoints(12.5, 'lower'), 87.5);
  assert.equal(indicatorPoints(12.5, 'higher'), 12.5);
  assert.equal(indicatorPoints(null, 'lower'), null);
});
