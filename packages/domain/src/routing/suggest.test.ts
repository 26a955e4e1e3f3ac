import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { explainMatches, routingRuleProblems, suggestUnit } from './suggest.ts';
import type { FallbackUnit, RoutingNames, RoutingQuery, RoutingRule } from './types.ts';

const DISTRICT = '310112';
const STREET = '310112101';
const OTHER_STREET = '310112102';
const COMMUNITY = '310112101003';
const CELL = '310112101003007';

const query: RoutingQuery = {
  kind: 'event',
  classCode: '06010',
  areaPath: { districtCode: DISTRICT, streetCode: STREET, communityCode: COMMUNITY, cellCode: CELL },
  level: 'street',
};

const names: RoutingNames = {
  classes: { 'event:06010': '暴露垃圾', 'event:06': '市容环境类' },
  areas: { [DISTRICT]: '闵行区', [STREET]: '江川路街道', [COMMUNITY]: '红旗村' },
};

function rule(id: string, overrides: Partial<RoutingRule> = {}): RoutingRule {
  return {
    id,
    classCode: null,
    kind: null,
    areaCode: null,
    level: null,
    unitId: `unit-${id}`,
    unitName: `单位${id}`,
    priority: 0,
    enabled: true,
    ...overrides,
  };
}

const winner = (rules: RoutingRule[], q: RoutingQuery = query) => suggestUnit(rules, q)?.ruleId ?? null;

describe('suggestUnit precedence', () => {
  test('a more specific area beats a more specific class, level and priority', () => {
    const rules = [
      rule('district', {
        kind: 'event',
        classCode: '06010',
        areaCode: DISTRICT,
        level: 'street',
        priority: 100,
      }),
      rule('street', { areaCode: STREET }),
    ];
    assert.equal(winner(rules), 'street');
    assert.equal(winner([...rules, rule('community', { areaCode: COMMUNITY })]), 'community');
    assert.equal(winner([...rules, rule('cell', { areaCode: CELL })]), 'cell');
  });

  test('within the same area: minor class > major class > kind only > any class', () => {
    const any = rule('any', { areaCode: STREET, priority: 9 });
    const kindOnly = rule('kind', { areaCode: STREET, kind: 'event', priority: 5 });
    const major = rule('major', { areaCode: STREET, kind: 'event', classCode: '06', priority: 1 });
    const minor = rule('minor', { areaCode: STREET, kind: 'event', classCode: '06010' });
    assert.equal(winner([any, kindOnly]), 'kind');
    assert.equal(winner([any, kindOnly, major]), 'major');
    assert.equal(winner([any, kindOnly, major, minor]), 'minor');
  });

  test('then a rule for the case level beats a level-agnostic one, even with lower priority', () => {
    const agnostic = rule('agnostic', { areaCode: STREET, priority: 50 });
    const leveled = rule('leveled', { areaCode: STREET, level: 'street', priority: 1 });
    assert.equal(winner([agnostic, leveled]), 'leveled');
  });

  test('then higher priority, then the smallest id in code-point order', () => {
    assert.equal(winner([rule('a', { priority: 1 }), rule('b', { priority: 2 })]), 'b');
    // 'R10' < 'R9' character by character: ids are compared as strings, not numbers.
    assert.equal(winner([rule('R9'), rule('R10')]), 'R10');
    assert.equal(winner([rule('R10'), rule('R9')]), 'R10');
  });

  test('ignores disabled rules and rules that do not match', () => {
    const rules = [
      rule('fallback-any'),
      rule('disabled', { areaCode: CELL, kind: 'event', classCode: '06010', enabled: false }),
      rule('other-street', { areaCode: OTHER_STREET }),
      rule('other-class', { kind: 'event', classCode: '06011', areaCode: STREET }),
      rule('other-major', { kind: 'event', classCode: '07', areaCode: STREET }),
      rule('component-kind', { kind: 'component', classCode: '06010', areaCode: STREET }),
      rule('other-level', { level: 'city', areaCode: STREET }),
    ];
    assert.equal(winner(rules), 'fallback-any');
    assert.deepEqual(
      explainMatches(rules, query).map((m) => m.rule.id),
      ['fallback-any'],
    );
  });

  test('a case without a level matches only level-agnostic rules', () => {
    const rules = [rule('leveled', { level: 'street', priority: 10 }), rule('agnostic')];
    assert.equal(winner(rules, { ...query, level: null }), 'agnostic');
  });

  test('matches an area by any code of the path, even if only the district is known', () => {
    const rules = [rule('district', { areaCode: DISTRICT })];
    assert.equal(winner(rules, { ...query, areaPath: { districtCode: DISTRICT } }), 'district');
    assert.equal(
      winner([rule('street', { areaCode: STREET })], { ...query, areaPath: { districtCode: DISTRICT } }),
      null,
    );
  });
});

describe('explanations', () => {
  test('names the rule, class, area and unit', () => {
    const result = suggestUnit(
      [rule('R12', { kind: 'event', classCode: '06010', areaCode: STREET, unitName: '江川路街道环卫所' })],
      query,
      { names },
    );
    assert.equal(result?.explanation, '匹配规则 R12：暴露垃圾（06010）在 江川路街道 → 江川路街道环卫所');
    assert.equal(result?.source, 'rule');
    assert.equal(result?.unitId, 'unit-R12');
  });

  test('describes major, kind-only, any-class, level and anywhere rules, and falls back to codes', () => {
    const rules = [
      rule('R1', { kind: 'event', classCode: '06', areaCode: DISTRICT, level: 'street', unitName: '区环卫' }),
      rule('R2', { kind: 'event', areaCode: DISTRICT, unitName: '区城管' }),
      rule('R3', { unitName: '市指挥中心' }),
      rule('R4', { kind: 'event', classCode: '06010', areaCode: '310112101099', unitName: '某村' }),
    ];
    const far = { ...query, areaPath: { ...query.areaPath, communityCode: '310112101099', cellCode: null } };
    assert.deepEqual(
      explainMatches(rules, far, names).map((m) => m.explanation),
      [
        '匹配规则 R4：暴露垃圾（06010）在 310112101099 → 某村',
        '匹配规则 R1：市容环境类（06）在 闵行区（街道级） → 区环卫',
        '匹配规则 R2：全部事件在 闵行区 → 区城管',
        '匹配规则 R3：全部类别在 全域 → 市指挥中心',
      ],
    );
    // Bare codes as keys work too; a class with no name shows its code.
    assert.equal(
      explainMatches([rules[3]!], far, { classes: { '06010': '暴露垃圾' } })[0]?.explanation,
      '匹配规则 R4：暴露垃圾（06010）在 310112101099 → 某村',
    );
    assert.equal(
      explainMatches([rules[3]!], far)[0]?.explanation,
      '匹配规则 R4：06010在 310112101099 → 某村',
    );
  });

  test('explainMatches reports the ranking facts', () => {
    const [match] = explainMatches(
      [rule('R1', { kind: 'event', classCode: '06', areaCode: STREET, level: 'street' })],
      query,
    );
    assert.equal(match?.areaSpecificity, 9);
    assert.equal(match?.classSpecificity, 2);
    assert.equal(match?.levelMatched, true);
  });
});

describe('fallback by default unit type', () => {
  const units: FallbackUnit[] = [
    { id: 'u-city-san', name: '市环卫集团', unitType: 'sanitation', areaCode: null },
    { id: 'u-district-san', name: '闵行区环卫所', unitType: 'sanitation', areaCode: DISTRICT },
    { id: 'u-street-san', name: '江川路街道环卫所', unitType: 'sanitation', areaCode: STREET },
    { id: 'u-other-san', name: '吴泾镇环卫所', unitType: 'sanitation', areaCode: OTHER_STREET },
    { id: 'u-community-enf', name: '红旗村城管工作站', unitType: 'urban_enforcement', areaCode: COMMUNITY },
  ];

  test('picks the unit of the default type whose area most specifically contains the case', () => {
    const result = suggestUnit([], query, { names, fallback: { units, defaultUnitType: 'sanitation' } });
    assert.deepEqual(result, {
      unitId: 'u-street-san',
      unitName: '江川路街道环卫所',
      ruleId: null,
      source: 'defaultUnitType',
      explanation:
        '无匹配规则：暴露垃圾（06010）按默认单位类型 环卫（sanitation）在 江川路街道 → 江川路街道环卫所',
    });
  });

  test('falls back to wider units, then to the smallest id among equals', () => {
    const elsewhere = { ...query, areaPath: { districtCode: '310113', streetCode: '310113001' } };
    const fallback = { units, defaultUnitType: 'sanitation' };
    assert.equal(suggestUnit([], elsewhere, { fallback })?.unitId, 'u-city-san');
    const twins: FallbackUnit[] = [
      { id: 'b', name: 'B', unitType: 'sanitation', areaCode: STREET },
      { id: 'a', name: 'A', unitType: 'sanitation', areaCode: STREET },
    ];
    assert.equal(
      suggestUnit([], query, { fallback: { units: twins, defaultUnitType: 'sanitation' } })?.unitId,
      'a',
    );
  });

  test('is not used when a rule matches, and gives null when no unit has the type', () => {
    const fallback = { units, defaultUnitType: 'sanitation' };
    assert.equal(suggestUnit([rule('R1')], query, { fallback })?.ruleId, 'R1');
    assert.equal(suggestUnit([], query, { fallback: { units, defaultUnitType: 'gas' } }), null);
  });

  test('no rule and no fallback → null', () => {
    assert.equal(suggestUnit([], query), null);
    assert.equal(suggestUnit([rule('off', { enabled: false })], query), null);
  });
});

describe('routingRuleProblems', () => {
  test('accepts a sound rule and names each problem of a bad one', () => {
    assert.deepEqual(
      routingRuleProblems(rule('R1', { kind: 'event', classCode: '06010', areaCode: STREET })),
      [],
    );
    const problems = routingRuleProblems(
      rule(' ', { classCode: '0601', areaCode: '3101', unitId: '', unitName: '', priority: 1.5 }),
    );
    assert.deepEqual(problems, [
      'id must not be empty',
      'classCode must be 2 or 5 digits',
      'kind is required with a classCode (codes are unique per kind only)',
      'areaCode must be a division code of 6, 9, 12 or 15 digits',
      'unitId must not be empty',
      'unitName must not be empty',
      'priority must be an integer',
    ]);
  });
});
