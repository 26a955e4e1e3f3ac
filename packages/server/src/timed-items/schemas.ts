// Request and response shapes of the timed item routes (timed-items/routes.ts).

import { TIMED_ITEM_ACTIONS, TIMED_ITEM_STATUSES } from '@xiuhua/domain/timed';
import { Type } from 'typebox';
import { lit, Nullable, Ts } from '../platform/schemas.ts';

const Colour = lit(['blue', 'yellow', 'orange', 'red'] as const);

export const TimedItemEventSchema = Type.Object({
  seq: Type.Integer(),
  action: lit(TIMED_ITEM_ACTIONS),
  at: Ts,
  reason: Nullable(Type.String()),
  actor: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  unit: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
});

export const TimedItemSchema = Type.Object({
  id: Type.Integer(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  caseId: Nullable(Type.Integer()),
  owner: Type.Object({ id: Type.Integer(), name: Type.String() }),
  title: Type.String(),
  startedAt: Ts,
  limitMinutes: Type.Number({ description: 'minutes of the clock kind: working or natural' }),
  clockKind: lit(['natural', 'working'] as const),
  dueAt: Nullable(Ts),
  /** Present (true) when the deadline's span touches a provisional year (暂定, docs/calendar.md). */
  provisional: Type.Optional(Type.Literal(true)),
  colour: Nullable(Colour),
  status: lit(TIMED_ITEM_STATUSES),
  doneAt: Nullable(Ts),
  /** The latest prompt (remind, urge or supervise), if any. */
  lastPrompt: Nullable(Type.Object({ action: lit(['remind', 'urge', 'supervise'] as const), at: Ts })),
});

export const TimedItemDetailSchema = Type.Intersect([
  TimedItemSchema,
  Type.Object({ events: Type.Array(TimedItemEventSchema) }),
]);

export const TimedItemQuery = Type.Object(
  {
    ownerUnitId: Type.Optional(Type.Integer({ minimum: 1 })),
    caseId: Type.Optional(Type.Integer({ minimum: 1 })),
    status: Type.Optional(lit(['open', 'all'] as const)),
  },
  { additionalProperties: false },
);

export const PromptBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
