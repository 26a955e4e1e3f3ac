// Response schemas of the hotline desk, 110 transfers, the callback queue and the place search
// (hotline/routes.ts). TypeBox and domain only, so the console can derive its types from them.
// Calls, transfers and cases are registered schemas ($id) that other schemas reference.

import { CALLBACK_MAX_ATTEMPTS, HOTLINE_OUTCOMES, PLACE_KINDS } from '@xiuhua/domain/channels';
import { Type } from 'typebox';
import { lit, Nullable, Ts, Wgs84Point } from '../platform/schemas.ts';

export const TransferSchema = Type.Object(
  {
    id: Type.Integer(),
    direction: lit(['inbound', 'outbound']),
    reference: Type.String({
      description: 'inbound: 110’s incident number; outbound: ours (the Idempotency-Key sent)',
    }),
    callId: Nullable(Type.Integer()),
    caseId: Nullable(Type.Integer()),
    category: Nullable(Type.String()),
    status: lit(['received', 'pending', 'delivered', 'failed']),
    attempts: Type.Integer(),
    nextAttemptAt: Nullable(Ts),
    lastError: Nullable(Type.String()),
    deliveredAt: Nullable(Ts),
    externalRef: Nullable(Type.String({ description: 'outbound: 110’s incident number from its answer' })),
    createdAt: Ts,
  },
  { $id: 'PoliceTransfer' },
);

export const CallSchema = Type.Object(
  {
    id: Type.Integer(),
    callerPhone: Nullable(Type.String()),
    callRef: Nullable(Type.String({ description: 'the telephony system’s call id' })),
    line: Type.String(),
    operator: Type.Object({ id: Type.Integer(), name: Type.String() }),
    startedAt: Ts,
    endedAt: Nullable(Ts),
    outcome: Nullable(lit(HOTLINE_OUTCOMES)),
    caseId: Nullable(Type.Integer()),
    caseNumber: Nullable(Type.String()),
    firstReply: Nullable(Type.String()),
    firstReplyAt: Nullable(Ts),
    note: Nullable(Type.String()),
    transfer: Nullable(Type.Ref('PoliceTransfer')),
  },
  { $id: 'HotlineCall' },
);

export const CaseBrief = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  source: Type.String(),
  kind: Type.String(),
  classCode: Type.String(),
  className: Type.String(),
  description: Type.String(),
  address: Nullable(Type.String()),
  state: Type.String(),
  stateName: Type.String(),
  colour: Nullable(Type.String()),
  reportedAt: Ts,
  closedAt: Nullable(Ts),
  satisfaction: Nullable(Type.String()),
  version: Type.Integer(),
});

export const CallbackItem = Type.Object({
  ...CaseBrief.properties,
  reporter: Type.Object({ name: Nullable(Type.String()), phone: Type.String() }),
  streetName: Type.String(),
  unitName: Nullable(Type.String()),
  attempts: Type.Integer({
    description: `unanswered attempts so far (the case leaves the queue at ${CALLBACK_MAX_ATTEMPTS})`,
  }),
  lastAttemptAt: Nullable(Ts),
});

export const PlaceHitSchema = Type.Object({
  id: Type.String({ description: '`area:<code>` or `place:<id>`' }),
  kind: Type.String({ description: `district, street, community, ${PLACE_KINDS.join(', ')}` }),
  category: Nullable(Type.String()),
  name: Type.String(),
  matched: Type.String({ description: 'the name or alias that matched' }),
  match: Type.String({ description: 'how it matched (exactName … pinyinContains), the ranking order' }),
  areaCode: Type.String(),
  streetName: Nullable(Type.String()),
  communityName: Nullable(Type.String()),
  location: Wgs84Point,
});

export const CallAndCase = Type.Object({ call: Type.Ref('HotlineCall'), case: Type.Ref('Case') });

/** A caller's history by phone number. */
export const CallerHistory = Type.Object({
  phone: Type.String({ description: 'the number as stored' }),
  cases: Type.Array(CaseBrief),
  calls: Type.Array(Type.Ref('HotlineCall')),
});

export const CallAndTransfer = Type.Object({
  call: Type.Ref('HotlineCall'),
  transfer: Type.Ref('PoliceTransfer'),
});

/** A callback attempt that did not reach the reporter. */
export const NotReachedAnswer = Type.Object({
  case: Type.Ref('Case'),
  attempts: Type.Integer(),
  inQueue: Type.Boolean(),
});
