// The assessment API as the console reads it: indicator definitions and live figures (routes/
// assessment.ts), schemes, results, publication, findings, accountability and bulletins (routes/
// assessment-publication.ts). Query keys all start with 'assessment', so a publication refreshes
// every view at once.

import { type QueryClient, useQuery } from '@tanstack/react-query';
import type * as contract from '@xiuhua/server/contract';
import { ApiError, acceptLanguage, get, withQuery } from '../../api/client.ts';

export type Level = 'unit' | 'street' | 'community' | 'grid' | 'person';
export type Side = 'numerator' | 'denominator';
export type Flag = 'red' | 'black';

export type { AssessmentTerm as Term, IndicatorDef, FactDrilldown } from '@xiuhua/server/contract';

export type Subject = contract.AssessmentSubject;
export type PeriodOut = contract.AssessmentPeriod;

export type Scheme = contract.AssessmentScheme;
export type SchemeConfig = Scheme['config'];

/** Percent with two decimals; null when the denominator is 0 (not applicable). */
export type FigureOut = contract.SubjectResultRow['figures'][number];

export type ResultRow = contract.SubjectResultRow;
export type Results = contract.PeriodResults;
export type SubjectResult = contract.OneSubjectResult;

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

export type { LiveFigures } from '@xiuhua/server/contract';

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

export type { RankingBulletin, RedCaseBulletin } from '@xiuhua/server/contract';

const BASE = '/api/assessment';

export function useIndicators() {
  return useQuery({
    queryKey: ['assessment', 'indicators'],
    queryFn: () => get<contract.IndicatorDef[]>(`${BASE}/indicators`),
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
  const response = await fetch(withQuery(path, query), {
    credentials: 'same-origin',
    headers: acceptLanguage(),
  });
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
