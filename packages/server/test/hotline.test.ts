// The hotline desk through the API: address search (ranking, import), the caller's history and
// who may see it, calls that become cases, join cases or need none, the first reply on the call
// and on the case, and the callback queue (satisfied, unsatisfied reopens, not reached).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromWgs84 } from '@xiuhua/domain/geo';
import { AFTER_PHOTOS, startTestServer } from './fixture.ts';

const s = await startTestServer();
const S1 = '310112001'; // 江川路街道
const S2 = '310112006'; // 古美街道
const GARBAGE = '06010'; // 暴露垃圾 (event)

const unitId = async (code: string) =>
  (await s.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

// A street-level intake operator, to see what the caller lookup leaves out.
{
  const res = await s.call('POST', '/api/users', {
    as: 'admin',
    body: {
      username: 's1-intake',
      displayName: '江川受理员',
      password: 'xiuhua-demo',
      unitId: await unitId('s1-office'),
      roles: ['intake_operator'],
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

async function report(street: string, phone: string | null, description = '路边有暴露垃圾', as = 'intake') {
  const res = await s.call('POST', '/api/cases', {
    as,
    body: {
      source: 'hotline',
      kind: 'event',
      classCode: GARBAGE,
      description,
      location: await s.pointIn(street),
      ...(phone ? { reporter: { name: '王先生', phone } } : {}),
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

const { act } = s;

/** Through the loop to closure in 江川路街道. */
async function closed(phone: string | null) {
  const c = await report(S1, phone);
  await act('intake', c.id, 'accept');
  await act('shift', c.id, 'file');
  await act('dispatch', c.id, 'dispatch', { unitId: await unitId('s1-sanitation') });
  await act('s1-handler', c.id, 'sign');
  await act('s1-handler', c.id, 'report-back', { reason: '已清理', photos: AFTER_PHOTOS });
  await act('inspector1', c.id, 'check-pass');
  return await act('shift', c.id, 'close');
}

async function events(id: number) {
  return (await s.call('GET', `/api/cases/${id}/events`, { as: 'intake' })).body as any[];
}

async function startCall(phone?: string, as = 'intake', extra: Record<string, unknown> = {}) {
  const res = await s.call('POST', '/api/hotline/calls', {
    as,
    body: { ...(phone ? { callerPhone: phone } : {}), ...extra },
  });
  assert.ok(res.status === 201 || res.status === 200, JSON.stringify(res.body));
  return res.body;
}

const search = async (q: string, as = 'intake') =>
  (await s.call('GET', `/api/places/search?q=${encodeURIComponent(q)}&limit=20`, { as })).body as any[];

describe('address search', () => {
  test('a road by its exact name comes before the street named after it and the landmarks on it', async () => {
    const hits = await search('江川路');
    assert.equal(hits[0].name, '江川路');
    assert.equal(hits[0].kind, 'road');
    assert.equal(hits[0].match, 'exactName');
    assert.equal(hits[0].streetName, '江川路街道');
    const street = hits.findIndex((h) => h.kind === 'street' && h.name === '江川路街道');
    const metro = hits.findIndex((h) => h.name === '江川路地铁站');
    assert.ok(street > 0 && metro > street, hits.map((h) => `${h.kind}:${h.name}`).join(' '));
  });

  test('pinyin initials, full pinyin and aliases find places; tiers rank before kinds', async () => {
    // Initials are ambiguous: 江川路 and 剑川路 are both "jcl", and both come first.
    const byInitials = await search('jcl');
    assert.deepEqual(
      byInitials
        .slice(0, 2)
        .map((h) => h.name)
        .sort(),
      ['剑川路', '江川路'].sort(),
    );
    assert.ok(byInitials.slice(0, 2).every((h) => h.match === 'exactPinyin'));
    assert.ok(byInitials.some((h) => h.name === '江川路街道' && h.match === 'pinyinPrefix'));
    const byPinyin = await search('jiangchuan');
    assert.deepEqual(
      byPinyin.slice(0, 2).map((h) => `${h.kind}:${h.name}`),
      ['street:江川路街道', 'road:江川路'],
    );

    const alias = await search('交大');
    assert.equal(alias[0].name, '上海交通大学闵行校区');
    assert.equal(alias[0].match, 'exactAlias');
    assert.equal(alias[0].matched, '交大');

    // Same tier (pinyin prefix): the street before the road before the park.
    const gumei = (await search('gumei')).map((h) => `${h.kind}:${h.name}`);
    const order = ['street:古美街道', 'road:古美路', 'landmark:古美公园'].map((x) => gumei.indexOf(x));
    assert.ok(order.every((i) => i >= 0) && order[0]! < order[1]! && order[1]! < order[2]!, gumei.join(' '));

    // Full-width letters and upper case fold.
    assert.equal((await search('ＪＩＡＮＧＣＨＵＡＮＬＵ'))[0].name, '江川路');
    assert.deepEqual(await search('不存在的地名xyz'), []);
  });

  test('every hit carries a point inside the area it names', async () => {
    for (const q of ['江川路', '古美', '虹桥', '浦锦', '社区', 'lu']) {
      for (const h of await search(q)) {
        const r = await s.call('GET', `/api/geo/resolve?lon=${h.location.lon}&lat=${h.location.lat}`, {
          as: 'intake',
        });
        assert.equal(r.status, 200, `${h.name}: ${JSON.stringify(r.body)}`);
        assert.ok(
          r.body.communityCode.startsWith(h.areaCode),
          `${h.name} ${h.areaCode} → ${r.body.communityCode}`,
        );
      }
    }
  });

  test('a bad query is a 400 naming q; signing in is required', async () => {
    const empty = await s.call('GET', '/api/places/search?q=', { as: 'intake' });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.field, 'q');
    const long = await s.call('GET', `/api/places/search?q=${'路'.repeat(51)}`, { as: 'intake' });
    assert.equal(long.status, 400);
    assert.equal((await s.call('GET', '/api/places/search?q=jcl')).status, 401);
  });

  test('an admin imports a GeoJSON gazetteer: roads become one place per street, bad features are reported', async () => {
    const a = await s.pointIn(S1);
    const b = await s.pointIn(S2);
    const gcj = fromWgs84(b.lon, b.lat, 'GCJ02');
    const collection = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: '测试大道', aliases: '测试路、试验大道' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [a.lon, a.lat],
              [b.lon, b.lat],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { name: '测试广场', kind: 'landmark', category: 'square' },
          geometry: { type: 'Point', coordinates: [a.lon, a.lat] },
        },
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [a.lon, a.lat] } },
        {
          type: 'Feature',
          properties: { name: '远方' },
          geometry: { type: 'Point', coordinates: [100, 40] },
        },
        {
          type: 'Feature',
          properties: { name: '怪物', kind: 'monster' },
          geometry: { type: 'Point', coordinates: [a.lon, a.lat] },
        },
      ],
    };
    const denied = await s.call('POST', '/api/places/import', { as: 'intake', body: { collection } });
    assert.equal(denied.status, 403);

    const res = await s.call('POST', '/api/places/import', { as: 'admin', body: { collection } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.imported, 3, JSON.stringify(res.body)); // the road twice, the square once
    assert.deepEqual(
      res.body.rejected.map((r: any) => r.index),
      [2, 3, 4],
    );
    const road = (await search('测试大道')).filter((h) => h.name === '测试大道');
    assert.deepEqual(road.map((h) => h.streetName).sort(), ['古美街道', '江川路街道'].sort());
    assert.equal((await search('试验大道'))[0].name, '测试大道');

    // The same file again updates; a GCJ-02 point is converted.
    const again = await s.call('POST', '/api/places/import', { as: 'admin', body: { collection } });
    assert.equal(again.body.imported, 0);
    assert.equal(again.body.updated, 3);
    const gcjImport = await s.call('POST', '/api/places/import', {
      as: 'admin',
      body: {
        crs: 'GCJ02',
        collection: {
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: { name: '火星坐标亭' },
              geometry: { type: 'Point', coordinates: [gcj.lon, gcj.lat] },
            },
          ],
        },
      },
    });
    assert.equal(gcjImport.body.imported, 1);
    const [kiosk] = await search('火星坐标亭');
    assert.ok(Math.abs(kiosk.location.lon - b.lon) < 1e-5 && Math.abs(kiosk.location.lat - b.lat) < 1e-5);
  });
});

describe('caller lookup', () => {
  test('earlier cases and calls of a number, newest first, whatever way the number is written', async () => {
    const older = await report(S1, '13900001111', '第一次来电反映的垃圾');
    s.clock.advanceMinutes(10);
    const newer = await report(S2, '+86 139 0000 1111', '第二次来电反映的垃圾');
    await report(S1, '13900002222'); // someone else
    const call = await startCall('139-0000-1111');
    assert.equal(call.callerPhone, '13900001111');
    for (const written of ['13900001111', '139 0000 1111', '+8613900001111']) {
      const res = await s.call('GET', `/api/hotline/lookup?phone=${encodeURIComponent(written)}`, {
        as: 'intake',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(
        res.body.cases.map((c: any) => c.id),
        [newer.id, older.id],
      );
      assert.equal(res.body.cases[0].stateName, '待受理');
      assert.ok(res.body.calls.some((c: any) => c.id === call.id));
    }
  });

  test('an operator sees only what is in their scope; other roles may not look numbers up', async () => {
    const phone = '13900003333';
    const inS1 = await report(S1, phone);
    const inS2 = await report(S2, phone);
    const byDistrict = await startCall(phone); // a district operator's call, about no case yet
    const mine = await startCall(phone, 's1-intake');

    const narrow = await s.call('GET', `/api/hotline/lookup?phone=${phone}`, { as: 's1-intake' });
    assert.equal(narrow.status, 200);
    assert.deepEqual(
      narrow.body.cases.map((c: any) => c.id),
      [inS1.id],
    );
    assert.deepEqual(
      narrow.body.calls.map((c: any) => c.id),
      [mine.id],
    );
    const wide = await s.call('GET', `/api/hotline/lookup?phone=${phone}`, { as: 'intake' });
    assert.deepEqual(wide.body.cases.map((c: any) => c.id).sort(), [inS1.id, inS2.id].sort());
    assert.ok(wide.body.calls.some((c: any) => c.id === byDistrict.id));
    // The street operator cannot open the district's call.
    assert.equal(
      (await s.call('GET', `/api/hotline/calls/${byDistrict.id}`, { as: 's1-intake' })).status,
      404,
    );

    for (const as of ['dispatch', 'inspector1', 's1-handler']) {
      const res = await s.call('GET', `/api/hotline/lookup?phone=${phone}`, { as });
      assert.equal(res.status, 403, as);
      assert.equal(res.body.code, 'ROLE_NOT_ALLOWED');
    }
    const bad = await s.call('GET', '/api/hotline/lookup?phone=abc', { as: 'intake' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'phone');
  });
});

describe('calls', () => {
  test('the first reply is kept with its time on the call, then on the case the call makes', async () => {
    const call = await startCall('13900004444');
    s.clock.advanceMinutes(2);
    const replied = await s.call('POST', `/api/hotline/calls/${call.id}/first-reply`, {
      as: 'intake',
      body: { text: '您反映的问题已记录，我们会尽快派人处理。' },
    });
    assert.equal(replied.status, 200);
    assert.equal(replied.body.firstReply, '您反映的问题已记录，我们会尽快派人处理。');
    assert.equal(replied.body.firstReplyAt, s.clock.now().toISOString());

    const point = await s.pointIn(S1);
    const body = {
      kind: 'event',
      classCode: GARBAGE,
      description: '江川路上有一堆生活垃圾',
      location: point,
      address: '江川路',
      reporterName: '赵女士',
    };
    const made = await s.call('POST', `/api/hotline/calls/${call.id}/case`, { as: 'intake', body });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const c = made.body.case;
    assert.equal(c.source, 'hotline');
    assert.deepEqual(c.reporter, { name: '赵女士', phone: '13900004444' });
    assert.equal(made.body.call.outcome, 'case_created');
    assert.equal(made.body.call.caseId, c.id);
    assert.equal(made.body.call.caseNumber, c.number);
    assert.ok(made.body.call.endedAt);
    const log = await events(c.id);
    assert.deepEqual(
      log.map((e) => e.action),
      ['intake', 'first_reply'],
    );
    assert.equal(log[1].reason, '您反映的问题已记录，我们会尽快派人处理。');
    assert.equal(log[1].actionName, '先行回复');
    assert.equal(log[1].toState, 'reported');

    // A retried submit returns the same case; nothing is added.
    const again = await s.call('POST', `/api/hotline/calls/${call.id}/case`, { as: 'intake', body });
    assert.equal(again.status, 200);
    assert.equal(again.body.case.id, c.id);
    assert.equal((await events(c.id)).length, 2);
    // A later reply on the same call goes on the case too.
    s.clock.advanceMinutes(1);
    await s.call('POST', `/api/hotline/calls/${call.id}/first-reply`, {
      as: 'intake',
      body: { text: '补充：已通知环卫所。' },
    });
    assert.deepEqual(
      (await events(c.id)).map((e) => e.reason),
      [null, '您反映的问题已记录，我们会尽快派人处理。', '补充：已通知环卫所。'],
    );
  });

  test('a refused case leaves the call open and writes nothing', async () => {
    const call = await startCall('13900005555');
    const before = await s.count('cases');
    const cases: [Record<string, unknown>, number, string][] = [
      [{ classCode: '99999' }, 422, 'classCode'],
      [{ location: { lon: 100, lat: 40 } }, 422, 'location'],
      [{ description: 'x' }, 400, 'description'],
      [{ reporterPhone: 'not-a-phone' }, 400, 'reporterPhone'],
    ];
    for (const [change, status, field] of cases) {
      const res = await s.call('POST', `/api/hotline/calls/${call.id}/case`, {
        as: 'intake',
        body: {
          kind: 'event',
          classCode: GARBAGE,
          description: '一堆垃圾',
          location: await s.pointIn(S1),
          ...change,
        },
      });
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.equal(res.body.field, field);
    }
    assert.equal(await s.count('cases'), before);
    const open = await s.call('GET', `/api/hotline/calls/${call.id}`, { as: 'intake' });
    assert.equal(open.body.outcome, null);
    assert.equal(open.body.caseId, null);
  });

  test('"the same problem": the call joins the existing case, the first reply goes on it', async () => {
    const existing = await report(S1, '13900006666');
    const call = await startCall('13900007777');
    const res = await s.call('POST', `/api/hotline/calls/${call.id}/link`, {
      as: 'intake',
      body: { caseId: existing.id, firstReply: '该问题已有市民反映，正在处理中。' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.call.outcome, 'duplicate');
    assert.equal(res.body.call.caseId, existing.id);
    assert.equal((await events(existing.id)).at(-1).reason, '该问题已有市民反映，正在处理中。');
    // The second caller's history now shows that case.
    const lookup = await s.call('GET', '/api/hotline/lookup?phone=13900007777', { as: 'intake' });
    assert.deepEqual(
      lookup.body.cases.map((c: any) => c.id),
      [existing.id],
    );
    // A completed call takes no other outcome.
    const twice = await s.call('POST', `/api/hotline/calls/${call.id}/complete`, {
      as: 'intake',
      body: { outcome: 'consultation' },
    });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'CALL_COMPLETED');
    // A case the operator may not see cannot be linked to.
    const other = await report(S2, null);
    const narrowCall = await startCall('13900008888', 's1-intake');
    const hidden = await s.call('POST', `/api/hotline/calls/${narrowCall.id}/link`, {
      as: 's1-intake',
      body: { caseId: other.id },
    });
    assert.equal(hidden.status, 422);
    assert.equal(hidden.body.field, 'caseId');
  });

  test('a consultation needs no case; a telephony call id registers a call once', async () => {
    const call = await startCall('13900009999', 'intake', { callRef: 'CTI-0001', line: '962000' });
    const same = await s.call('POST', '/api/hotline/calls', {
      as: 'intake',
      body: { callerPhone: '13900009999', callRef: 'CTI-0001' },
    });
    assert.equal(same.status, 200);
    assert.equal(same.body.id, call.id);
    assert.equal(same.body.line, '962000');
    const done = await s.call('POST', `/api/hotline/calls/${call.id}/complete`, {
      as: 'intake',
      body: { outcome: 'consultation', firstReply: '垃圾分类投放时间为每天7:00-9:00、18:00-20:00。' },
    });
    assert.equal(done.status, 200);
    assert.equal(done.body.outcome, 'consultation');
    assert.equal(done.body.caseId, null);
    assert.ok(done.body.firstReplyAt);
    const log = await s.call('GET', '/api/hotline/calls?outcome=consultation&phone=13900009999', {
      as: 'intake',
    });
    assert.deepEqual(
      log.body.items.map((c: any) => c.id),
      [call.id],
    );
    const refused = await s.call('POST', '/api/hotline/calls', { as: 'dispatch', body: {} });
    assert.equal(refused.status, 403);
  });
});

describe('callback queue', () => {
  test('closed cases with a number wait oldest first; satisfied leaves, unsatisfied reopens', async () => {
    const first = await closed('13911110001');
    s.clock.advanceMinutes(30);
    const second = await closed('13911110002');
    await closed(null); // no number: never in the queue
    const queue = async (as = 'intake') =>
      (await s.call('GET', '/api/hotline/callbacks?pageSize=200', { as })).body;
    const q = await queue();
    const ids = q.items.map((i: any) => i.id);
    assert.ok(ids.indexOf(first.id) >= 0 && ids.indexOf(first.id) < ids.indexOf(second.id), ids.join(','));
    const item = q.items.find((i: any) => i.id === first.id);
    assert.deepEqual(item.reporter, { name: '王先生', phone: '13911110001' });
    assert.equal(item.attempts, 0);
    assert.equal(item.unitName, '江川路街道环卫所');
    assert.equal(ids.length, q.total);

    await act('intake', first.id, 'callback', { satisfaction: 'satisfied', reason: '市民表示满意' });
    const reopened = await act('intake', second.id, 'callback', {
      satisfaction: 'unsatisfied',
      reason: '垃圾又堆起来了',
    });
    assert.equal(reopened.state, 'filed');
    assert.equal(reopened.counts.reopen, 1);
    const after = (await queue()).items.map((i: any) => i.id);
    assert.ok(!after.includes(first.id) && !after.includes(second.id));
    assert.equal((await s.call('GET', '/api/hotline/callbacks', { as: 'dispatch' })).status, 403);
  });

  test('not reached: kept on the case, still queued, and after the third attempt it leaves with a note', async () => {
    const c = await closed('13911110003');
    for (const n of [1, 2, 3]) {
      s.clock.advanceMinutes(60);
      const res = await s.call('POST', `/api/hotline/callbacks/${c.id}/not-reached`, {
        as: 'intake',
        body: { note: '无人接听' },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.attempts, n);
      assert.equal(res.body.inQueue, n < 3);
      const queued = (
        await s.call('GET', '/api/hotline/callbacks?pageSize=200', { as: 'intake' })
      ).body.items.find((i: any) => i.id === c.id);
      if (n < 3) assert.equal(queued?.attempts, n);
      else assert.equal(queued, undefined);
    }
    const failed = (await events(c.id)).filter((e) => e.action === 'callback_failed');
    assert.equal(failed.length, 3);
    assert.match(failed[2].reason, /第3次回访未接通.*结束回访：无人接听/);
    const state = await s.call('GET', `/api/cases/${c.id}`, { as: 'intake' });
    assert.equal(state.body.state, 'closed');
    assert.equal(state.body.satisfaction, null);
    const fourth = await s.call('POST', `/api/hotline/callbacks/${c.id}/not-reached`, {
      as: 'intake',
      body: {},
    });
    assert.equal(fourth.status, 409);
  });

  test('the queue is scoped: a street operator sees only the street’s closed cases', async () => {
    const c = await closed('13911110004');
    const s1 = (await s.call('GET', '/api/hotline/callbacks?pageSize=200', { as: 's1-intake' })).body.items;
    assert.ok(s1.some((i: any) => i.id === c.id));
    assert.ok(s1.every((i: any) => i.streetName === '江川路街道'));
  });
});

test('an abandoned call does not stay 通话中 for ever: 4 hours on it is ended as dropped', async () => {
  const abandoned = await startCall('13900007777');
  const open = async () =>
    (await s.call('GET', '/api/hotline/calls?outcome=open&phone=13900007777', { as: 'intake' })).body.items;
  assert.deepEqual(
    (await open()).map((c: any) => c.id),
    [abandoned.id],
  );
  s.clock.advanceMinutes(3 * 60 + 59);
  assert.equal((await open()).length, 1, 'a long call is still a call');
  s.clock.advanceMinutes(2);
  assert.deepEqual(await open(), []);
  const call = await s.call('GET', `/api/hotline/calls/${abandoned.id}`, { as: 'intake' });
  assert.equal(call.body.outcome, 'dropped');
  assert.equal(Date.parse(call.body.endedAt) - Date.parse(call.body.startedAt), 4 * 3600_000);
  assert.equal(call.body.note, '未结束的来电，自动记为中断');
});
