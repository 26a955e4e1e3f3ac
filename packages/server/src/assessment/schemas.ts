// Response shapes of the assessment API. The indicator, live-figure and fact drill-down endpoints
// (assessment/routes.ts) declare TypeBox schemas; scores, results and bulletins
// (publication-routes.ts) answer with the plain types below (dates as Date, sent as ISO text).
// TypeBox and domain imports only, so the console can derive its types from them.

import type { Flag, Period, SchemeConfig, SubjectLevel } from '@xiuhua/domain/assessment';
import { Type } from 'typebox';
import { Nullable, Ts } from '../platform/schemas.ts';

export const Plain = Type.Object({ zh: Type.String(), en: Type.String() });

export const TermSchema = Type.Object({
  term: Type.String(),
  zh: Type.String({ description: 'what is counted, in plain words' }),
  en: Type.String(),
  at: Type.String({ description: 'placed: done or deadline passed, whichever first; done: when done' }),
  atEnd: Nullable(
    Type.String({ description: 'done / open: only what was done / not done by the period end' }),
  ),
});

export const SubjectSchema = Type.Object({
  level: Type.String(),
  id: Type.String(),
  name: Type.String(),
  parentId: Type.Optional(Type.String()),
  role: Type.Optional(Type.String()),
  unitType: Type.Optional(Type.String()),
});

export const FigureSchema = Type.Object({
  subject: SubjectSchema,
  indicator: Type.String(),
  numerator: Type.Integer(),
  denominator: Type.Integer(),
  value: Nullable(Type.Number({ description: 'percent, 2 decimals; null when the denominator is 0' })),
});

export const PeriodSchema = Type.Object({
  key: Type.String(),
  kind: Type.String(),
  firstDay: Type.String(),
  lastDay: Type.String(),
  start: Ts,
  end: Ts,
});

/** An indicator: its numerator and denominator in plain words, levels, roles, direction. */
export const IndicatorSchema = Type.Object({
  id: Type.String(),
  zh: Type.String(),
  en: Type.String(),
  group: Type.String(),
  levels: Type.Array(Type.String()),
  roles: Type.Array(Type.String()),
  better: Type.String(),
  numerator: TermSchema,
  denominator: TermSchema,
  levelNames: Type.Record(Type.String(), Plain),
});

/** Live figures of a period: every visible subject of the level × every indicator. */
export const LiveFigures = Type.Object({
  period: PeriodSchema,
  level: Type.String(),
  subjects: Type.Array(SubjectSchema),
  figures: Type.Array(FigureSchema),
});

/** The facts and cases behind one side of a figure, one row per counted fact. */
export const FactDrilldown = Type.Object({
  period: PeriodSchema,
  subject: SubjectSchema,
  indicator: Type.String(),
  side: Type.String(),
  term: TermSchema,
  count: Type.Integer(),
  rows: Type.Array(
    Type.Object({
      caseId: Type.Integer(),
      number: Type.String(),
      kind: Type.String(),
      classCode: Type.String(),
      state: Type.String(),
      reportedAt: Ts,
      fact: Type.String({ description: 'the fact kind: handle, sign, cycle, report …' }),
      outcome: Type.String(),
      startedAt: Ts,
      dueAt: Nullable(Ts),
      doneAt: Nullable(Ts),
      unitId: Nullable(Type.Integer()),
      userId: Nullable(Type.Integer()),
    }),
  ),
});

// ---------------------------------------------------------------- subjects, figures, scores

export interface Subject {
  level: SubjectLevel;
  id: string;
  name: string;
  parentId?: string;
  role?: string;
  unitType?: string;
}

export interface Figure {
  subject: Subject;
  indicator: string;
  numerator: number;
  denominator: number;
  /** Percent with 2 decimals; null when the denominator is 0 (not applicable). */
  value: number | null;
  numeratorCases?: number[];
  denominatorCases?: number[];
}

export interface Scheme {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  kind: SchemeConfig['kind'];
  level: SubjectLevel;
  config: SchemeConfig;
  active: boolean;
  updatedAt: Date;
}

/** An engine figure as it appears inside its subject's result. */
export type FigureOut = Omit<Figure, 'subject'>;

export interface DeductionOut {
  code: string;
  name: string;
  points: number;
  count: number;
  total: number;
}

export interface CorrectionOut {
  id: number;
  points: number;
  correctsPeriod: string;
  note: string;
}

export interface SubjectResult {
  subject: Subject;
  tier: { code: string; name: string };
  /** The score before corrections (composite or 100 − deductions; a quarter's mean of months). */
  baseScore: number | null;
  score: number | null;
  grade: string | null;
  rank: number | null;
  rankFromBottom: number | null;
  flag: Flag | null;
  /** Last of its tier (quarters' accountability; none in a tier of one or of equal scores). */
  last: boolean;
  previous: { score: number | null; rank: number | null } | null;
  figures: FigureOut[];
  deductions: DeductionOut[];
  months: { period: string; score: number | null; published: boolean }[];
  corrections: CorrectionOut[];
  fund: { group: string; amount: number | null } | null;
}

export interface PeriodResults {
  scheme: Pick<Scheme, 'id' | 'code' | 'name' | 'nameEn' | 'kind' | 'level'> & { role: string | null };
  period: Pick<Period, 'key' | 'kind' | 'firstDay' | 'lastDay'>;
  status: 'published' | 'provisional';
  publication: { id: number; publishedAt: Date; publishedBy: string; note: string | null } | null;
  /** The scheme's indicator weights (composite) as used for these results. */
  weights: { indicator: string; weight: number }[];
  rows: SubjectResult[];
}

// ---------------------------------------------------------------- bulletins

export interface RankingRow {
  tierCode: string;
  tierName: string;
  rank: number | null;
  subjectId: string;
  subjectName: string;
  score: number | null;
  grade: string | null;
  flag: 'red' | 'black' | null;
  previousScore: number | null;
  previousRank: number | null;
  /** score − previous score; null when either is missing. */
  delta: number | null;
  trend: 'up' | 'down' | 'same' | null;
  fund: number | null;
}

export interface RankingSection {
  scheme: { id: number; code: string; name: string; kind: string; level: string };
  status: 'published' | 'provisional';
  publishedAt: Date | null;
  withFund: boolean;
  rows: RankingRow[];
}

export interface RankingBulletin {
  period: Pick<Period, 'key' | 'kind' | 'firstDay' | 'lastDay'>;
  sections: RankingSection[];
}

export interface RedCase {
  id: number;
  number: string;
  classCode: string;
  className: string;
  streetName: string;
  address: string | null;
  dueAt: Date;
  /** When the overdue step ended (report-back), or null while it is still open. */
  endedAt: Date | null;
  overdueHours: number;
  state: string;
  stateName: string;
}

export interface RedCaseBulletin {
  period: Pick<Period, 'key' | 'kind' | 'firstDay' | 'lastDay'>;
  total: number;
  units: { unitId: number; unitName: string; count: number; cases: RedCase[] }[];
}

export interface PublicFigures {
  asOf: Date;
  today: { date: string; reported: number; closed: number };
  month: { period: string; reported: number; closed: number; timelyClosureRate: number | null };
  open: { total: number; overdue: number };
  streets: { code: string; name: string; reported: number; closed: number; open: number; overdue: number }[];
}
