// The wire contract the console compiles against (src/contract.ts): a field validated as one of a
// list must keep that list in its derived type. `lit()` once typed such fields `never`, so every
// console form built on them compiled against nothing; `npm run typecheck` fails on the lines
// below if that comes back, and the test checks the schema carries the same list at run time.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES, UNIT_KINDS } from '@xiuhua/domain/workflow';
import { UnitBody, UserBody } from '../src/admin/schemas.ts';
import type { UnitInput, UserInput } from '../src/contract.ts';

const kind: UnitInput['kind'] = 'street_office';
// @ts-expect-error a kind that is not in UNIT_KINDS is not a unit kind
const notAKind: UnitInput['kind'] = 'ministry';
const role: UserInput['roles'][number] = 'road_chief';

test('a field validated as one of a list keeps that list, in the schema and in its type', () => {
  const values = (schema: { anyOf?: { const?: unknown }[] }) => schema.anyOf?.map((s) => s.const);
  assert.deepEqual(values(UnitBody.properties.kind), [...UNIT_KINDS]);
  assert.deepEqual(values(UserBody.properties.roles.items), [...ROLES]);
  assert.ok(UNIT_KINDS.includes(kind) && ROLES.includes(role) && !UNIT_KINDS.includes(notAKind as never));
});
