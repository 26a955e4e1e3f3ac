// The map's style: GeoJSON sources only, a plain background and, when configured, one raster base
// map underneath. No glyphs URL: MapLibre then draws every label with the browser's own fonts
// (localIdeographFontFamily for CJK), so the map needs no tile or font server at all.

import type { ConsoleConfig } from '@xiuhua/server/contract';
import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';
import { COLOUR_HEX } from '../../shared/tags.tsx';

/** The optional raster base map of GET /api/console-config. */
export type BaseMap = NonNullable<ConsoleConfig['baseMap']>;

export const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export const CJK_FONTS =
  "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif";
const TEXT_FONT = ['Microsoft YaHei Regular'];

/** Grey for a case without a running clock (suspended, waiting with no deadline). */
export const NO_COLOUR = '#8c8c8c';

export type LayerKey = 'district' | 'streets' | 'communities' | 'cells' | 'cases';
export const LAYER_KEYS: readonly LayerKey[] = ['district', 'streets', 'communities', 'cells', 'cases'];

/** The style layers behind each toggle. */
export const LAYER_IDS: Record<LayerKey, string[]> = {
  district: ['district-fill', 'district-line'],
  streets: ['streets-line', 'streets-label'],
  communities: ['communities-line', 'communities-label'],
  cells: ['cells-line', 'cells-label'],
  cases: ['case-clusters', 'case-cluster-count', 'case-points'],
};

export const SOURCES = ['district', 'streets', 'communities', 'cells'] as const;

const colourOf: ExpressionSpecification = [
  'match',
  ['get', 'colour'],
  'blue',
  COLOUR_HEX.blue,
  'yellow',
  COLOUR_HEX.yellow,
  'orange',
  COLOUR_HEX.orange,
  'red',
  COLOUR_HEX.red,
  NO_COLOUR,
];

const countOf = (colour: string): ExpressionSpecification => [
  '+',
  ['case', ['==', ['get', 'colour'], colour], 1, 0],
];

/** Cluster source options: the worst warning colour inside a cluster is kept to draw its ring. */
export const CLUSTER = {
  clusterRadius: 48,
  clusterMaxZoom: 15,
  clusterProperties: { red: countOf('red'), orange: countOf('orange'), yellow: countOf('yellow') },
};

const worstColour: ExpressionSpecification = [
  'case',
  ['>', ['get', 'red'], 0],
  COLOUR_HEX.red,
  ['>', ['get', 'orange'], 0],
  COLOUR_HEX.orange,
  ['>', ['get', 'yellow'], 0],
  COLOUR_HEX.yellow,
  COLOUR_HEX.blue,
];

export function buildStyle(
  baseMap: BaseMap | null,
  nameField: 'name' | 'nameEn',
  cluster = true,
): StyleSpecification {
  const label: ExpressionSpecification = ['coalesce', ['get', nameField], ['get', 'name']];
  const withBase = baseMap !== null;
  return {
    version: 8,
    sources: {
      ...(baseMap
        ? {
            base: {
              type: 'raster',
              tiles: baseMap.urls,
              tileSize: 256,
              attribution: baseMap.attribution,
              maxzoom: 18,
            },
          }
        : {}),
      district: { type: 'geojson', data: EMPTY },
      streets: { type: 'geojson', data: EMPTY },
      communities: { type: 'geojson', data: EMPTY },
      // one label point per area: polygons labelled directly get a label per tile when zoomed in
      'streets-labels': { type: 'geojson', data: EMPTY },
      'communities-labels': { type: 'geojson', data: EMPTY },
      cells: { type: 'geojson', data: EMPTY },
      cases: { type: 'geojson', data: EMPTY, cluster, ...CLUSTER },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#f2f4f7' } },
      ...(withBase ? [{ id: 'base', type: 'raster' as const, source: 'base' }] : []),
      {
        id: 'district-fill',
        type: 'fill',
        source: 'district',
        paint: { 'fill-color': '#ffffff', 'fill-opacity': withBase ? 0 : 0.85 },
      },
      {
        id: 'cells-line',
        type: 'line',
        source: 'cells',
        paint: { 'line-color': '#9aa7b8', 'line-width': 0.6, 'line-opacity': 0.9 },
      },
      {
        id: 'communities-line',
        type: 'line',
        source: 'communities',
        paint: {
          'line-color': '#7f93b2',
          'line-width': ['interpolate', ['linear'], ['zoom'], 11, 0.6, 15, 1.4],
        },
      },
      {
        id: 'streets-line',
        type: 'line',
        source: 'streets',
        paint: {
          'line-color': '#2f54eb',
          'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1.2, 15, 2.4],
          'line-dasharray': [5, 2],
        },
      },
      {
        id: 'district-line',
        type: 'line',
        source: 'district',
        paint: { 'line-color': '#10239e', 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 2, 15, 4] },
      },
      {
        id: 'cells-label',
        type: 'symbol',
        source: 'cells',
        minzoom: 16.5,
        layout: {
          'text-field': ['slice', ['get', 'code'], 12],
          'text-font': TEXT_FONT,
          'text-size': 10,
        },
        paint: { 'text-color': '#8c8c8c', 'text-halo-color': '#ffffff', 'text-halo-width': 1 },
      },
      {
        id: 'communities-label',
        type: 'symbol',
        source: 'communities-labels',
        minzoom: 12.5,
        layout: { 'text-field': label, 'text-font': TEXT_FONT, 'text-size': 11, 'text-max-width': 8 },
        paint: { 'text-color': '#595959', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
      },
      {
        id: 'streets-label',
        type: 'symbol',
        source: 'streets-labels',
        maxzoom: 14,
        layout: { 'text-field': label, 'text-font': TEXT_FONT, 'text-size': 14, 'text-max-width': 10 },
        paint: { 'text-color': '#1d39c4', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
      },
      {
        id: 'case-clusters',
        type: 'circle',
        source: 'cases',
        filter: ['has', 'point_count'],
        paint: {
          'circle-color': '#ffffff',
          'circle-opacity': 0.92,
          'circle-radius': ['step', ['get', 'point_count'], 13, 20, 16, 100, 20, 500, 25],
          'circle-stroke-color': worstColour,
          'circle-stroke-width': 4,
        },
      },
      {
        id: 'case-cluster-count',
        type: 'symbol',
        source: 'cases',
        filter: ['has', 'point_count'],
        layout: {
          'text-field': ['get', 'point_count_abbreviated'],
          'text-font': TEXT_FONT,
          'text-size': 12,
          'text-allow-overlap': true,
          'text-ignore-placement': true,
        },
        paint: { 'text-color': '#262626' },
      },
      {
        id: 'case-points',
        type: 'circle',
        source: 'cases',
        filter: ['!', ['has', 'point_count']],
        paint: {
          'circle-color': colourOf,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 4.5, 16, 7],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
        },
      },
    ],
  };
}

/** [west, south, east, north] of a FeatureCollection's positions, or null when it has none. */
export function bboxOf(features: readonly GeoJSON.Feature[]): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
      return;
    }
    for (const inner of c) visit(inner);
  };
  for (const f of features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

/** The centroid of a ring (shoelace), or its first vertex when it has no area. */
function ringCentroid(ring: GeoJSON.Position[]): { x: number; y: number; area: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j] as [number, number];
    const [x1, y1] = ring[i] as [number, number];
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  if (a === 0) return { x: ring[0]?.[0] ?? 0, y: ring[0]?.[1] ?? 0, area: 0 };
  return { x: cx / (3 * a), y: cy / (3 * a), area: Math.abs(a / 2) };
}

/** One label point per area: the centroid of its largest polygon, with the area's properties. */
export function labelPoints(fc: GeoJSON.FeatureCollection | undefined): GeoJSON.FeatureCollection {
  if (!fc) return EMPTY;
  const features: GeoJSON.Feature[] = [];
  for (const f of fc.features) {
    const g = f.geometry;
    const outers =
      g?.type === 'Polygon'
        ? [g.coordinates[0]]
        : g?.type === 'MultiPolygon'
          ? g.coordinates.map((p) => p[0])
          : [];
    let best: { x: number; y: number; area: number } | null = null;
    for (const ring of outers) {
      if (!ring || ring.length < 3) continue;
      const c = ringCentroid(ring);
      if (!best || c.area > best.area) best = c;
    }
    if (best)
      features.push({
        type: 'Feature',
        properties: f.properties,
        geometry: { type: 'Point', coordinates: [best.x, best.y] },
      });
  }
  return { type: 'FeatureCollection', features };
}
