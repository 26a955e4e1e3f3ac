// The assessment API as the console reads it: indicator definitions and live figures (routes/
// assessment.ts), schemes, results, publication, findings, accountability and bulletins (routes/
// assessment-publication.ts). Query keys all start with 'assessment', so a publication refreshes
// every view at once.

import { type QueryClient, useQuery } from '@tanstack/react-query';
import type { Role } from '@xiuhua/domain/workflow';
import { ApiError, get, withQuery } from '../../api/client.ts';

export type Level = 'unit' | 'street' | 'community' | 'grid' | 'person';
export type Side = 'numerator' | 'denominator';
export type Flag = 'red' | 'black';

/** Who reads results (the server's READERS); who publishes and handles items; who records findings. */
export const READERS: readonly Role[] = ['leader', 'supervisor', 'admin', 'shift_leader'];
export const PUBLISHERS: readonly Role[] = ['supervisor', 'leader', 'admin'];
export const SUPERVISION: readonly Role[] = ['supervisor', 'admin'];

export interface Term {
  term: string;
  zh: string;
  en: string;
  at: string;
  atEnd: string | null;
}

export interface IndicatorDef {
  id: string;
  zh: string;
  en: string;
  group: string;
  levels: Level[];
  roles: string[];
  better: 'higher' | 'lower';
  numerator: Term;
  denominator: Term;
}

export interface Subject {
  level: Level;
  id: string;
  name: string;
  parentId?: string;
  role?: string;
  unitType?: string;
}

export interface SchemeConfig {
  kind: 'composite' | 'deduction';
  level: Level;
  role: string | null;
  weights: { indicator: string; weight: number }[];
  deductions: { code: string; name: string; points: number }[];
  fullScore: number;
  grades: { grade: string; min: number }[];
  flags: { red: number; black: number };
  defaultTierName: string;
  tiers: { code: string; name: string; flags: { red: number; black: number }; subjects: string[] }[];
  fund: { rule: unknown; groups: Record<string, string> } | null;
}

export interface Scheme {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  kind: 'composite' | 'deduction';
  level: Level;
  config: SchemeConfig;
  active: boolean;
}

export interface FigureOut {
  indicator: string;
  numerator: number;
  denominator: number;
  /** Percent with two decimals; null when the denominator is 0 (not applicable). */
  value: number | null;
}

export interface ResultRow {
  subject: Subject;
  tier: { code: string; name: string };
  baseScore: number | null;
  score: number | null;
  grade: string | null;
  rank: number | null;
  rankFromBottom: number | null;
  flag: Flag | null;
  last: boolean;
  previous: { score: number | null; rank: number | null } | null;
  figures: FigureOut[];
  deductions: { code: string; name: string; points: number; count: number; total: number }[];
  months: { period: string; score: number | null; published: boolean }[];
  corrections: { id: number; points: number; correctsPeriod: string; note: string }[];
  fund: { group: string; amount: number | null } | null;
}

export interface PeriodOut {
  key: string;
  kind: string;
  firstDay: string;
  lastDay: string;
}

interface ResultsHead {
  scheme: Pick<Scheme, 'id' | 'code' | 'name' | 'nameEn' | 'kind' | 'level'> & { role: string | null };
  period: PeriodOut;
  status: 'published' | 'provisional';
  publication: { id: number; publishedAt: string; publishedBy: string; note: string | null } | null;
  weights: { indicator: string; weight: number }[];
}

export interface Results extends ResultsHead {
  rows: ResultRow[];
}

export interface SubjectResult extends ResultsHead {
  row: ResultRow;
  tierSize: number;
}

export interface DrillCase {
  id: number;
  number: string;
  kind: string;
  classCode: string;
  className: string;
  state: string;
  stateName: string;
  streetName: string;
  address: string | null;
  reportedAt: string;
  closedAt: string | null;
}

/** The cases behind one side of a scheme's figure (frozen ids when published). */
export interface Drilldown {
  status: 'published' | 'provisional';
  period: string;
  subject: Subject;
  indicator: string;
  side: Side;
  /** Facts counted: a case may count more than once (two handling tasks). */
  count: number;
  cases: DrillCase[];
  /** Counted but outside the reader's view. */
  hidden: number;
}

export interface LiveFigures {
  period: PeriodOut;
  level: Level;
  subjects: Subject[];
  figures: (FigureOut & { subject: Subject })[];
}

/** The engine's drill-down: one row per counted fact. */
export interface FactDrilldown {
  subject: Subject;
  indicator: string;
  side: Side;
  term: Term;
  count: number;
  rows: {
    caseId: number;
    number: string;
    kind: string;
    classCode: string;
    state: string;
    reportedAt: string;
    fact: string;
    outcome: string;
    startedAt: string;
    dueAt: string | null;
    doneAt: string | null;
  }[];
}

export interface Correction {
  id: number;
  subjectId: string;
  subjectName: string;
  period: string;
  correctsPeriod: string;
  points: number;
  note: string;
  createdAt: string;
}

export interface Finding {
  id: number;
  subjectId: string;
  subjectName: string;
  date: string;
  code: string;
  name: string;
  points: number;
  count: number;
  note: string | null;
  caseId: number | null;
  caseNumber: string | null;
  recordedBy: string;
  recordedAt: string;
  voidedAt: string | null;
  voidReason: string | null;
}

export type TriggerKind =
  | 'black_consecutive'
  | 'black_cumulative'
  | 'quarter_last'
  | 'quarter_last_2'
  | 'quarter_last_3';

export interface AccountabilityItem {
  id: number;
  schemeId: number;
  schemeName: string;
  level: Level;
  subjectId: string;
  subjectName: string;
  kind: TriggerKind;
  kindName: string;
  period: string;
  detail: string;
  status: 'open' | 'handled';
  note: string | null;
  handledBy: string | null;
  handledAt: string | null;
  createdAt: string;
}

export interface RankingBulletin {
  period: PeriodOut;
  sections: {
    scheme: { id: number; code: string; name: string; kind: string; level: Level };
    status: 'published' | 'provisional';
    publishedAt: string | null;
    withFund: boolean;
    rows: {
      tierCode: string;
      tierName: string;
      rank: number | null;
      subjectId: string;
      subjectName: string;
      score: number | null;
      grade: string | null;
      flag: Flag | null;
      previousScore: number | null;
      previousRank: number | null;
      delta: number | null;
      trend: 'up' | 'down' | 'same' | null;
      fund: number | null;
    }[];
  }[];
}

export interface RedCaseBulletin {
  period: PeriodOut;
  total: number;
  units: {
    unitId: number;
    unitName: string;
    count: number;
    cases: {
      id: number;
      number: string;
      classCode: string;
      className: string;
      streetName: string;
      address: string | null;
      dueAt: string;
      endedAt: string | null;
      overdueHours: number;
      state: string;
      stateName: string;
    }[];
  }[];
}

const BASE = '/api/assessment';

export function useIndicators() {
  return useQuery({
    queryKey: ['assessment', 'indicators'],
    queryFn: () => get<IndicatorDef[]>(`${BASE}/indicators`),
    staleTime: Infinity,
    select: (list) => new Map(list.map((d) => [d.id, d])),
  });
}

export function useSchemes() {
  return useQuery({
    queryKey: ['assessment', 'schemes'],
    queryFn: () => get<Scheme[]>(`${BASE}/schemes`),
    staleTime: 5 * 60_000,
  });
}

export function useResults(schemeId: number | undefined, period: string) {
  return useQuery({
    queryKey: ['assessment', 'results', schemeId, period],
    queryFn: () => get<Results>(`${BASE}/schemes/${schemeId}/results`, { period }),
    enabled: schemeId !== undefined,
  });
}

export const subjectResultQuery = (schemeId: number, subjectId: string, period: string) => ({
  queryKey: ['assessment', 'results', schemeId, period, subjectId],
  queryFn: () =>
    get<SubjectResult>(`${BASE}/schemes/${schemeId}/results/${encodeURIComponent(subjectId)}`, { period }),
  // An older period with nothing to show (404: the subject was not scored then) is not an error worth retrying.
  retry: (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2,
});

export function useCorrections(schemeId: number | undefined, period: string) {
  return useQuery({
    queryKey: ['assessment', 'corrections', schemeId, period],
    queryFn: () => get<Correction[]>(`${BASE}/schemes/${schemeId}/corrections`, { period }),
    enabled: schemeId !== undefined,
  });
}

export function useDrilldown(
  schemeId: number,
  period: string,
  subject: string,
  pick: { indicator: string; side: Side } | null,
) {
  return useQuery({
    queryKey: ['assessment', 'drilldown', schemeId, period, subject, pick],
    queryFn: () =>
      get<Drilldown>(`${BASE}/schemes/${schemeId}/drilldown`, {
        period,
        subject,
        indicator: pick!.indicator,
        side: pick!.side,
      }),
    enabled: pick !== null,
  });
}

export function useFindings(schemeId: number | undefined, query: { period?: string; subjectId?: string }) {
  return useQuery({
    queryKey: ['assessment', 'findings', schemeId, query],
    queryFn: () => get<Finding[]>(`${BASE}/schemes/${schemeId}/findings`, { ...query, voided: true }),
    enabled: schemeId !== undefined,
  });
}

export function invalidateAssessment(client: QueryClient) {
  return client.invalidateQueries({ queryKey: ['assessment'] });
}

export { BASE as ASSESSMENT_API };

/**
 * Download an Excel export through fetch, so a refusal shows its message instead of saving the
 * error as a file; the name comes from the server's Content-Disposition.
 */
export async function downloadXlsx(path: string, query: Record<string, string | number | undefined>) {
  const response = await fetch(withQuery(path, query), { credentials: 'same-origin' });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new ApiError(response.status, body as Record<string, unknown>);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = star ? decodeURIComponent(star) : 'export.xlsx';
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked after the browser has taken the file.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
