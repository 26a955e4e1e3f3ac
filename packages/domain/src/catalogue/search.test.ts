import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findClasses, normalizeQuery } from './search.ts';
import type { Catalogue, ClassKind, MinorClass } from './types.ts';

function cls(kind: ClassKind, code: string, name: string, keywords: string[], active = true): MinorClass {
  return {
    active,
    kind,
    code,
    name,
    nameEn: name,
    keywords,
    filingStandard: 'f',
    closureStandard: 'c',
    urgency: 'normal',
    clock: 'working',
    reportBackPhoto: 'required',
    defaultUnitType: 'sanitation',
    limits: {
      A: { handle: { amount: 1, unit: 'workHour' } },
      B: { handle: { amount: 2, unit: 'workHour' } },
      C: { handle: { amount: 4, unit: 'workHour' } },
    },
  };
}

const catalogue: Catalogue = {
  version: 1,
  source: 'test',
  majors: [
    { kind: 'component', code: '03', name: '市容环卫设施', nameEn: 'Sanitation facilities' },
    { kind: 'event', code: '03', name: '市容环卫设施类', nameEn: 'Sanitation facility incidents' },
    { kind: 'event', code: '06', name: '市容环境类', nameEn: 'City appearance' },
    { kind: 'event', code: '09', name: '街面秩序类', nameEn: 'Street order' },
  ],
  // Deliberately out of code order: ranking must not depend on the file order.
  minors: [
    cls('event', '06042', '垃圾站（箱）满溢', ['ljmy', '06010']),
    cls('event', '09006', '占道经营', ['摆摊', 'zdjy', '垃圾']),
    cls('event', '06041', '垃圾未分类', ['垃圾分类']),
    cls('event', '06010', '暴露垃圾', ['bllj', '乱扔垃圾']),
    cls('component', '03005', '垃圾箱', ['垃圾桶', 'ljx']),
    cls('event', '06011', '积存垃圾渣土', ['jcljzt']),
    cls('event', '09001', '摆摊设点', ['bt']),
    // An event whose code sorts before the component 03005: kind order must still put 03005 first.
    cls('event', '03004', '垃圾间（楼）异常', ['ljjyc']),
    // Kept in the catalogue but not offered for new cases.
    cls('event', '09014', '畜力车进城', ['clcjc', '马车', '垃圾马车'], false),
  ],
};

const codes = (query: string, options = {}) =>
  findClasses(catalogue, query, options).map((m) => m.minor.code);
const tiers = (query: string) => findClasses(catalogue, query).map((m) => m.matchedBy);

describe('findClasses', () => {
  test('exact code ranks above a keyword that equals the code', () => {
    assert.deepEqual(codes('06010'), ['06010', '06042']);
    assert.deepEqual(tiers('06010'), ['exactCode', 'exactKeyword']);
  });

  test('a code prefix lists the classes under it in code order', () => {
    assert.deepEqual(codes('0604'), ['06041', '06042']);
    assert.deepEqual(codes('06'), ['06010', '06011', '06041', '06042']);
    assert.ok(tiers('06').every((t) => t === 'codePrefix'));
  });

  test('name matches rank above keyword matches, components before events, then by code', () => {
    assert.deepEqual(codes('垃圾'), ['03005', '03004', '06010', '06011', '06041', '06042', '09006']);
    assert.deepEqual(tiers('垃圾'), [
      'nameContains',
      'nameContains',
      'nameContains',
      'nameContains',
      'nameContains',
      'nameContains',
      'exactKeyword',
    ]);
  });

  test('an exact name ranks above names that merely contain it', () => {
    const result = findClasses(catalogue, '垃圾箱');
    assert.deepEqual(
      result.map((m) => [m.minor.code, m.matchedBy]),
      [['03005', 'exactName']],
    );
  });

  test('a name containing the query beats another class whose keyword equals it', () => {
    assert.deepEqual(codes('摆摊'), ['09001', '09006']);
    assert.deepEqual(tiers('摆摊'), ['nameContains', 'exactKeyword']);
  });

  test('pinyin initials match as keywords, ignoring case and full-width letters', () => {
    for (const query of ['bllj', 'BLLJ', 'ｂｌｌｊ', '  bllj ']) {
      const [first] = findClasses(catalogue, query);
      assert.equal(first?.minor.code, '06010', query);
      assert.equal(first?.matchedBy, 'exactKeyword');
      assert.equal(first?.keyword, 'bllj');
    }
    const partial = findClasses(catalogue, 'jclj');
    assert.equal(partial[0]?.minor.code, '06011');
    assert.equal(partial[0]?.matchedBy, 'keywordContains');
  });

  test('returns the major class with each match', () => {
    const [first] = findClasses(catalogue, '03005');
    assert.equal(first?.major?.name, '市容环卫设施');
  });

  test('filters by kind and honours the limit', () => {
    assert.deepEqual(codes('垃圾', { kind: 'component' }), ['03005']);
    assert.deepEqual(codes('垃圾', { limit: 2 }), ['03005', '03004']);
  });

  test('blank or unmatched queries return nothing', () => {
    assert.deepEqual(codes(''), []);
    assert.deepEqual(codes('   '), []);
    assert.deepEqual(codes('井盖'), []);
  });

  test('normalizeQuery folds width and case', () => {
    assert.equal(normalizeQuery(' ＧＳＪＧ０１ '), 'gsjg01');
  });

  test('inactive classes are not found unless asked for (admins)', () => {
    assert.deepEqual(codes('09014'), []);
    assert.deepEqual(codes('马车'), []);
    assert.ok(!codes('垃圾').includes('09014'));
    assert.deepEqual(codes('马车', { includeInactive: true }), ['09014']);
    assert.deepEqual(codes('09014', { includeInactive: true }), ['09014']);
  });
});
