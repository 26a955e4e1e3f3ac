import type { Catalogue, ClassKind, MajorClass, MinorClass } from './types.ts';

/** How a class matched a query; the order of this list is the ranking order (best first). */
export const MATCH_TIERS = [
  'exactCode',
  'codePrefix',
  'exactName',
  'nameContains',
  'exactKeyword',
  'keywordContains',
] as const;
export type MatchTier = (typeof MATCH_TIERS)[number];

export interface ClassMatch {
  minor: MinorClass;
  major: MajorClass | undefined;
  matchedBy: MatchTier;
  /** The keyword that matched, for the keyword tiers. */
  keyword?: string;
}

export interface FindClassesOptions {
  kind?: ClassKind;
  /** Most results to return; default 20. */
  limit?: number;
  /** Also find inactive classes (for admins); by default only classes offered for new cases. */
  includeInactive?: boolean;
}

/** Full-width letters and digits to half-width, trimmed and lower-cased, so "ＧＳＪＧ " finds "gsjg". */
export function normalizeQuery(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase();
}

function matchMinor(minor: MinorClass, query: string): { tier: MatchTier; keyword?: string } | undefined {
  if (minor.code === query) return { tier: 'exactCode' };
  if (/^\d+$/.test(query) && minor.code.startsWith(query)) return { tier: 'codePrefix' };
  const name = normalizeQuery(minor.name);
  if (name === query) return { tier: 'exactName' };
  if (name.includes(query)) return { tier: 'nameContains' };
  const keywords = minor.keywords.map((keyword) => ({ keyword, folded: normalizeQuery(keyword) }));
  const exact = keywords.find((k) => k.folded === query);
  if (exact) return { tier: 'exactKeyword', keyword: exact.keyword };
  const partial = keywords.find((k) => k.folded.includes(query));
  if (partial) return { tier: 'keywordContains', keyword: partial.keyword };
  return undefined;
}

/**
 * Finds minor classes for a query typed by an operator or a citizen: a code or code prefix, part
 * of a name, a colloquial keyword, or pinyin initials (stored as keywords, e.g. "bllj").
 * Inactive classes are left out unless `includeInactive` (they are not offered for new cases).
 * Ranking: tier (exact code > code prefix > exact name > name contains > exact keyword >
 * keyword contains), then components before events, then code. Deterministic for equal input.
 */
export function findClasses(
  catalogue: Catalogue,
  query: string,
  options: FindClassesOptions = {},
): ClassMatch[] {
  const normalized = normalizeQuery(query);
  if (normalized === '') return [];
  const limit = options.limit ?? 20;
  const majors = new Map(catalogue.majors.map((major) => [`${major.kind}:${major.code}`, major]));
  const found: { match: ClassMatch; rank: number }[] = [];
  for (const minor of catalogue.minors) {
    if (options.kind && minor.kind !== options.kind) continue;
    if (minor.active === false && !options.includeInactive) continue;
    const hit = matchMinor(minor, normalized);
    if (!hit) continue;
    const match: ClassMatch = {
      minor,
      major: majors.get(`${minor.kind}:${minor.code.slice(0, 2)}`),
      matchedBy: hit.tier,
    };
    if (hit.keyword !== undefined) match.keyword = hit.keyword;
    found.push({ match, rank: MATCH_TIERS.indexOf(hit.tier) });
  }
  found.sort(
    (a, b) =>
      a.rank - b.rank ||
      compareText(a.match.minor.kind, b.match.minor.kind) ||
      compareText(a.match.minor.code, b.match.minor.code),
  );
  return found.slice(0, Math.max(0, limit)).map((entry) => entry.match);
}

/** Code-point order, independent of the host's locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
