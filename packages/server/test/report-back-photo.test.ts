// A report-back carries at least one after-photo unless the case's class waives it (the
// catalogue's `reportBackPhoto`), enforced by the server from the class version the case was
// filed under — not only by the console's form.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AFTER_PHOTOS, startTestServer } from './fixture.ts';

const s = await startTestServer();
const S1 = '310112001'; // 江川路街道
const GARBAGE = '06010'; // 暴露垃圾: photo required
const NOISE = '06028'; // 噪声扰民: photo optional in the seed catalogue

const squad = (
  await s.db.selectFrom('units').select('id').where('code', '=', 's1-sanitation').executeTakeFirstOrThrow()
).id;

/** A case of the class, taken to 处置中 at the street's sanitation squad. */
async function inHand(classCode: string) {
  const res = await s.call('POST', '/api/cases', {
    as: 'intake',
    body: { source: 'hotline', kind: 'event', classCode, description: '测试', location: await s.pointIn(S1) },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  await s.act('intake', res.body.id, 'accept');
  await s.act('shift', res.body.id, 'file');
  await s.act('dispatch', res.body.id, 'dispatch', { unitId: squad });
  return await s.act('s1-handler', res.body.id, 'sign');
}

const reportBack = (id: number, body: Record<string, unknown>) =>
  s.call('POST', `/api/cases/${id}/report-back`, { as: 's1-handler', body });

test('without an after-photo a report-back on a photo class is refused and changes nothing', async () => {
  const c = await inHand(GARBAGE);
  assert.equal(c.reportBackPhoto, 'required');
  const events = await s.count('case_events');
  const refused = await reportBack(c.id, { reason: '已清理' });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.code, 'PHOTO_REQUIRED');
  assert.equal(refused.body.field, 'photos');
  assert.equal(refused.body.message, '本类案件处置反馈须上传至少一张处置后照片');
  assert.equal(await s.count('case_events'), events, 'no event written');
  const empty = await reportBack(c.id, { reason: '已清理', photos: [] });
  assert.equal(empty.body.code, 'PHOTO_REQUIRED', 'an empty list is no photo');
  const same = (await s.call('GET', `/api/cases/${c.id}`, { as: 's1-handler' })).body;
  assert.equal(same.state, 'handling');
  assert.equal(same.version, c.version);

  const ok = await reportBack(c.id, { reason: '已清理', photos: AFTER_PHOTOS });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.state, 'checking');
});

test('a class that waives the photo takes a report-back without one', async () => {
  const c = await inHand(NOISE);
  assert.equal(c.reportBackPhoto, 'optional');
  const ok = await reportBack(c.id, { reason: '噪声已停止' });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.state, 'checking');
});

test('an edit of the class applies to cases filed afterwards; open cases keep their version', async () => {
  const before = await inHand(GARBAGE);
  const edit = await s.call('PUT', `/api/catalogue/classes/event/${GARBAGE}`, {
    as: 'admin',
    body: { note: '夜间清运照片难以拍清，改为可选', reportBackPhoto: 'optional' },
  });
  assert.equal(edit.status, 200, JSON.stringify(edit.body));
  assert.equal(edit.body.reportBackPhoto, 'optional');
  const history = await s.call(
    'GET',
    `/api/admin/history?entity=catalogue_class&key=${encodeURIComponent(`event:${GARBAGE}`)}`,
    { as: 'admin' },
  );
  assert.equal(history.status, 200, JSON.stringify(history.body));
  const change = history.body.items[0];
  assert.equal(change.before.reportBackPhoto, 'required');
  assert.equal(change.after.reportBackPhoto, 'optional');

  assert.equal((await reportBack(before.id, { reason: '已清理' })).body.code, 'PHOTO_REQUIRED');
  const after = await inHand(GARBAGE);
  assert.equal(after.reportBackPhoto, 'optional');
  assert.equal((await reportBack(after.id, { reason: '已清理' })).status, 200);

  const bad = await s.call('PUT', `/api/catalogue/classes/event/${GARBAGE}`, {
    as: 'admin',
    body: { note: 'x', reportBackPhoto: 'sometimes' },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.field, 'reportBackPhoto');
});
