// Pick a position on the map: the unit cells of the user's area drawn from GeoJSON (no tile server
// needed), a click drops the marker. Loaded lazily: MapLibre is the heaviest part of the console.

import { useQuery } from '@tanstack/react-query';
import type { FeatureCollection } from 'geojson';
import { useEffect, useRef } from 'react';
import { get } from '../api/client.ts';
import { CJK_FONT_FAMILY, maplibregl } from './maplibre.ts';
import { useAreas, useMe } from '../api/hooks.ts';

interface Point {
  lon: number;
  lat: number;
}

type Cells = FeatureCollection;

/** The cells of every street the user may see (a street user: their street; the centre: all). */
function useStreetCells() {
  const me = useMe();
  const areas = useAreas();
  const streets = (areas.data ?? [])
    .filter(
      (a) => a.level === 'street' && (a.code.startsWith(me.data?.area.code ?? '-') || me.data?.cityWide),
    )
    .map((a) => a.code);
  return useQuery({
    queryKey: ['cells', streets],
    enabled: streets.length > 0,
    staleTime: Infinity,
    queryFn: async (): Promise<Cells> => {
      const parts = await Promise.all(
        streets.map((code) => get<Cells>('/api/grid/cells', { areaCode: code })),
      );
      return { type: 'FeatureCollection', features: parts.flatMap((p) => p.features) };
    },
  });
}

/** The streets' outlines (the same query as the city map's street layer). */
function useStreetOutlines() {
  return useQuery({
    queryKey: ['map', 'outline', 'street'],
    queryFn: () => get<Cells>('/api/areas/geometry', { level: 'street' }),
    staleTime: Infinity,
  });
}

function bounds(fc: Cells): maplibregl.LngLatBoundsLike | null {
  let [w, s, e, n] = [180, 90, -180, -90];
  for (const f of fc.features) {
    const g = f.geometry;
    const rings =
      g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : [];
    for (const ring of rings)
      for (const [x, y] of ring) {
        w = Math.min(w, x!);
        e = Math.max(e, x!);
        s = Math.min(s, y!);
        n = Math.max(n, y!);
      }
  }
  return w <= e ? [w, s, e, n] : null;
}

type Layer = Parameters<maplibregl.Map['addLayer']>[0];

/** A fill or line layer of the source named by the id's first word (cells-fill: cells). */
const layer = (id: string, type: 'fill' | 'line', paint: Record<string, unknown>) =>
  ({ id, type, source: id.split('-')[0]!, paint }) as Layer;

/** A GeoJSON source and its layers, once the style has loaded; nothing if the source is there. */
function addSourceOnce(m: maplibregl.Map, id: string, data: Cells, layers: Layer[], then?: () => void) {
  const add = () => {
    if (m.getSource(id)) return;
    m.addSource(id, { type: 'geojson', data });
    for (const l of layers) m.addLayer(l);
    then?.();
  };
  if (m.isStyleLoaded()) add();
  else m.once('load', add);
}

export default function MapPicker({
  value,
  onPick,
  height = 320,
  follow = false,
}: {
  value?: Point | null;
  onPick?: (point: Point) => void;
  height?: number;
  /** Move the map to a value set from outside (an address picked from a search). */
  follow?: boolean;
}) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const marker = useRef<maplibregl.Marker | null>(null);
  const followed = useRef<string | null>(null);
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;
  const cells = useStreetCells();
  const streets = useStreetOutlines();

  useEffect(() => {
    if (!container.current) return;
    const m = new maplibregl.Map({
      container: container.current,
      style: {
        version: 8,
        sources: {},
        layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#f4f6f8' } }],
      },
      center: [121.4, 31.05],
      zoom: 11,
      attributionControl: false,
      localIdeographFontFamily: CJK_FONT_FAMILY,
    });
    m.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    m.on('click', (e) => onPickRef.current?.({ lon: e.lngLat.lng, lat: e.lngLat.lat }));
    // browser tests find the map on its element (as the city map and the patrol map do)
    (container.current as HTMLDivElement & { xhMap?: maplibregl.Map }).xhMap = m;
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    const data = cells.data;
    if (!m || !data) return;
    addSourceOnce(
      m,
      'cells',
      data,
      [
        layer('cells-fill', 'fill', { 'fill-color': '#91caff', 'fill-opacity': 0.15 }),
        layer('cells-line', 'line', { 'line-color': '#4096ff', 'line-width': 0.5 }),
      ],
      () => {
        const b = bounds(data);
        if (b && !value) m.fitBounds(b, { padding: 10, duration: 0 });
      },
    );
  }, [cells.data, value]);

  // Street boundaries over the cells: where one street ends and the next begins
  useEffect(() => {
    const m = map.current;
    const data = streets.data;
    if (!m || !data) return;
    addSourceOnce(m, 'streets', data, [
      layer('streets-line', 'line', { 'line-color': '#1d39c4', 'line-width': 2, 'line-opacity': 0.8 }),
    ]);
  }, [streets.data]);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    if (!value) {
      marker.current?.remove();
      marker.current = null;
      return;
    }
    marker.current ??= new maplibregl.Marker({ color: '#f5222d' });
    marker.current.setLngLat([value.lon, value.lat]).addTo(m);
    const key = `${value.lon},${value.lat}`;
    if (follow && followed.current !== key) {
      followed.current = key;
      if (m.getZoom() < 14 || !m.getBounds().contains([value.lon, value.lat]))
        m.jumpTo({ center: [value.lon, value.lat], zoom: Math.max(m.getZoom(), 15) });
    }
  }, [value, follow]);

  return (
    <div
      ref={container}
      style={{ height, width: '100%', borderRadius: 4, overflow: 'hidden' }}
      data-testid="map-picker"
    />
  );
}
