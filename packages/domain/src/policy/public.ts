// Public answers, one rule: what of a case may reach someone who has not signed in — the citizen
// map, tracking by code, Open311 reads, the public figures and every public page after them.
//
// - Cases from confidential channels (信访 petitions, 领导批示 leader instructions, 110 transfers)
//   never appear one by one; counts (public figures) may include them, as they name no one.
// - Personal data (names, phones, e-mails, licence holders' contacts, who acted) never appears.
// - A position is shown to about 10 m on the map and in tracking, to about 100 m in Open311 lists
//   of other channels' cases; only what a client published itself comes back to it in full.

import type { CaseSource } from '../workflow/index.ts';
import type { PolicyActor, Refusal } from './actor.ts';

/** Channels whose cases are never shown publicly one by one. */
export const CONFIDENTIAL_SOURCES: readonly CaseSource[] = [
  'petition',
  'leader_instruction',
  'police_transfer',
];

export function isConfidentialSource(source: string): boolean {
  return (CONFIDENTIAL_SOURCES as readonly string[]).includes(source);
}

/**
 * Field names that are personal data wherever they appear. A public answer never has a property
 * by one of these names (test: packages/server/test/public-answers.test.ts scans every public route).
 */
export const PRIVATE_FIELDS = [
  'phone',
  'reporter',
  'reporterName',
  'reporterPhone',
  'reporter_name',
  'reporter_phone',
  'caller',
  'callerPhone',
  'email',
  'first_name',
  'last_name',
  'holder',
  'licenceHolder',
  'actorName',
  'actor',
  'assignee',
  'assigneeUser',
  'username',
  'displayName',
  'display_name',
  'sourceDetails',
  'source_details',
] as const;

/** Decimal places of a public position: 4 ≈ 10 m (map, tracking), 3 ≈ 100 m (Open311 lists). */
export const PUBLIC_POSITION_DECIMALS = { map: 4, list: 3 } as const;

/** A coordinate rounded for a public answer. */
export function publicCoordinate(value: number, precision: keyof typeof PUBLIC_POSITION_DECIMALS): number {
  const f = 10 ** PUBLIC_POSITION_DECIMALS[precision];
  return Math.round(value * f) / f;
}

export const publicRules = {
  /** Show one case (a map point, a tracked report, an Open311 request) to anyone. */
  'public.showCase': (_actor: PolicyActor | null, subject: { source: string }): Refusal | null =>
    isConfidentialSource(subject.source)
      ? { code: 'CONFIDENTIAL_CHANNEL', message: 'cases from this channel are not shown publicly' }
      : null,
};
