// Request and response shapes of the appeal routes (appeals/routes.ts).

import { APPEAL_ACTIONS, APPEAL_OUTCOMES, APPEAL_STATES } from '@xiuhua/domain/appeals';
import { Type } from 'typebox';
import { lit, Nullable, Ts } from '../platform/schemas.ts';

const Named = Type.Object({ id: Type.Integer(), name: Type.String() });

export const AppealEventSchema = Type.Object({
  seq: Type.Integer(),
  action: lit(APPEAL_ACTIONS),
  fromState: Nullable(lit(APPEAL_STATES)),
  toState: lit(APPEAL_STATES),
  at: Ts,
  reason: Nullable(Type.String()),
  actor: Named,
  unit: Nullable(Named),
});

export const AppealSchema = Type.Object({
  id: Type.Integer(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  caseId: Nullable(Type.Integer()),
  state: lit(APPEAL_STATES),
  reason: Type.String(),
  submittedBy: Named,
  submitterUnit: Named,
  submittedAt: Ts,
  reviewUnits: Type.Array(Named),
  reviewer: Nullable(Named),
  decision: Nullable(
    Type.Object({ outcome: lit(APPEAL_OUTCOMES), reason: Type.String(), by: Named, at: Ts }),
  ),
  /** The review deadline (a timed item, docs/timed-items.md). */
  review: Type.Object({
    timedItemId: Type.Integer(),
    dueAt: Nullable(Ts),
    colour: Nullable(lit(['blue', 'yellow', 'orange', 'red'] as const)),
    status: lit(['open', 'done', 'cancelled'] as const),
  }),
  version: Type.Integer(),
});

export const AppealDetailSchema = Type.Intersect([
  AppealSchema,
  Type.Object({ events: Type.Array(AppealEventSchema) }),
]);

export const AppealQuery = Type.Object(
  {
    state: Type.Optional(
      lit(['open', 'all'] as const, { description: 'open: submitted or under review (default)' }),
    ),
    caseId: Type.Optional(Type.Integer({ minimum: 1 })),
    subjectType: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' })),
    subjectId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const DecideBody = Type.Object(
  {
    outcome: lit(APPEAL_OUTCOMES, { description: 'upheld: the decision stands; overturned: it falls' }),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
