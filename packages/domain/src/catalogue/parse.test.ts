import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CatalogueError, parseCatalogue } from './parse.ts';

type Doc = {
  version: unknown;
  source: unknown;
  majors: Record<string, unknown>[];
  minors: Record<string, unknown>[];
  [key: string]: unknown;
};

function validDoc(): Doc {
  return {
    version: 1,
    source: 'test catalogue',
    majors: [
      { kind: 'component', code: '01', name: '市政公用设施', nameEn: 'Public utility facilities' },
      { kind: 'event', code: '06', name: '市容环境类', nameEn: 'City appearance' },
      { kind: 'event', code: '01', name: '市政公用设施类', nameEn: 'Public utility incidents' },
    ],
    minors: [
      {
        kind: 'event',
        code: '06010',
        name: '暴露垃圾',
        nameEn: 'Exposed garbage',
        keywords: ['bllj', '垃圾'],
        filingStandard: '公共区域存在暴露垃圾',
        closureStandard: '垃圾已清运',
        urgency: 'normal',
        clock: 'working',
        defaultUnitType: 'sanitation',
        limits: {
          A: { handle: { amount: 2, unit: 'workHour' } },
          B: { handle: { amount: 4, unit: 'workHour' } },
          C: { handle: { amount: 1, unit: 'workDay' } },
        },
      },
      {
        kind: 'component',
        code: '01001',
        name: '供水井盖',
        nameEn: 'Water supply manhole cover',
        keywords: ['gsjg'],
        filingStandard: '井盖缺失、破损、移位，影响通行安全',
        closureStandard: '井盖已补装或更换，与路面平齐',
        urgency: 'urgent',
        clock: 'natural',
        defaultUnitType: 'water_supply',
        limits: {
          A: { handle: { amount: 2, unit: 'hour' }, sign: { amount: 15, unit: 'minute' } },
          B: { handle: { amount: 4, unit: 'hour' } },
          C: { handle: { amount: 6, unit: 'hour' } },
        },
      },
    ],
  };
}

/** Splits "minors[0].limits.B" into ["minors", 0, "limits", "B"]. */
function segments(path: string): (string | number)[] {
  return path
    .split(/\.|\[(\d+)\]/)
    .filter((s) => s !== undefined && s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Sets (or, with `undefined`, deletes) the value at a path written like the validator's paths. */
function put(doc: unknown, path: string, value: unknown): void {
  const keys = segments(path);
  const last = keys.pop()!;
  let node = doc as Record<string | number, unknown>;
  for (const key of keys) node = node[key] as Record<string | number, unknown>;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

function assertRejected(doc: unknown, path: string, fragment: string): CatalogueError {
  let caught: unknown;
  try {
    parseCatalogue(doc);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof CatalogueError, 'expected a CatalogueError');
  const issue = caught.issues.find((i) => i.path === path);
  assert.ok(issue, `no issue at ${path}; got: ${caught.issues.map((i) => i.message).join(' | ')}`);
  assert.ok(issue.message.startsWith(path), issue.message);
  assert.ok(issue.message.includes(fragment), `"${issue.message}" lacks "${fragment}"`);
  assert.ok(caught.message.includes(issue.message), 'the error message lists the issue');
  return caught;
}

describe('parseCatalogue', () => {
  test('accepts a valid document and returns a detached copy', () => {
    const doc = validDoc();
    const { catalogue } = parseCatalogue(doc);
    assert.equal(catalogue.version, 1);
    assert.equal(catalogue.majors.length, 3);
    assert.equal(catalogue.minors.length, 2);
    assert.deepEqual(catalogue.minors[1]?.limits.A.sign, { amount: 15, unit: 'minute' });
    assert.equal(catalogue.minors[1]?.limits.B.sign, undefined);
    put(doc, 'minors[0].name', 'changed');
    put(doc, 'minors[0].keywords[2]', 'late');
    assert.equal(catalogue.minors[0]?.name, '暴露垃圾');
    assert.deepEqual(catalogue.minors[0]?.keywords, ['bllj', '垃圾']);
  });

  test('a report-back needs an after-photo unless the class says optional', () => {
    const doc = validDoc();
    put(doc, 'minors[1].reportBackPhoto', 'optional');
    const { catalogue } = parseCatalogue(doc);
    assert.equal(catalogue.minors[0]?.reportBackPhoto, 'required', 'absent means required');
    assert.equal(catalogue.minors[1]?.reportBackPhoto, 'optional');
    const wrong = validDoc();
    put(wrong, 'minors[0].reportBackPhoto', 'sometimes');
    assertRejected(wrong, 'minors[0].reportBackPhoto', 'must be one of "required", "optional"');
  });

  test('a class is offered for new cases unless it says active: false', () => {
    const doc = validDoc();
    put(doc, 'minors[1].active', false);
    const { catalogue } = parseCatalogue(doc);
    assert.equal(catalogue.minors[0]?.active, true, 'absent means active');
    assert.equal(catalogue.minors[1]?.active, false);
    put(doc, 'minors[0].active', true);
    assert.equal(parseCatalogue(doc).catalogue.minors[0]?.active, true);
    for (const wrong of ['false', 0, null]) {
      const bad = validDoc();
      put(bad, 'minors[0].active', wrong);
      assertRejected(bad, 'minors[0].active', 'must be true or false');
    }
    const typo = validDoc();
    put(typo, 'minors[0].enabled', false);
    assertRejected(typo, 'minors[0]', 'has unknown property "enabled"');
  });

  test('rejects a non-object document and a wrong version', () => {
    assertRejected([], '(root)', 'must be a JSON object');
    const doc = validDoc();
    doc.version = 2;
    assertRejected(doc, 'version', 'must be 1');
  });

  test('rejects unknown properties, naming them', () => {
    const doc = validDoc();
    doc.extra = true;
    assertRejected(doc, '(root)', 'unknown property "extra"');
    const typo = validDoc();
    put(typo, 'minors[0].limit', {});
    assertRejected(typo, 'minors[0]', 'unknown property "limit"');
  });

  test('rejects duplicate (kind, code) but allows the same code in both kinds', () => {
    const doc = validDoc();
    doc.majors.push({ kind: 'event', code: '06', name: '重复', nameEn: 'Duplicate' });
    assertRejected(doc, 'majors[3].code', 'duplicates event major class 06');

    const minors = validDoc();
    minors.minors.push(structuredClone(minors.minors[0]!));
    assertRejected(minors, 'minors[2].code', 'duplicates event minor class 06010');

    const bothKinds = validDoc();
    const eventTwin = structuredClone(bothKinds.minors[1]!);
    eventTwin.kind = 'event';
    bothKinds.minors.push(eventTwin);
    assert.equal(parseCatalogue(bothKinds).catalogue.minors.length, 3);
  });

  test('rejects malformed codes and a minor without a major of its kind', () => {
    const doc = validDoc();
    doc.majors[0]!.code = '1';
    assertRejected(doc, 'majors[0].code', 'must be a string of 2 digits');

    const short = validDoc();
    put(short, 'minors[0].code', '0601');
    assertRejected(short, 'minors[0].code', 'must be a string of 5 digits');

    const orphan = validDoc();
    put(orphan, 'minors[0].kind', 'component');
    assertRejected(orphan, 'minors[0].code', 'existing component major class (no 06)');
  });

  test('rejects an unknown unit type, urgency or clock', () => {
    const doc = validDoc();
    put(doc, 'minors[0].defaultUnitType', 'plumbers');
    assertRejected(doc, 'minors[0].defaultUnitType', '"plumbers"');
    const urgency = validDoc();
    put(urgency, 'minors[0].urgency', 'high');
    assertRejected(urgency, 'minors[0].urgency', 'must be one of');
    const clock = validDoc();
    put(clock, 'minors[0].clock', 'lunar');
    assertRejected(clock, 'minors[0].clock', 'must be one of');
  });

  test('requires limits for all three area classes', () => {
    const doc = validDoc();
    put(doc, 'minors[0].limits.C', undefined);
    assertRejected(doc, 'minors[0].limits.C', 'is missing');
    const extra = validDoc();
    put(extra, 'minors[0].limits.D', { handle: { amount: 1, unit: 'workDay' } });
    assertRejected(extra, 'minors[0].limits', 'unknown property "D"');
  });

  test('rejects amounts that are not positive integers', () => {
    for (const amount of [0, -1, 1.5, '2', null]) {
      const doc = validDoc();
      put(doc, 'minors[0].limits.B.handle.amount', amount);
      assertRejected(doc, 'minors[0].limits.B.handle.amount', 'must be a positive integer');
    }
  });

  test('rejects unknown units and units of the wrong clock', () => {
    const unknown = validDoc();
    put(unknown, 'minors[0].limits.A.handle.unit', 'fortnight');
    assertRejected(unknown, 'minors[0].limits.A.handle.unit', 'must be one of');

    const natural = validDoc();
    put(natural, 'minors[0].limits.A.handle.unit', 'hour');
    assertRejected(natural, 'minors[0].limits.A.handle.unit', 'because the class clock is "working"');

    const working = validDoc();
    put(working, 'minors[1].limits.C.handle', { amount: 4, unit: 'workHour' });
    assertRejected(working, 'minors[1].limits.C.handle.unit', 'because the class clock is "natural"');
  });

  test('rejects absurdly long limits', () => {
    const doc = validDoc();
    put(doc, 'minors[0].limits.C.handle', { amount: 251, unit: 'workDay' });
    assertRejected(doc, 'minors[0].limits.C.handle', 'must not exceed 250 working days');
  });

  test('requires A ≤ B ≤ C and sign ≤ handle', () => {
    const doc = validDoc();
    put(doc, 'minors[0].limits.A.handle', { amount: 5, unit: 'workHour' });
    assertRejected(doc, 'minors[0].limits.B.handle', 'must not be shorter than A.handle');

    const c = validDoc();
    put(c, 'minors[0].limits.C.handle', { amount: 3, unit: 'workHour' });
    assertRejected(c, 'minors[0].limits.C.handle', 'must not be shorter than B.handle');

    const sign = validDoc();
    put(sign, 'minors[0].limits.A.sign', { amount: 3, unit: 'workHour' });
    assertRejected(sign, 'minors[0].limits.A.sign', 'must not be longer than the handle limit');
  });

  test('holds urgent and emergency classes to the natural clock or short limits', () => {
    const emergencyWorking = validDoc();
    put(emergencyWorking, 'minors[0].urgency', 'emergency');
    assertRejected(emergencyWorking, 'minors[0].clock', 'must be "natural" for an emergency class');

    const emergencyLong = validDoc();
    put(emergencyLong, 'minors[1].urgency', 'emergency');
    put(emergencyLong, 'minors[1].limits.C.handle', { amount: 2, unit: 'day' });
    assertRejected(emergencyLong, 'minors[1].limits.C.handle', 'at most 24 hours for an emergency class');

    const urgentLong = validDoc();
    put(urgentLong, 'minors[1].limits.C.handle', { amount: 3, unit: 'day' });
    assertRejected(urgentLong, 'minors[1].limits.C.handle', 'at most 48 hours for an urgent class');

    const urgentWorking = validDoc();
    put(urgentWorking, 'minors[0].urgency', 'urgent');
    assertRejected(urgentWorking, 'minors[0].limits.C.handle', 'at most 4 working hours for an urgent class');
    put(urgentWorking, 'minors[0].limits.C.handle', { amount: 4, unit: 'workHour' });
    assert.equal(parseCatalogue(urgentWorking).catalogue.minors[0]?.urgency, 'urgent');
  });

  test('checks text fields: present, non-blank, bounded', () => {
    const empty = validDoc();
    put(empty, 'minors[0].name', '  ');
    assertRejected(empty, 'minors[0].name', 'must not be empty');

    const long = validDoc();
    put(long, 'minors[0].name', '长'.repeat(41));
    assertRejected(long, 'minors[0].name', 'at most 40 characters');

    const standard = validDoc();
    put(standard, 'minors[0].closureStandard', '标'.repeat(1001));
    assertRejected(standard, 'minors[0].closureStandard', 'at most 1000 characters');

    const missing = validDoc();
    put(missing, 'minors[0].filingStandard', undefined);
    assertRejected(missing, 'minors[0].filingStandard', 'must be a string');

    const source = validDoc();
    source.source = '';
    assertRejected(source, 'source', 'must not be empty');
  });

  test('checks keywords', () => {
    const notArray = validDoc();
    put(notArray, 'minors[0].keywords', 'bllj');
    assertRejected(notArray, 'minors[0].keywords', 'must be an array of strings');

    const blank = validDoc();
    put(blank, 'minors[0].keywords', ['bllj', '']);
    assertRejected(blank, 'minors[0].keywords[1]', 'must be a non-empty string');

    const repeated = validDoc();
    put(repeated, 'minors[0].keywords', ['bllj', 'BLLJ']);
    assertRejected(repeated, 'minors[0].keywords[1]', 'repeats the keyword "BLLJ"');
  });

  test('reports every problem at once', () => {
    const doc = validDoc();
    put(doc, 'minors[0].name', '');
    put(doc, 'minors[1].defaultUnitType', 'nobody');
    const error = assertRejected(doc, 'minors[0].name', 'must not be empty');
    assert.ok(error.issues.some((i) => i.path === 'minors[1].defaultUnitType'));
    assert.match(error.message, /^Invalid catalogue \(2 problems\)/);
  });
});
