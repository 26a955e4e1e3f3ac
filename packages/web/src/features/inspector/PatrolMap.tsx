// A small MapLibre map for the inspector app and the track view: the responsibility grid's cells,
// a road chief's segments, task points, a patrol track and "me" — all GeoJSON on a plain
// background, so it needs no tile server (and no network once the app and the grid are on the
// phone). Loaded lazily.

import type { Feature, FeatureCollection } from 'geojson';
import { useEffect, useRef, useState } from 'react';
import { CJK_FONT_FAMILY, maplibregl } from '../../shared/maplibre.ts';

export interface TaskPoint {
  id: number;
  lon: number;
  lat: number;
  label: string;
  /** verifying / checking */
  state: string;
}

export interface PatrolMapProps {
  cells?: FeatureCollection;
  /** A road chief's segments (LineStrings; `patrolledToday` draws them green). */
  segments?: FeatureCollection;
  tasks?: TaskPoint[];
  /** [lon, lat] in time order. */
  track?: [number, number][];
  me?: { lon: number; lat: number } | null;
  height?: number | string;
  onTask?: (id: number) => void;
  /** Frame the content again when this changes (another person's track). */
  fitKey?: string;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

function extend(box: [number, number, number, number], x: number, y: number) {
  box[0] = Math.min(box[0], x);
  box[1] = Math.min(box[1], y);
  box[2] = Math.max(box[2], x);
  box[3] = Math.max(box[3], y);
}

/** The box around everything shown (cells first: the inspector's patch is the frame). */
function boundsOf(props: PatrolMapProps): [number, number, number, number] | null {
  const box: [number, number, number, number] = [180, 90, -180, -90];
  for (const f of props.cells?.features ?? []) {
    const g = f.geometry;
    const rings =
      g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : [];
    for (const ring of rings) for (const [x, y] of ring) extend(box, x!, y!);
  }
  for (const f of props.segments?.features ?? [])
    if (f.geometry.type === 'LineString') for (const [x, y] of f.geometry.coordinates) extend(box, x!, y!);
  for (const [x, y] of props.track ?? []) extend(box, x, y);
  if (box[0] > box[2]) for (const t of props.tasks ?? []) extend(box, t.lon, t.lat);
  if (box[0] > box[2] && props.me) extend(box, props.me.lon, props.me.lat);
  return box[0] <= box[2] ? box : null;
}

function layersData(props: PatrolMapProps) {
  const tasks: FeatureCollection = {
    type: 'FeatureCollection',
    features: (props.tasks ?? []).map(
      (t): Feature => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [t.lon, t.lat] },
        properties: { id: t.id, label: t.label, state: t.state },
      }),
    ),
  };
  const track: FeatureCollection =
    (props.track?.length ?? 0) > 1
      ? {
          type: 'FeatureCollection',
          features: [
            { type: 'Feature', geometry: { type: 'LineString', coordinates: props.track! }, properties: {} },
          ],
        }
      : EMPTY;
  const trackPoints: FeatureCollection = {
    type: 'FeatureCollection',
    features: (props.track ?? []).map(
      (c): Feature => ({ type: 'Feature', geometry: { type: 'Point', coordinates: c }, properties: {} }),
    ),
  };
  const me: FeatureCollection = props.me
    ? {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [props.me.lon, props.me.lat] },
            properties: {},
          },
        ],
      }
    : EMPTY;
  return { cells: props.cells ?? EMPTY, segments: props.segments ?? EMPTY, tasks, track, trackPoints, me };
}

/** Browser tests read the map off its container (as the city map's do). */
interface MapHost extends HTMLDivElement {
  xhMap?: maplibregl.Map;
}

export default function PatrolMap(props: PatrolMapProps) {
  const container = useRef<MapHost>(null);
  const [map, setMap] = useState<maplibregl.Map | null>(null);
  const fitted = useRef<string | null>(null);
  const onTask = useRef(props.onTask);
  onTask.current = props.onTask;

  useEffect(() => {
    if (!container.current) return;
    const empty = { type: 'geojson' as const, data: EMPTY };
    const m = new maplibregl.Map({
      container: container.current,
      style: {
        version: 8,
        sources: { cells: empty, segments: empty, track: empty, trackPoints: empty, tasks: empty, me: empty },
        layers: [
          { id: 'bg', type: 'background', paint: { 'background-color': '#f4f6f8' } },
          {
            id: 'cells-fill',
            type: 'fill',
            source: 'cells',
            paint: { 'fill-color': '#91caff', 'fill-opacity': 0.2 },
          },
          {
            id: 'cells-line',
            type: 'line',
            source: 'cells',
            paint: { 'line-color': '#4096ff', 'line-width': 0.6 },
          },
          {
            id: 'segments',
            type: 'line',
            source: 'segments',
            paint: {
              'line-color': ['case', ['get', 'patrolledToday'], '#52c41a', '#fa8c16'],
              'line-width': 5,
              'line-opacity': 0.8,
            },
          },
          { id: 'track', type: 'line', source: 'track', paint: { 'line-color': '#722ed1', 'line-width': 3 } },
          {
            id: 'track-points',
            type: 'circle',
            source: 'trackPoints',
            paint: { 'circle-radius': 2.5, 'circle-color': '#722ed1' },
          },
          {
            id: 'tasks',
            type: 'circle',
            source: 'tasks',
            paint: {
              'circle-radius': 8,
              'circle-color': ['match', ['get', 'state'], 'verifying', '#fa8c16', '#1677ff'],
              'circle-stroke-color': '#fff',
              'circle-stroke-width': 2,
            },
          },
          {
            id: 'me',
            type: 'circle',
            source: 'me',
            paint: {
              'circle-radius': 7,
              'circle-color': '#52c41a',
              'circle-stroke-color': '#fff',
              'circle-stroke-width': 3,
            },
          },
        ],
      },
      center: [121.4, 31.05],
      zoom: 11,
      attributionControl: false,
      localIdeographFontFamily: CJK_FONT_FAMILY,
    });
    m.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    m.on('click', 'tasks', (e) => {
      const id = e.features?.[0]?.properties?.id;
      if (typeof id === 'number') onTask.current?.(id);
    });
    m.once('load', () => setMap(m));
    container.current.xhMap = m;
    return () => {
      m.remove();
      setMap(null);
    };
  }, []);

  useEffect(() => {
    if (!map) return;
    const data = layersData(props);
    for (const [name, fc] of Object.entries(data))
      (map.getSource(name) as maplibregl.GeoJSONSource)?.setData(fc);
    // Frame the grid (or track) once; after that the user's own panning wins.
    const box = boundsOf(props);
    const key = props.fitKey ?? '';
    if (box && fitted.current !== key) {
      fitted.current = key;
      map.fitBounds(box, { padding: 16, duration: 0, maxZoom: 17 });
    }
  }, [map, props]);

  return (
    <div
      ref={container}
      style={{ height: props.height ?? 360, width: '100%', borderRadius: 4, overflow: 'hidden' }}
      data-testid="patrol-map"
    />
  );
}
