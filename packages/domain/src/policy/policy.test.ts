// The policy's table: every actor × every verb × the subjects that matter has an expected answer
// here, '✓' (may) or the refusal's code. A verb added to policy/ without rows fails this test.
// A row named '*' stands for every actor, for rules that do not depend on who asks.

import assert from 'node:assert/strict';
import test from 'node:test';
import { CASE_SOURCES, ROLES, type Role } from '../workflow/index.ts';
import {
  INTEGRATIONS,
  type Integration,
  type PolicyActor,
  type SubjectOf,
  VERBS,
  type Verb,
  why,
} from './index.ts';

const scope = { userId: 'u1', roles: [], unitIds: ['1'], areaPaths: ['310100/310112'], cityWide: false };
const session = (role: Role): PolicyActor => ({ roles: [role], scope, via: 'session', integration: null });
const staffKey = (role: Role): PolicyActor => ({ roles: [role], scope, via: 'api_key', integration: null });
const boundKey = (integration: Integration): PolicyActor => ({
  roles: ['integration'],
  scope,
  via: 'api_key',
  integration,
});

const ACTORS: Record<string, PolicyActor | null> = {
  anonymous: null,
  ...Object.fromEntries(ROLES.map((r) => [r, session(r)])),
  ...Object.fromEntries(ROLES.map((r) => [`${r} key`, staffKey(r)])),
  ...Object.fromEntries(INTEGRATIONS.map((i) => [`${i} key`, boundKey(i)])),
};

const SUBJECTS: { [V in Verb]: Record<string, SubjectOf<V>> } = {
  'integration.call': Object.fromEntries(INTEGRATIONS.map((i) => [i, { integration: i }])),
  'staff.call': { route: null },
  'console.signIn': {
    ...Object.fromEntries(ROLES.map((r) => [r, { roles: [r] }])),
    'integration + inspector': { roles: ['integration', 'inspector'] },
  },
  'public.showCase': Object.fromEntries(CASE_SOURCES.map((s) => [s, { source: s }])),
};

const Y = '✓';
const SESSION = 'API_KEY_REQUIRED';
const ROLE = 'ROLE_NOT_ALLOWED';
const WRONG = 'WRONG_INTEGRATION';
const ONLY = 'INTEGRATION_ONLY';

/** Expected answers; the cells follow SUBJECTS[verb] in order. */
const TABLE: { [V in Verb]: Record<string, string[]> } = {
  // columns: open311, police110, sensors
  'integration.call': {
    anonymous: ['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
    ...Object.fromEntries(ROLES.map((r) => [r, [SESSION, SESSION, SESSION]])),
    'inspector key': [ROLE, ROLE, ROLE],
    'intake_operator key': [ROLE, Y, ROLE],
    'shift_leader key': [ROLE, ROLE, ROLE],
    'dispatcher key': [ROLE, ROLE, ROLE],
    'handler key': [ROLE, ROLE, ROLE],
    'supervisor key': [ROLE, ROLE, ROLE],
    'road_chief key': [ROLE, ROLE, ROLE],
    'leader key': [ROLE, ROLE, ROLE],
    'admin key': [ROLE, ROLE, ROLE],
    // an integration account's key issued before keys were bound: refused until re-issued
    'integration key': [WRONG, WRONG, WRONG],
    'open311 key': [Y, WRONG, WRONG],
    'police110 key': [WRONG, Y, WRONG],
    'sensors key': [WRONG, WRONG, Y],
  },
  // columns: any staff route (cases, console, admin…)
  'staff.call': {
    anonymous: ['UNAUTHENTICATED'],
    ...Object.fromEntries(ROLES.map((r) => [r, [r === 'integration' ? ONLY : Y]])),
    ...Object.fromEntries(ROLES.map((r) => [`${r} key`, [r === 'integration' ? ONLY : Y]])),
    'open311 key': [ONLY],
    'police110 key': [ONLY],
    'sensors key': [ONLY],
  },
  // columns: the account signing in, by its roles (ROLES in order, then integration + inspector)
  'console.signIn': {
    '*': [Y, Y, Y, Y, Y, Y, Y, Y, Y, 'INTEGRATION_NO_SIGN_IN', Y],
  },
  // columns: CASE_SOURCES in order — inspector, hotline, citizen_app, open311, police_transfer,
  // media, leader_instruction, petition, online_opinion, sensor, survey, walk_in
  'public.showCase': {
    '*': [Y, Y, Y, Y, 'CONFIDENTIAL_CHANNEL', Y, 'CONFIDENTIAL_CHANNEL', 'CONFIDENTIAL_CHANNEL', Y, Y, Y, Y],
  },
};

test('every actor × verb × subject has an expected row, and the policy answers it', () => {
  const missing: string[] = [];
  const wrong: string[] = [];
  for (const verb of VERBS) {
    const subjects = Object.entries(SUBJECTS[verb]);
    const rows = TABLE[verb];
    assert.ok(rows, `no table for ${verb}`);
    for (const [actorName, actor] of Object.entries(ACTORS)) {
      const row = rows[actorName] ?? rows['*'];
      if (!row || row.length !== subjects.length) {
        missing.push(`${verb} · ${actorName} (${subjects.length} cells expected)`);
        continue;
      }
      subjects.forEach(([subjectName, subject], i) => {
        const refusal = why(actor, verb, subject as never);
        const got = refusal ? refusal.code : Y;
        if (got !== row[i])
          wrong.push(`${verb} · ${actorName} · ${subjectName}: expected ${row[i]}, got ${got}`);
      });
    }
  }
  assert.deepEqual(missing, [], 'combinations without an expected row');
  assert.deepEqual(wrong, []);
});

test('no table row names an actor that does not exist', () => {
  for (const verb of VERBS)
    for (const name of Object.keys(TABLE[verb]))
      assert.ok(name === '*' || name in ACTORS, `${verb}: unknown actor ${name}`);
});

test('refusals say why in a sentence', () => {
  const r = why(boundKey('open311'), 'integration.call', { integration: 'police110' });
  assert.match(r?.message ?? '', /Open311 client, not the 110 exchange/);
});
