import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { refusal } from '../testing.ts';
import { CASE_SOURCES } from '../workflow/states.ts';
import { SOURCE_SCHEMAS, sourceSchemaOf } from './fields.ts';
import { parseSourceDetails } from './validate.ts';

const NOW = new Date('2026-09-28T01:00:00Z'); // 09:00 China time

const instruction = () => ({
  leader: '王区长',
  position: '区长',
  instruction: '请城管部门三日内整治并反馈。',
  instructedAt: '2026-09-27T16:30:00+08:00',
  documentNumber: '闵府批〔2026〕12号',
  replyDueDate: '2026-09-30',
});

describe('source schemas', () => {
  test('every schema belongs to a known source, with unique keys and bilingual labels', () => {
    for (const s of SOURCE_SCHEMAS) {
      assert.ok((CASE_SOURCES as readonly string[]).includes(s.source), s.source);
      const keys = s.fields.map((f) => f.key);
      assert.equal(new Set(keys).size, keys.length, s.source);
      for (const f of s.fields) {
        assert.ok(f.zh && f.en, `${s.source}.${f.key}`);
        if (f.notBefore) assert.ok(keys.includes(f.notBefore), `${s.source}.${f.key}.notBefore`);
        if (f.type === 'choice') assert.ok(f.choices && f.choices.length > 0);
      }
      assert.ok(
        s.fields.some((f) => f.required),
        `${s.source} has a required field`,
      );
    }
  });

  test('desk and app sources have no fields of their own', () => {
    for (const source of ['inspector', 'hotline', 'citizen_app', 'open311', 'police_transfer', 'walk_in'])
      assert.equal(sourceSchemaOf(source), undefined, source);
  });
});

describe('parseSourceDetails', () => {
  test('a full leader instruction is normalised (trimmed, date-time in UTC)', () => {
    const out = parseSourceDetails('leader_instruction', { ...instruction(), leader: '  王区长 ' }, NOW);
    assert.deepEqual(out, { ...instruction(), instructedAt: '2026-09-27T08:30:00.000Z' });
  });

  test('optional fields may be left out or blank', () => {
    const { documentNumber: _d, replyDueDate: _r, ...required } = instruction();
    assert.deepEqual(parseSourceDetails('leader_instruction', { ...required, documentNumber: '  ' }, NOW), {
      ...required,
      instructedAt: '2026-09-27T08:30:00.000Z',
    });
  });

  test('each required field of each source is named when missing', () => {
    for (const s of SOURCE_SCHEMAS) {
      const first = s.fields.find((f) => f.required)!;
      assert.deepEqual(
        refusal(() => parseSourceDetails(s.source, undefined, NOW)),
        {
          code: 'MISSING_FIELD',
          field: `sourceDetails.${first.key}`,
        },
      );
    }
    const { instructedAt: _, ...rest } = instruction();
    assert.deepEqual(
      refusal(() => parseSourceDetails('leader_instruction', rest, NOW)),
      {
        code: 'MISSING_FIELD',
        field: 'sourceDetails.instructedAt',
      },
    );
  });

  test('bad values are refused with the exact field', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [
        'leader_instruction',
        { ...instruction(), instructedAt: '2026-09-27 16:30' },
        'sourceDetails.instructedAt',
      ],
      [
        'leader_instruction',
        { ...instruction(), instructedAt: '2026-09-27T16:30:00' },
        'sourceDetails.instructedAt',
      ],
      [
        'leader_instruction',
        { ...instruction(), instructedAt: '2026-02-30T16:30:00+08:00' },
        'sourceDetails.instructedAt',
      ],
      // tomorrow: a future instruction is a typing error
      [
        'leader_instruction',
        { ...instruction(), instructedAt: '2026-09-29T09:00:00+08:00' },
        'sourceDetails.instructedAt',
      ],
      ['leader_instruction', { ...instruction(), replyDueDate: '2026-09-26' }, 'sourceDetails.replyDueDate'],
      ['leader_instruction', { ...instruction(), replyDueDate: '2026-9-30' }, 'sourceDetails.replyDueDate'],
      ['leader_instruction', { ...instruction(), leader: 'x'.repeat(51) }, 'sourceDetails.leader'],
      ['leader_instruction', { ...instruction(), leader: 42 }, 'sourceDetails.leader'],
      ['leader_instruction', { ...instruction(), leader: '王\n区长' }, 'sourceDetails.leader'],
      ['leader_instruction', { ...instruction(), signedBy: '张' }, 'sourceDetails.signedBy'],
      [
        'media',
        { outlet: '闵行报', title: 't', publishedAt: '2026-09-27T08:00:00Z', url: 'javascript:alert(1)' },
        'sourceDetails.url',
      ],
      [
        'media',
        { outlet: '闵行报', title: 't', publishedAt: '2026-09-27T08:00:00Z', mediaType: 'blog' },
        'sourceDetails.mediaType',
      ],
      [
        'petition',
        { petitionNumber: 'X1', channel: 'visit', receivedAt: '2026-09-27T08:00:00Z', petitionerCount: 2.5 },
        'sourceDetails.petitionerCount',
      ],
      [
        'petition',
        { petitionNumber: 'X1', channel: 'visit', receivedAt: '2026-09-27T08:00:00Z', petitionerCount: '3' },
        'sourceDetails.petitionerCount',
      ],
      [
        'survey',
        { organisation: 'o', batch: 'b', findingNumber: 'f', checkItem: 'c', deduction: 120 },
        'sourceDetails.deduction',
      ],
      [
        'sensor',
        { deviceId: 'dev 1', alarmType: 'tilt', alarmAt: '2026-09-28T00:59:00Z' },
        'sourceDetails.deviceId',
      ],
    ];
    for (const [source, details, field] of cases) {
      assert.equal(
        refusal(() => parseSourceDetails(source, details, NOW)).field,
        field,
        JSON.stringify(details),
      );
    }
  });

  test('details must be an object, and sources without fields take none', () => {
    assert.equal(refusal(() => parseSourceDetails('media', ['x'], NOW)).field, 'sourceDetails');
    assert.equal(refusal(() => parseSourceDetails('hotline', { outlet: 'x' }, NOW)).field, 'sourceDetails');
    assert.equal(parseSourceDetails('hotline', {}, NOW), null);
    assert.equal(parseSourceDetails('hotline', undefined, NOW), null);
  });

  test('a clock a few minutes ahead is tolerated; the reply date compares China days', () => {
    const out = parseSourceDetails(
      'leader_instruction',
      // 23:30 on 27 Sept China time is 15:30 UTC; a reply due on the 27th is the same day
      { ...instruction(), instructedAt: '2026-09-27T15:30:00Z', replyDueDate: '2026-09-27' },
      NOW,
    );
    assert.equal(out?.replyDueDate, '2026-09-27');
    assert.equal(
      refusal(() =>
        parseSourceDetails(
          'leader_instruction',
          { ...instruction(), instructedAt: '2026-09-27T16:30:00Z', replyDueDate: '2026-09-27' },
          NOW,
        ),
      ).field,
      'sourceDetails.replyDueDate',
    );
    const ahead = new Date(NOW.getTime() + 5 * 60_000).toISOString();
    assert.ok(parseSourceDetails('sensor', { deviceId: 'MH-1', alarmType: 'tilt', alarmAt: ahead }, NOW));
  });
});
