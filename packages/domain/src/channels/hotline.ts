// The hotline's own lists: how a call ends, and what a matter handed to 110 is about.

/** How a hotline call ended (null on the call while it is open). */
export const HOTLINE_OUTCOMES = [
  'case_created',
  'duplicate',
  'consultation',
  'transferred_110',
  'invalid',
  'dropped',
] as const;
export type HotlineOutcome = (typeof HOTLINE_OUTCOMES)[number];

/** Unanswered callback attempts after which a case leaves the callback queue. */
export const CALLBACK_MAX_ATTEMPTS = 3;

/** The kinds of named place in the gazetteer besides areas (the desk's address search). */
export const PLACE_KINDS = ['road', 'landmark', 'compound', 'other'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** The kind of matter the hotline hands to 110. */
export const POLICE_CATEGORIES = ['police', 'traffic', 'fire', 'medical', 'other'] as const;
export type PoliceCategory = (typeof POLICE_CATEGORIES)[number];
