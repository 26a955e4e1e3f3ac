// The seed catalogue against the reference list of GB/T 47678.5-2026 beside the repository
// (../shared/data/catalog/, an unverified transcription; docs/catalogue.md): every (kind, code)
// of the list is in the seed under the same name, nothing else is unless documented, every class
// carries measurable standards and full limits, and the list's gaps are documented and left
// empty. Without ../shared this is one skipped test naming the missing path.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { type ClassKind, isUnitTypeCode, parseCatalogue } from '@xiuhua/domain/catalogue';
import { CATALOGUE_FILE } from '../src/demo/seed.ts';
import { sharedData, withSharedData } from './shared-data.ts';

const LIST = 'data/catalog/gbt47678.5-2026-directory.csv';

/** Seed classes that are not in the list, each explained in docs/catalogue.md. */
const ADDED = ['event:10003', 'event:10004', 'event:10005'];
/** Codes whose seed name differs from the list's (none today; each must be documented). */
const RENAMED: Record<string, string> = {};

await withSharedData('seed catalogue covers the reference list', LIST, async () => {
  const rows = readFileSync(sharedData(LIST), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [code, kindText, category, , name] = line.split(',');
      const kind: ClassKind = kindText === '管理部件' ? 'component' : 'event';
      return { key: `${kind}:${code}`, kind, code: code!, category: category!, name: name! };
    });
  const { catalogue } = parseCatalogue(JSON.parse(readFileSync(CATALOGUE_FILE, 'utf8')));
  const minors = new Map(catalogue.minors.map((m) => [`${m.kind}:${m.code}`, m]));
  const docs = readFileSync(new URL('../../../docs/catalogue.md', import.meta.url), 'utf8');

  test('the list is what its README describes: 403 rows, unique by (kind, code)', () => {
    assert.equal(rows.length, 403);
    assert.equal(new Set(rows.map((r) => r.key)).size, 403);
  });

  test('every (kind, code) of the list is in the seed, under the same name', () => {
    const missing = rows.filter((r) => !minors.has(r.key)).map((r) => `${r.key} ${r.name}`);
    assert.deepEqual(missing, []);
    const renamed = rows
      .filter((r) => (RENAMED[r.key] ?? r.name) !== minors.get(r.key)!.name)
      .map((r) => `${r.key}: list ${r.name}, seed ${minors.get(r.key)!.name}`);
    assert.deepEqual(renamed, []);
  });

  test('every major class of the list exists under the list’s name', () => {
    for (const r of rows) {
      const major = catalogue.majors.find((m) => m.kind === r.kind && m.code === r.code.slice(0, 2));
      assert.equal(major?.name, r.category, `${r.key}: major ${r.code.slice(0, 2)}`);
    }
  });

  test('no seed class outside the list unless documented', () => {
    const listed = new Set(rows.map((r) => r.key));
    const extra = [...minors.keys()].filter((key) => !listed.has(key));
    assert.deepEqual(extra.sort(), [...ADDED].sort());
    for (const key of ADDED) assert.ok(docs.includes(key.split(':')[1]!), `${key} not in docs/catalogue.md`);
  });

  test('every class has measurable standards, A/B/C limits, a known unit type and a photo rule', () => {
    for (const m of catalogue.minors) {
      const label = `${m.kind}:${m.code} ${m.name}`;
      assert.match(m.filingStandard, /\d/, `${label}: filing standard names no figure`);
      assert.match(m.closureStandard, /\d/, `${label}: closure standard names no figure`);
      for (const area of ['A', 'B', 'C'] as const) assert.ok(m.limits[area]?.handle, `${label}: no ${area}`);
      assert.ok(isUnitTypeCode(m.defaultUnitType), `${label}: unit type ${m.defaultUnitType}`);
      assert.ok(['required', 'optional'].includes(m.reportBackPhoto), label);
      assert.ok(m.nameEn.trim() !== '' && m.keywords.some((k) => /^[a-z]{2,}$/.test(k)), label);
    }
  });

  test('the gaps in the list’s numbering are documented and get no class', () => {
    const gaps: string[] = [];
    const byMajor = Map.groupBy(rows, (r) => `${r.kind}:${r.code.slice(0, 2)}`);
    for (const [major, list] of byMajor) {
      const numbers = list.map((r) => Number(r.code.slice(2)));
      const [kind, prefix] = major.split(':') as [ClassKind, string];
      for (let n = 1; n < Math.max(...numbers); n++) {
        const code = `${prefix}${String(n).padStart(3, '0')}`;
        if (numbers.includes(n)) continue;
        gaps.push(`${kind}:${code}`);
        assert.ok(!minors.has(`${kind}:${code}`), `${kind}:${code} is a gap in the list but has a class`);
      }
    }
    assert.ok(gaps.length > 0);
    const section = docs.slice(docs.indexOf('## Doubtful spots in the reference list'));
    for (const gap of gaps) {
      const code = gap.split(':')[1]!;
      const range = /^05(00[4-8])$/.test(code) ? '05004–05008' : code;
      assert.ok(section.includes(range), `gap ${gap} is not listed under "Doubtful spots"`);
    }
  });
});
