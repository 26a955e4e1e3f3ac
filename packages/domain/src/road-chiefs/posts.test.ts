import assert from 'node:assert/strict';
import test from 'node:test';
import { heldPost } from '../testing.ts';
import { activeOn, managesPost, type Post, type PostInput, postProblems, segmentChain } from './index.ts';

const PATHS: Record<string, string> = {
  '310100': '310100',
  '310112': '310100/310112',
  '310112001': '310100/310112/310112001',
  '310112002': '310100/310112/310112002',
};
const pathOf = (code: string) => PATHS[code] ?? null;

let nextId = 1;
/** A post with a fresh id (and holder). */
const post = (over: Partial<Post> & Pick<Post, 'level'>): Post =>
  heldPost({ id: nextId, userId: over.level === 'duty' ? null : 100 + nextId++, ...over });

const S1 = { id: 11, streetPath: '310100/310112/310112001' };
const S2 = { id: 12, streetPath: '310100/310112/310112001' };

test('each level needs what it needs, and nothing else', () => {
  const ok: PostInput[] = [
    { ...post({ level: 'general', areaCode: '310112' }) },
    { ...post({ level: 'first', areaCode: '310112001' }) },
    { ...post({ level: 'second', roadId: 3, segmentIds: [11, 12] }) },
    { ...post({ level: 'segment_head', unitId: 5, segmentIds: [11] }) },
    { ...post({ level: 'duty', unitId: 5, segmentIds: [11], shiftCode: 'day' }) },
    { ...post({ level: 'posted', unitId: 6, agency: 'traffic_police', segmentIds: [12] }) },
  ];
  for (const p of ok) assert.deepEqual(postProblems(p), [], p.level);
  const fields = (p: PostInput) => postProblems(p).map((x) => x.field);
  assert.deepEqual(fields(post({ level: 'first', segmentIds: [11] })), ['segmentIds', 'areaCode']);
  assert.deepEqual(fields(post({ level: 'segment_head', segmentIds: [11] })), ['unitId']);
  assert.deepEqual(fields(post({ level: 'duty', userId: 7, unitId: 5, segmentIds: [11] })), ['userId']);
  assert.deepEqual(fields(post({ level: 'posted', unitId: 6, segmentIds: [12] })), ['agency']);
  assert.deepEqual(fields(post({ level: 'coordinator', segmentIds: [11, 11] })), ['segmentIds']);
  assert.deepEqual(
    fields(post({ level: 'second', segmentIds: [11], validFrom: '2026-05-01', validTo: '2026-04-30' })),
    ['validTo'],
  );
  assert.deepEqual(fields(post({ level: 'coordinator', roadId: 3, segmentIds: [11] })), ['roadId']);
});

test('a post holds from its first to its last day', () => {
  const p = { validFrom: '2026-03-01', validTo: '2026-03-31' };
  assert.equal(activeOn(p, '2026-02-28'), false);
  assert.equal(activeOn(p, '2026-03-01'), true);
  assert.equal(activeOn(p, '2026-03-31'), true);
  assert.equal(activeOn(p, '2026-04-01'), false);
  assert.equal(activeOn({ validFrom: '2026-03-01', validTo: null }, '2030-01-01'), true);
});

test('a segment’s chain on a day: top first; the head is its 路段长, else its 二级路长', () => {
  const general = post({ level: 'general', areaCode: '310112' });
  const first = post({ level: 'first', areaCode: '310112001' });
  const otherStreet = post({ level: 'street_general', areaCode: '310112002' });
  const second = post({ level: 'second', roadId: 3, segmentIds: [11, 12] });
  const headUntilMarch = post({ level: 'segment_head', unitId: 5, segmentIds: [11], validTo: '2026-03-31' });
  const duty = post({ level: 'duty', unitId: 5, segmentIds: [11] });
  const all = [duty, headUntilMarch, second, otherStreet, first, general];

  const march = segmentChain(all, S1, '2026-03-15', pathOf);
  assert.deepEqual(
    march.posts.map((p) => p.level),
    ['general', 'first', 'second', 'segment_head', 'duty'],
  );
  assert.equal(march.head?.id, headUntilMarch.id);
  // After the unit gives the segment up, the 二级路长 is its head again.
  assert.equal(segmentChain(all, S1, '2026-04-01', pathOf).head?.id, second.id);
  assert.equal(segmentChain(all, S2, '2026-03-15', pathOf).head?.id, second.id);
  assert.equal(segmentChain(all, S1, '2025-12-31', pathOf).head, null);
});

test('a post manages the posts below it inside its own scope', () => {
  const first = { ...post({ level: 'first', areaCode: '310112001' }), areaPath: '310100/310112/310112001' };
  const second = { ...post({ level: 'second', segmentIds: [11, 12] }), areaPath: null };
  const inStreet = { areaPath: null, streetPaths: ['310100/310112/310112001'] };
  assert.equal(managesPost(first, { level: 'second', ...inStreet, segmentIds: [11] }), true);
  assert.equal(
    managesPost(first, {
      level: 'second',
      areaPath: null,
      streetPaths: ['310100/310112/310112002'],
      segmentIds: [21],
    }),
    false,
  );
  assert.equal(
    managesPost(first, { level: 'general', areaPath: '310100/310112', streetPaths: [], segmentIds: [] }),
    false,
  );
  assert.equal(managesPost(second, { level: 'duty', ...inStreet, segmentIds: [12] }), true);
  assert.equal(managesPost(second, { level: 'duty', ...inStreet, segmentIds: [12, 13] }), false);
  assert.equal(managesPost(second, { level: 'second', ...inStreet, segmentIds: [12] }), false);
});
