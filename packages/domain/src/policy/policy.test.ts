// The policy's table: every actor × every verb × the subjects that matter has an expected answer
// here, '✓' (may) or the refusal's code. A verb added to policy/ without rows fails this test.
//
// Actors: anonymous; each role signed in; each role's own API key (a staff key); a key issued for
// each integration. A row named '*' stands for every actor, for rules that do not depend on who
// asks. `byRole` writes a staff verb's rows once per role: a role's key and session get the same
// row there, and integration keys the `integration` role's row.

import assert from 'node:assert/strict';
import test from 'node:test';
import { isErrorCode } from '../errors/index.ts';
import { heldPost } from '../testing.ts';
import { CASE_SOURCES, ROLES, type Role, transitionOf } from '../workflow/index.ts';
import {
  ADMIN_ENTITIES,
  type AppealFacts,
  type CaseAccessFacts,
  INTEGRATIONS,
  type Integration,
  type PolicyActor,
  type SubjectOf,
  type TimedItemFacts,
  VERBS,
  type Verb,
  WORKBENCHES,
  why,
} from './index.ts';

// Every actor works in unit 1, which sees the district 310112 (and units below it).
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

const MY_AREA = '310100/310112/310112001/310112001001';
const OTHER_DISTRICT = '310100/310113/310113001/310113001001';
const STREET_1 = '310100/310112/310112001';
const STREET_2 = '310100/310112/310112002';
const facts = (over: Partial<CaseAccessFacts> = {}): CaseAccessFacts => ({
  areaPath: MY_AREA,
  assigneeUnitId: null,
  assigneeUserId: null,
  involvedUnitIds: [],
  createdByUserId: null,
  ...over,
});
const act = (action: Parameters<typeof transitionOf>[0], over: Partial<CaseAccessFacts> = {}) => ({
  transition: transitionOf(action),
  facts: facts(over),
});
/** The actor u1 in unit 1, whose parent is unit 0; unit 7 is a sub-unit of unit 1. */
const sep = (
  action: Parameters<typeof transitionOf>[0],
  event: { seq: number; action: string; userId: string; unitId: string },
) => ({ action, userId: 'u1', unitChain: ['1', '0'], dualRole: false, handling: [event] });
const district = { code: '310112', name: '闵行区', level: 'district' };
const street = { code: '310112001', name: '江川路街道', level: 'street' };
const CASE_PATH = '310100/310112/310112001/310112001001';
const districtCentre = { name: '区城运中心', side: 'command' as const, area: district };
const streetCentre = { name: '江川路街道', side: 'command' as const, area: street };
const handOff = (
  action: 'escalate' | 'hand_down',
  ownArea: typeof district,
  centre: { name: string; side: 'command' | 'handling'; area: typeof district },
  level: 'community' | 'street' | 'district' | 'city',
) => ({ action, ownArea, caseAreaPath: CASE_PATH, heldByStreet: null, centre, level });
/** A timed item: on a case (its facts), or owned by a unit whose area is at `ownerAreaPath`. */
const timed = (over: Partial<TimedItemFacts> = {}): TimedItemFacts => ({
  case: null,
  ownerUnitId: '5',
  ownerAreaPath: '310100/310112/310112001',
  ...over,
});
const appeal = (over: Partial<AppealFacts> = {}): AppealFacts => ({
  submitterUnitId: '8',
  submittedByUserId: 'u8',
  reviewUnitIds: ['1'],
  decidedByUserId: 'u5',
  case: null,
  ...over,
});

const SUBJECTS: { [V in Verb]: Record<string, SubjectOf<V>> } = {
  'case.see': {
    'in my area': facts(),
    'in another district': facts({ areaPath: OTHER_DISTRICT }),
    'elsewhere, sent to my unit': facts({ areaPath: OTHER_DISTRICT, involvedUnitIds: ['1'] }),
    'elsewhere, reported by me': facts({ areaPath: OTHER_DISTRICT, createdByUserId: 'u1' }),
  },
  'case.create': { report: null },
  'case.act': {
    'accept · in my area': act('accept'),
    'dispatch · in my area': act('dispatch'),
    'sign · assigned to my unit': act('sign', { assigneeUnitId: '1' }),
    'sign · assigned to another unit': act('sign', { assigneeUnitId: '2', involvedUnitIds: ['1'] }),
    'check · my task, elsewhere': act('check_pass', { assigneeUserId: 'u1', areaPath: OTHER_DISTRICT }),
    'check · unassigned, in my area': act('check_pass'),
    'check · another inspector’s task': act('check_pass', { assigneeUserId: 'u2' }),
    'check · unassigned, elsewhere': act('check_pass', { areaPath: OTHER_DISTRICT }),
    'close · in another district': act('close', { areaPath: OTHER_DISTRICT }),
  },
  'case.seeContact': { contact: null },
  'case.dispatchTo': {
    'district centre → a street unit of the case': {
      ownArea: district,
      caseAreaPath: CASE_PATH,
      unit: { area_code: '310112001', name: '江川路街道环卫所', side: 'handling' },
    },
    'street centre → its own street’s unit': {
      ownArea: street,
      caseAreaPath: CASE_PATH,
      unit: { area_code: '310112001', name: '江川路街道环卫所', side: 'handling' },
    },
    'street centre → a district department': {
      ownArea: street,
      caseAreaPath: CASE_PATH,
      unit: { area_code: '310112', name: '区绿化市容局', side: 'handling' },
    },
    'anyone → a unit of another street': {
      ownArea: district,
      caseAreaPath: CASE_PATH,
      unit: { area_code: '310112006', name: '古美路街道环卫所', side: 'handling' },
    },
    'district centre → the district command centre': {
      ownArea: district,
      caseAreaPath: CASE_PATH,
      unit: { area_code: '310112', name: '区指挥中心', side: 'command' },
    },
    'district centre → the supervision centre': {
      ownArea: district,
      caseAreaPath: CASE_PATH,
      unit: { area_code: '310112', name: '区监督中心', side: 'supervision' },
    },
    'street centre, a district-level case → its own street’s unit': {
      ownArea: street,
      caseAreaPath: CASE_PATH,
      caseLevel: 'district',
      unit: { area_code: '310112001', name: '江川路街道环卫所', side: 'handling' },
    },
    'street centre, a segment-level case → its own street’s unit': {
      ownArea: street,
      caseAreaPath: CASE_PATH,
      caseLevel: 'segment',
      heldByStreet: street,
      unit: { area_code: '310112001', name: '江川路街道环卫所', side: 'handling' },
    },
    'district centre, a case the street holds → a street unit': {
      ownArea: district,
      caseAreaPath: CASE_PATH,
      caseLevel: 'street',
      heldByStreet: street,
      unit: { area_code: '310112001', name: '江川路街道环卫所', side: 'handling' },
    },
    'district centre, a street-level case nobody below holds → a district department': {
      ownArea: district,
      caseAreaPath: CASE_PATH,
      caseLevel: 'street',
      heldByStreet: null,
      unit: { area_code: '310112', name: '区绿化市容局', side: 'handling' },
    },
  },
  'case.handOff': {
    'street centre escalates its case to the district centre': handOff(
      'escalate',
      street,
      districtCentre,
      'district',
    ),
    'street centre escalates at street level': handOff('escalate', street, districtCentre, 'street'),
    'street centre escalates to another street centre': handOff('escalate', street, streetCentre, 'district'),
    'district centre escalates': handOff('escalate', district, districtCentre, 'city'),
    'district centre hands down to the case’s street centre': handOff(
      'hand_down',
      district,
      streetCentre,
      'street',
    ),
    'district centre hands down at district level': handOff('hand_down', district, streetCentre, 'district'),
    'district centre hands down to a squad': handOff(
      'hand_down',
      district,
      {
        name: '江川路街道环卫所',
        side: 'handling',
        area: street,
      },
      'street',
    ),
    'district centre hands down a case the street holds': {
      ...handOff('hand_down', district, streetCentre, 'street'),
      heldByStreet: street,
    },
    'street centre hands down': handOff('hand_down', street, streetCentre, 'community'),
    'district centre hands down to another street’s centre': handOff(
      'hand_down',
      district,
      {
        name: '古美路街道',
        side: 'command',
        area: { code: '310112006', name: '古美路街道', level: 'street' },
      },
      'street',
    ),
  },
  'dispute.rule': { 'my unit': { unitIds: ['1'] }, 'another unit': { unitIds: ['2'] } },
  'dispute.appeal': { 'my unit': { unitIds: ['1'] }, 'another unit': { unitIds: ['2'] } },
  'dispute.finalRule': { 'my unit': { unitIds: ['1'] }, 'another unit': { unitIds: ['2'] } },
  'roadPost.manage': {
    'a 二级路长 in the street I am 一级路长 of': {
      target: { level: 'second', areaPath: null, streetPaths: [STREET_1], segmentIds: [11] },
      myPosts: [heldPost({ level: 'first', areaCode: '310112001', areaPath: STREET_1 })],
    },
    'a 二级路长 in another street': {
      target: { level: 'second', areaPath: null, streetPaths: [STREET_2], segmentIds: [21] },
      myPosts: [heldPost({ level: 'first', areaCode: '310112001', areaPath: STREET_1 })],
    },
    'duty staff on my own segments (I am their 二级路长)': {
      target: { level: 'duty', areaPath: null, streetPaths: [STREET_1], segmentIds: [12] },
      myPosts: [heldPost({ level: 'second', segmentIds: [11, 12] })],
    },
    'a 一级路长 (my own level) in my street': {
      target: { level: 'first', areaPath: STREET_1, streetPaths: [], segmentIds: [] },
      myPosts: [heldPost({ level: 'first', areaCode: '310112001', areaPath: STREET_1 })],
    },
    'a 路段长, without any post': {
      target: { level: 'segment_head', areaPath: null, streetPaths: [STREET_1], segmentIds: [11] },
      myPosts: [],
    },
  },
  'roadPost.read': { posts: null },
  'roadPost.hold': {
    '二级路长, held by a road chief': { level: 'second', holderRoles: ['road_chief'] },
    '路段长, held by a handler': { level: 'segment_head', holderRoles: ['handler'] },
    '下沉人员, held by a handler': { level: 'posted', holderRoles: ['handler'] },
  },
  'nightCheck.schedule': {
    'segments of the street I am 辖区总路长 of': {
      streetPaths: [STREET_1],
      segmentIds: [11, 12],
      myPosts: [heldPost({ level: 'street_general', areaCode: '310112001', areaPath: STREET_1 })],
    },
    'segments of another street': {
      streetPaths: [STREET_2],
      segmentIds: [21],
      myPosts: [heldPost({ level: 'street_general', areaCode: '310112001', areaPath: STREET_1 })],
    },
    'my own road’s segments (二级路长)': {
      streetPaths: [STREET_1],
      segmentIds: [12],
      myPosts: [heldPost({ level: 'second', segmentIds: [11, 12] })],
    },
  },
  'roadChief.readCompliance': {
    'my own': { userId: 'u1', streetPaths: [STREET_1], myPosts: [] },
    'a chief in my area (district 310112)': { userId: 'u2', streetPaths: [STREET_1], myPosts: [] },
    'a chief in my street, as its 辖区总路长': {
      userId: 'u2',
      streetPaths: [STREET_1],
      myPosts: [heldPost({ level: 'street_general', areaCode: '310112001', areaPath: STREET_1 })],
    },
    'a chief elsewhere': { userId: 'u2', streetPaths: [OTHER_DISTRICT], myPosts: [] },
  },
  'case.separateDuties': {
    'close; he reported back himself': sep('close', {
      seq: 6,
      action: 'report_back',
      userId: 'u1',
      unitId: '9',
    }),
    'close; a user of his unit signed': sep('close', { seq: 5, action: 'sign', userId: 'u2', unitId: '1' }),
    'check; a user of his parent unit reported back': sep('check_pass', {
      seq: 6,
      action: 'report_back',
      userId: 'u3',
      unitId: '0',
    }),
    'close; a sub-unit reported back': sep('close', {
      seq: 6,
      action: 'report_back',
      userId: 'u4',
      unitId: '7',
    }),
    'close; he reported back, his unit is dualRole': {
      ...sep('close', { seq: 6, action: 'report_back', userId: 'u1', unitId: '1' }),
      dualRole: true,
    },
    'callback; he only filed it': sep('callback', { seq: 3, action: 'file', userId: 'u1', unitId: '1' }),
    'return; he signed (not a judging action)': sep('return', {
      seq: 5,
      action: 'sign',
      userId: 'u1',
      unitId: '1',
    }),
  },
  'case.postpone': {
    '2 workDays on a working-time limit': { stepWorking: true, extension: { amount: 2, unit: 'workDay' } },
    '1 day on a working-time limit': { stepWorking: true, extension: { amount: 1, unit: 'day' } },
    '4 hours on a natural-time limit': { stepWorking: false, extension: { amount: 4, unit: 'hour' } },
    '4 workHours on a natural-time limit': { stepWorking: false, extension: { amount: 4, unit: 'workHour' } },
    'no running limit': { stepWorking: null, extension: { amount: 1, unit: 'day' } },
  },
  'case.reportBack': {
    'photo required, one given': { reportBackPhoto: 'required', photos: 1 },
    'photo required, none given': { reportBackPhoto: 'required', photos: 0 },
    'photo optional, none given': { reportBackPhoto: 'optional', photos: 0 },
  },
  'case.assignInspector': {
    'an active inspector': { id: 7, active: true, roles: ['inspector'] },
    'an inspector who left': { id: 8, active: false, roles: ['inspector'] },
    'a dispatcher': { id: 9, active: true, roles: ['dispatcher'] },
    nobody: null,
  },
  'assessment.read': { results: null },
  'assessment.publish': { month: null },
  'assessment.handleAccountability': { item: null },
  'assessment.recordFinding': { finding: null },
  'assessment.configure': { scheme: null },
  'assessment.seeSubject': {
    'my unit': { unitId: '1' },
    'a unit in my area': { unitId: '9', areaPath: '310100/310112/310112001' },
    'a street elsewhere': { areaPath: '310100/310113/310113001' },
    'nowhere known': {},
  },
  'hotline.work': { desk: null },
  'patrol.record': { 'no post': { holdsPost: false }, 'a road-chief post binds him': { holdsPost: true } },
  'patrol.readTrack': {
    'my own track': { userId: 'u1' },
    'someone else’s': { userId: 'u2' },
    'the day’s summary': { userId: null },
  },
  'admin.readHistory': { history: null },
  'schedule.manage': { schedules: null },
  'roster.read': { rosters: null },
  'roster.edit': {
    'my unit, I am its head': { headUserId: 'u1' },
    'a unit headed by another': { headUserId: 'u2' },
  },
  'admin.manage': Object.fromEntries(ADMIN_ENTITIES.map((e) => [e, { entity: e }])),
  'console.open': Object.fromEntries(WORKBENCHES.map((w) => [w.path, { path: w.path }])),
  'integration.call': Object.fromEntries(INTEGRATIONS.map((i) => [i, { integration: i }])),
  'staff.call': { route: null },
  'console.signIn': {
    ...Object.fromEntries(ROLES.map((r) => [r, { roles: [r] }])),
    'integration + inspector': { roles: ['integration', 'inspector'] },
  },
  'public.showCase': Object.fromEntries(CASE_SOURCES.map((s) => [s, { source: s }])),
  'timedItem.see': {
    'on a case in my area': timed({ case: facts() }),
    'on a case elsewhere': timed({ case: facts({ areaPath: OTHER_DISTRICT }) }),
    'no case, owned by my unit, elsewhere': timed({ ownerUnitId: '1', ownerAreaPath: '310100/310113' }),
    'no case, owner in my area': timed(),
    'no case, owner elsewhere': timed({ ownerAreaPath: '310100/310113' }),
  },
  'timedItem.prompt': {
    'remind · on a case in my area': { prompt: 'remind', item: timed({ case: facts() }) },
    'urge · on a case elsewhere': {
      prompt: 'urge',
      item: timed({ case: facts({ areaPath: OTHER_DISTRICT }) }),
    },
    'supervise · no case, owner in my area': { prompt: 'supervise', item: timed() },
    'supervise · no case, owned by my unit, elsewhere': {
      prompt: 'supervise',
      item: timed({ ownerUnitId: '1', ownerAreaPath: '310100/310113' }),
    },
    'remind · no case, owner elsewhere': {
      prompt: 'remind',
      item: timed({ ownerAreaPath: '310100/310113' }),
    },
  },
  'appeal.see': {
    'submitted by my unit': appeal({ submitterUnitId: '1', reviewUnitIds: ['3'] }),
    'reviewed by my unit': appeal(),
    'on a case in my area': appeal({ reviewUnitIds: ['3'], case: facts() }),
    'none of these': appeal({ reviewUnitIds: ['3'], case: facts({ areaPath: OTHER_DISTRICT }) }),
  },
  'appeal.review': {
    'reviewed by my unit': appeal(),
    'reviewed by my unit; I made the decision': appeal({ decidedByUserId: 'u1' }),
    'reviewed by my unit; I submitted it': appeal({ submittedByUserId: 'u1' }),
    'reviewed by another unit': appeal({ reviewUnitIds: ['3'] }),
  },
};

const Y = '✓';
const N = 'ROLE_NOT_ALLOWED';
const OUT = 'NOT_IN_SCOPE';
const UNAUTH = 'UNAUTHENTICATED';
const SESSION = 'API_KEY_REQUIRED';
const WRONG = 'WRONG_INTEGRATION';
const ONLY = 'INTEGRATION_ONLY';
const NO_CONSOLE = 'INTEGRATION_NO_SIGN_IN';
const times = (n: number, cell: string) => Array<string>(n).fill(cell);

/** A staff verb's rows, written once per role (see the header). */
function byRole(rows: Record<Role | 'anonymous', string[]>): Record<string, string[]> {
  return {
    anonymous: rows.anonymous,
    ...Object.fromEntries(
      ROLES.flatMap((r) => [
        [r, rows[r]],
        [`${r} key`, rows[r]],
      ]),
    ),
    ...Object.fromEntries(INTEGRATIONS.map((i) => [`${i} key`, rows.integration])),
  };
}
/** One column: these roles may, the others get `refusal`, anonymous gets `anonymous`. */
function onlyRoles(roles: Role[], refusal = N, anonymous = UNAUTH): Record<string, string[]> {
  return byRole({
    anonymous: [anonymous],
    ...(Object.fromEntries(ROLES.map((r) => [r, [roles.includes(r) ? Y : refusal]])) as Record<
      Role,
      string[]
    >),
  });
}

/** Expected answers; the cells follow SUBJECTS[verb] in order. */
const TABLE: { [V in Verb]: Record<string, string[]> } = {
  // columns: in my area, in another district, elsewhere but sent to my unit, elsewhere but mine
  'case.see': {
    '*': [Y, OUT, Y, Y],
    anonymous: [OUT, OUT, OUT, OUT],
  },
  'case.create': onlyRoles(['inspector', 'intake_operator', 'shift_leader', 'road_chief']),
  // columns: accept, dispatch, sign mine, sign other unit's, check: my task, unassigned here,
  // another's, unassigned elsewhere; close elsewhere
  'case.act': byRole({
    anonymous: times(9, UNAUTH),
    inspector: [N, N, N, N, Y, Y, OUT, OUT, N],
    intake_operator: [Y, N, N, N, N, N, N, N, N],
    shift_leader: [Y, Y, N, N, N, N, N, N, OUT],
    dispatcher: [N, Y, N, N, N, N, N, N, N],
    handler: [N, N, Y, OUT, N, N, N, N, N],
    supervisor: times(9, N),
    road_chief: times(9, N),
    leader: times(9, N),
    admin: times(9, N),
    integration: times(9, N),
  }),
  'case.seeContact': onlyRoles(['intake_operator', 'shift_leader', 'admin'], N, N),
  // columns as SUBJECTS: the rule is about the units, whoever asks
  'case.dispatchTo': {
    '*': [Y, Y, OUT, 'UNIT_NOT_ELIGIBLE', 'UNIT_NOT_ELIGIBLE', 'UNIT_NOT_ELIGIBLE', OUT, Y, OUT, Y],
  },
  // columns as SUBJECTS: up from a street to a city-tier centre at a city-tier level; down from a
  // city-tier centre to the case's street centre at a street-tier level
  'case.handOff': {
    '*': [
      Y,
      'INVALID_FIELD',
      'UNIT_NOT_ELIGIBLE',
      OUT,
      Y,
      'INVALID_FIELD',
      'UNIT_NOT_ELIGIBLE',
      OUT,
      OUT,
      'UNIT_NOT_ELIGIBLE',
    ],
  },
  // columns as SUBJECTS: the extension's kind of time must be the limit's
  // columns as SUBJECTS: the handling side (he, his unit, units above his) never judges its work
  'case.separateDuties': {
    '*': ['SEPARATION_OF_DUTIES', 'SEPARATION_OF_DUTIES', 'SEPARATION_OF_DUTIES', Y, Y, Y, Y],
  },
  // columns: my unit, another unit
  'dispute.rule': byRole({
    anonymous: times(2, UNAUTH),
    ...(Object.fromEntries(
      ROLES.map((r) => [r, ['dispatcher', 'shift_leader'].includes(r) ? [Y, OUT] : [N, N]]),
    ) as Record<Role, string[]>),
  }),
  'dispute.appeal': byRole({
    anonymous: times(2, UNAUTH),
    ...(Object.fromEntries(
      ROLES.map((r) => [r, ['handler', 'shift_leader'].includes(r) ? [Y, OUT] : [N, N]]),
    ) as Record<Role, string[]>),
  }),
  // columns: one I manage, another street, my segments' duty staff, my own level, no post
  'roadPost.manage': byRole({
    anonymous: times(5, UNAUTH),
    ...(Object.fromEntries(
      ROLES.map((r) => [
        r,
        r === 'admin' ? times(5, Y) : r === 'road_chief' ? [Y, OUT, Y, OUT, OUT] : times(5, N),
      ]),
    ) as Record<Role, string[]>),
  }),
  // columns: my own, in my area, my street by post, elsewhere
  'roadChief.readCompliance': byRole({
    anonymous: times(4, UNAUTH),
    ...(Object.fromEntries(
      ROLES.map((r) => [
        r,
        ['supervisor', 'leader', 'shift_leader', 'admin'].includes(r)
          ? [Y, Y, Y, OUT]
          : r === 'road_chief'
            ? [Y, OUT, Y, OUT]
            : [Y, N, N, N],
      ]),
    ) as Record<Role, string[]>),
  }),
  // columns: my street, another street, my road
  'nightCheck.schedule': byRole({
    anonymous: times(3, UNAUTH),
    ...(Object.fromEntries(
      ROLES.map((r) => [r, r === 'admin' ? times(3, Y) : r === 'road_chief' ? [Y, OUT, Y] : times(3, N)]),
    ) as Record<Role, string[]>),
  }),
  // who may hold a post does not depend on who asks
  'roadPost.hold': { '*': [Y, N, Y] },
  'roadPost.read': onlyRoles(ROLES.filter((r) => r !== 'integration')),
  'dispute.finalRule': byRole({
    anonymous: times(2, UNAUTH),
    ...(Object.fromEntries(
      ROLES.map((r) => [r, ['shift_leader', 'supervisor', 'leader'].includes(r) ? [Y, OUT] : [N, N]]),
    ) as Record<Role, string[]>),
  }),
  'case.postpone': { '*': [Y, 'INVALID_FIELD', Y, 'INVALID_FIELD', Y] },
  // columns as SUBJECTS: after-photos unless the class waives them
  'case.reportBack': { '*': [Y, 'PHOTO_REQUIRED', Y] },
  'case.assignInspector': { '*': [Y, 'UNKNOWN_INSPECTOR', 'UNKNOWN_INSPECTOR', 'UNKNOWN_INSPECTOR'] },
  'assessment.read': onlyRoles(['leader', 'supervisor', 'admin', 'shift_leader']),
  'assessment.publish': onlyRoles(['supervisor', 'leader', 'admin']),
  'assessment.handleAccountability': onlyRoles(['supervisor', 'leader', 'admin']),
  'assessment.recordFinding': onlyRoles(['supervisor', 'admin']),
  'assessment.configure': onlyRoles(['admin']),
  // columns: my unit, a unit in my area, a street elsewhere, nowhere known
  'assessment.seeSubject': { '*': [Y, Y, OUT, OUT], anonymous: times(4, UNAUTH) },
  'hotline.work': onlyRoles(['intake_operator', 'shift_leader']),
  'patrol.record': byRole({
    anonymous: [UNAUTH, UNAUTH],
    ...(Object.fromEntries(
      ROLES.map((r) => [r, [['inspector', 'road_chief'].includes(r) ? Y : N, Y]]),
    ) as Record<Role, string[]>),
  }),
  // columns: my own, someone else's, the day's summary
  'patrol.readTrack': byRole({
    anonymous: times(3, UNAUTH),
    ...(Object.fromEntries(
      ROLES.map((r) => [
        r,
        ['supervisor', 'leader', 'shift_leader', 'admin'].includes(r) ? [Y, Y, Y] : [Y, N, N],
      ]),
    ) as Record<Role, string[]>),
  }),
  'admin.readHistory': onlyRoles(['admin']),
  'schedule.manage': onlyRoles(['admin']),
  'roster.read': onlyRoles(ROLES.filter((r) => r !== 'integration')),
  // columns: a unit I head, a unit headed by another
  'roster.edit': byRole({
    anonymous: [UNAUTH, UNAUTH],
    ...(Object.fromEntries(
      ROLES.map((r) => [r, r === 'admin' ? [Y, Y] : r === 'integration' ? [N, N] : [Y, N]]),
    ) as Record<Role, string[]>),
  }),
  // columns: ADMIN_ENTITIES, all alike
  'admin.manage': byRole({
    anonymous: times(ADMIN_ENTITIES.length, UNAUTH),
    ...(Object.fromEntries(
      ROLES.map((r) => [r, times(ADMIN_ENTITIES.length, r === 'admin' ? Y : N)]),
    ) as Record<Role, string[]>),
  }),
  // columns: /intake /hotline /callback /dispatch /handling /inspector /supervision /overview
  // /assessment /map /patrol /cases /admin
  'console.open': byRole({
    anonymous: times(13, UNAUTH),
    inspector: [N, N, N, N, N, Y, N, N, N, Y, N, Y, N],
    intake_operator: [Y, Y, Y, N, N, N, N, N, N, Y, N, Y, N],
    shift_leader: [Y, Y, Y, Y, N, N, Y, Y, Y, Y, Y, Y, N],
    dispatcher: [N, N, N, Y, N, N, N, N, N, Y, N, Y, N],
    handler: [N, N, N, N, Y, N, N, N, N, Y, N, Y, N],
    supervisor: [N, N, N, N, N, N, Y, Y, Y, Y, Y, Y, N],
    road_chief: [N, N, N, N, N, Y, N, N, N, Y, N, Y, N],
    leader: [N, N, N, N, N, N, Y, Y, Y, Y, Y, Y, N],
    admin: [N, N, N, N, N, N, N, Y, Y, Y, Y, Y, Y],
    integration: times(13, NO_CONSOLE),
  }),
  // columns: open311, police110, sensors
  'integration.call': {
    anonymous: [UNAUTH, UNAUTH, UNAUTH],
    ...Object.fromEntries(ROLES.map((r) => [r, [SESSION, SESSION, SESSION]])),
    'inspector key': [N, N, N],
    'intake_operator key': [N, Y, N],
    'shift_leader key': [N, N, N],
    'dispatcher key': [N, N, N],
    'handler key': [N, N, N],
    'supervisor key': [N, N, N],
    'road_chief key': [N, N, N],
    'leader key': [N, N, N],
    'admin key': [N, N, N],
    // an integration account's key issued before keys were bound: refused until re-issued
    'integration key': [WRONG, WRONG, WRONG],
    'open311 key': [Y, WRONG, WRONG],
    'police110 key': [WRONG, Y, WRONG],
    'sensors key': [WRONG, WRONG, Y],
  },
  // columns: any staff route (cases, console, admin…)
  'staff.call': {
    anonymous: [UNAUTH],
    ...Object.fromEntries(ROLES.map((r) => [r, [r === 'integration' ? ONLY : Y]])),
    ...Object.fromEntries(ROLES.map((r) => [`${r} key`, [r === 'integration' ? ONLY : Y]])),
    'open311 key': [ONLY],
    'police110 key': [ONLY],
    'sensors key': [ONLY],
  },
  // columns: the account signing in, by its roles (ROLES in order, then integration + inspector)
  'console.signIn': {
    '*': [Y, Y, Y, Y, Y, Y, Y, Y, Y, NO_CONSOLE, Y],
  },
  // columns: CASE_SOURCES in order — inspector, hotline, citizen_app, open311, police_transfer,
  // media, leader_instruction, petition, online_opinion, sensor, survey, walk_in
  'public.showCase': {
    '*': [Y, Y, Y, Y, 'CONFIDENTIAL_CHANNEL', Y, 'CONFIDENTIAL_CHANNEL', 'CONFIDENTIAL_CHANNEL', Y, Y, Y, Y],
  },
  // columns as SUBJECTS: an item on a case is seen as the case; else by its owner and its area
  'timedItem.see': { '*': [Y, OUT, Y, Y, OUT], anonymous: times(5, OUT) },
  // columns as SUBJECTS: the case's supervising roles (remind, urge, supervise), in the item's area
  'timedItem.prompt': byRole({
    anonymous: times(5, UNAUTH),
    ...(Object.fromEntries(
      ROLES.map((r) => [r, ['supervisor', 'leader'].includes(r) ? [Y, OUT, Y, Y, OUT] : times(5, N)]),
    ) as Record<Role, string[]>),
  }),
  // columns as SUBJECTS: the parties' units, and whoever sees the case
  'appeal.see': { '*': [Y, Y, Y, OUT], anonymous: times(4, OUT) },
  // columns as SUBJECTS: a reviewer of the reviewing unit who is not a party
  'appeal.review': byRole({
    anonymous: times(4, UNAUTH),
    ...(Object.fromEntries(
      ROLES.map((r) => [
        r,
        ['shift_leader', 'supervisor', 'leader'].includes(r)
          ? [Y, 'OWN_DECISION', 'OWN_DECISION', OUT]
          : times(4, N),
      ]),
    ) as Record<Role, string[]>),
  }),
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

test('every refusal code is in the closed list of error codes (zh and en text)', () => {
  const codes = new Set(Object.values(TABLE).flatMap((rows) => Object.values(rows).flat()));
  codes.delete(Y);
  assert.deepEqual(
    [...codes].filter((c) => !isErrorCode(c)),
    [],
  );
});

test('no table row names an actor that does not exist', () => {
  for (const verb of VERBS)
    for (const name of Object.keys(TABLE[verb]))
      assert.ok(name === '*' || name in ACTORS, `${verb}: unknown actor ${name}`);
});

test('a city-wide scope sees and acts everywhere its roles allow', () => {
  const city: PolicyActor = {
    roles: ['shift_leader'],
    scope: { ...scope, areaPaths: [], cityWide: true },
    via: 'session',
    integration: null,
  };
  assert.equal(why(city, 'case.see', facts({ areaPath: OTHER_DISTRICT })), null);
  assert.equal(why(city, 'case.act', act('close', { areaPath: OTHER_DISTRICT })), null);
  assert.equal(why(city, 'assessment.seeSubject', {}), null);
});

test('refusals say why in a sentence', () => {
  const r = why(boundKey('open311'), 'integration.call', { integration: 'police110' });
  assert.match(r?.message ?? '', /Open311 client, not the 110 exchange/);
  assert.match(
    why(session('handler'), 'case.act', act('sign', { assigneeUnitId: '2' }))?.message ?? '',
    /not assigned to your unit/,
  );
  assert.match(
    why(session('inspector'), 'case.act', act('check_pass', { assigneeUserId: 'u2' }))?.message ?? '',
    /another inspector/,
  );
});
