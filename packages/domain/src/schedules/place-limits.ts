// Differentiated standards (差异化标准) by place: stricter handling limits on main roads, in zones
// and at key places, as layers of the one precedence for limits (precedence.ts). Least specific
// first: road class < zone type < key place type — all after the area class. A rule names the
// place (a road class code, a zone type, a key place type) and which classes it covers (all, a
// major class, or one minor class); for each layer the most specific rule covering the case's
// class applies. Each layer's label carries the ones before it, so the case shows one line:
// 一类道路·严管区：处置时限 1 工作小时.

import type { TimeLimit } from '../catalogue/types.ts';
import {
  DEFAULT_ROAD_CLASSES,
  KEY_PLACE_TYPES,
  type KeyPlaceType,
  ZONE_TYPES,
  type ZoneType,
} from '../geo/roads.ts';
import type { Bilingual, LimitLayer } from './precedence.ts';

export const PLACE_LAYERS = ['road', 'zone', 'keyPlace'] as const;
export type PlaceLayer = (typeof PLACE_LAYERS)[number];

export interface PlaceLimitRule {
  readonly id: number;
  readonly layer: PlaceLayer;
  /** A road class code ('1'), a zone type ('strict') or a key place type ('school_gate'). */
  readonly match: string;
  /** The classes it covers: null = every class; else a kind with a major ('06') or minor ('06010') code. */
  readonly classKind: 'component' | 'event' | null;
  readonly classCode: string | null;
  /** The handling limit (dispatch → report back) there. */
  readonly handle: TimeLimit;
}

/** Where a case lies, as the place layers read it. */
export interface PlaceOfLimits {
  readonly road?: { readonly classCode: string; readonly classLabel: string } | null;
  readonly zoneType?: ZoneType | null;
  readonly keyPlaceType?: KeyPlaceType | null;
}

/** How closely a rule covers a class: 2 for the minor class, 1 for its major class, 0 for all; -1 not at all. */
function coverage(rule: PlaceLimitRule, cls: { kind: string; code: string }): number {
  if (rule.classCode === null) return 0;
  if (rule.classKind !== cls.kind) return -1;
  if (rule.classCode === cls.code) return 2;
  return rule.classCode.length === 2 && cls.code.startsWith(rule.classCode) ? 1 : -1;
}

/** The label of each place layer: "一类道路", "严管区", "校园周边". */
function placeLabel(layer: PlaceLayer, match: string, place: PlaceOfLimits): Bilingual {
  if (layer === 'road') {
    const label = place.road?.classLabel ?? match;
    // A city's own class names have no English; the default three do.
    const known = DEFAULT_ROAD_CLASSES[match];
    const en = known && known.zh === label ? known.en : label;
    return { zh: `${label}道路`, en: `${en} road` };
  }
  const names = layer === 'zone' ? ZONE_TYPES[match as ZoneType] : KEY_PLACE_TYPES[match as KeyPlaceType];
  return names ?? { zh: match, en: match };
}

/**
 * The place layers of a case for a class, road class first; a layer whose place has no rule for
 * the class is left out. Labels accumulate over the layers kept (一类道路·严管区), so the winner
 * names where its limit applies.
 */
export function placeLayers(
  rules: readonly PlaceLimitRule[],
  place: PlaceOfLimits,
  cls: { kind: string; code: string },
): LimitLayer[] {
  const matches: Record<PlaceLayer, string | null> = {
    road: place.road?.classCode ?? null,
    zone: place.zoneType ?? null,
    keyPlace: place.keyPlaceType ?? null,
  };
  const out: LimitLayer[] = [];
  const trail: Bilingual[] = [];
  for (const layer of PLACE_LAYERS) {
    const match = matches[layer];
    if (match === null) continue;
    let best: PlaceLimitRule | null = null;
    for (const r of rules) {
      if (r.layer !== layer || r.match !== match) continue;
      const c = coverage(r, cls);
      if (
        c >= 0 &&
        (best === null || c > coverage(best, cls) || (c === coverage(best, cls) && r.id < best.id))
      )
        best = r;
    }
    if (!best) continue;
    trail.push(placeLabel(layer, match, place));
    out.push({
      kind: layer,
      label: { zh: trail.map((l) => l.zh).join('·'), en: trail.map((l) => l.en).join(' · ') },
      limit: best.handle,
    });
  }
  return out;
}
