// The portal's two maps, loaded only when one opens (MapLibre is most of their weight): the place
// picker of the report form and the public problem map. GeoJSON only — street and community
// outlines from the server — over the configured raster base map if there is one. A GCJ-02 base
// map (AMap, Tencent) shows shifted coordinates: our WGS84 outlines and points are shifted to
// match, and a picked point is sent as GCJ02 for the server to convert.

import type { StyleSpecification } from 'maplibre-gl';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { collectionToGcj02, wgs84ToGcj02 } from '../features/map/gcj02.ts';
import { CJK_FONT_FAMILY, maplibregl } from '../shared/maplibre.ts';
import { areaOutlines, type Crs, type MapPoint, type PortalConfig, portalConfig, publicMap } from './api.ts';

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
const OPEN_COLOUR = '#fa8c16';
const FIXED_COLOUR = '#52c41a';

function style(config: PortalConfig): StyleSpecification {
  const base = config.baseMap;
  return {
    version: 8,
    sources: {
      ...(base
        ? { base: { type: 'raster', tiles: base.urls, tileSize: 256, attribution: base.attribution } }
        : {}),
      areas: { type: 'geojson', data: EMPTY },
      points: { type: 'geojson', data: EMPTY },
    },
    layers: [
      { id: 'bg', type: 'background', paint: { 'background-color': '#eef1f5' } },
      ...(base ? [{ id: 'base', type: 'raster' as const, source: 'base' }] : []),
      {
        id: 'streets-fill',
        type: 'fill',
        source: 'areas',
        filter: ['==', ['get', 'level'], 'street'],
        paint: { 'fill-color': '#ffffff', 'fill-opacity': base ? 0 : 0.9 },
      },
      {
        id: 'communities-line',
        type: 'line',
        source: 'areas',
        filter: ['==', ['get', 'level'], 'community'],
        paint: { 'line-color': '#b7c2d0', 'line-width': 0.8 },
      },
      {
        id: 'streets-line',
        type: 'line',
        source: 'areas',
        filter: ['==', ['get', 'level'], 'street'],
        paint: { 'line-color': '#4062bb', 'line-width': 1.6 },
      },
      {
        id: 'labels',
        type: 'symbol',
        source: 'areas',
        layout: {
          'text-field': ['get', 'name'],
          'text-font': ['Microsoft YaHei Regular'],
          'text-size': ['match', ['get', 'level'], 'street', 14, 11],
          'symbol-placement': 'point',
        },
        paint: { 'text-color': '#44546a', 'text-halo-color': '#ffffff', 'text-halo-width': 1.4 },
        minzoom: 11,
      },
      {
        id: 'points',
        type: 'circle',
        source: 'points',
        paint: {
          'circle-color': ['match', ['get', 'stage'], 'closed', FIXED_COLOUR, OPEN_COLOUR],
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 4, 16, 9],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
        },
      },
    ],
  };
}

/** A map with the portal's style, fitted to the city; `onReady` once outlines are drawn. */
function useMap(
  container: RefObject<HTMLDivElement | null>,
  onReady: (map: maplibregl.Map, shift: boolean) => void,
) {
  const ready = useRef(onReady);
  ready.current = onReady;
  useEffect(() => {
    let map: maplibregl.Map | null = null;
    let live = true;
    Promise.all([portalConfig(), areaOutlines()]).then(([config, outlines]) => {
      if (!live || !container.current) return;
      const shift = config.baseMap?.crs === 'GCJ02';
      const [west = 121.3, south = 31.0, east = 121.5, north = 31.2] = config.bbox ?? [];
      const [w, s] = shift ? wgs84ToGcj02(west, south) : [west, south];
      const [e, n] = shift ? wgs84ToGcj02(east, north) : [east, north];
      map = new maplibregl.Map({
        container: container.current,
        style: style(config),
        bounds: [w, s, e, n],
        fitBoundsOptions: { padding: 16 },
        attributionControl: config.baseMap ? { compact: true } : false,
        localIdeographFontFamily: CJK_FONT_FAMILY,
        dragRotate: false,
        pitchWithRotate: false,
      });
      map.touchZoomRotate.disableRotation();
      // browser tests find the map on its element (as the console's city map does)
      (container.current as HTMLDivElement & { xhMap?: maplibregl.Map }).xhMap = map;
      map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
      const m = map;
      m.on('load', () => {
        (m.getSource('areas') as maplibregl.GeoJSONSource).setData(
          shift ? collectionToGcj02(outlines) : outlines,
        );
        ready.current(m, shift);
      });
    });
    return () => {
      live = false;
      map?.remove();
    };
  }, [container]);
}

/** Full-screen: tap where the problem is, confirm. */
export function PlacePicker({
  initial,
  onPick,
  onCancel,
}: {
  initial: { lon: number; lat: number; crs: Crs } | null;
  onPick: (p: { lon: number; lat: number; crs: Crs }) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const [picked, setPicked] = useState<{ lon: number; lat: number; crs: Crs } | null>(initial);
  const marker = useRef<maplibregl.Marker | null>(null);

  useMap(host, (map, shift) => {
    const crs: Crs = shift ? 'GCJ02' : 'WGS84';
    const place = (lon: number, lat: number) => {
      marker.current ??= new maplibregl.Marker({ color: '#f5222d' });
      marker.current.setLngLat([lon, lat]).addTo(map);
    };
    if (initial) {
      // Shown in the map's own system; a WGS84 GPS fix is shifted onto a GCJ02 map.
      const [lon, lat] =
        shift && initial.crs === 'WGS84'
          ? wgs84ToGcj02(initial.lon, initial.lat)
          : [initial.lon, initial.lat];
      place(lon, lat);
      map.jumpTo({ center: [lon, lat], zoom: 16 });
    }
    map.on('click', (e) => {
      place(e.lngLat.lng, e.lngLat.lat);
      setPicked({ lon: e.lngLat.lng, lat: e.lngLat.lat, crs });
    });
  });

  return (
    <div className="c-overlay" role="dialog" aria-modal="true" aria-label={t('c.form.pickOnMap')}>
      <p className="c-overlay-hint">{t('c.map.tapToPick')}</p>
      <div ref={host} className="c-map" data-testid="place-map" />
      <div className="c-overlay-bar">
        <button type="button" className="c-btn" onClick={onCancel}>
          {t('c.map.cancel')}
        </button>
        <button
          type="button"
          className="c-btn c-btn-primary"
          disabled={!picked}
          onClick={() => picked && onPick(picked)}
          data-testid="confirm-place"
        >
          {t('c.map.confirm')}
        </button>
      </div>
    </div>
  );
}

/** Open problems and those fixed in the last 30 days; tap a point for what and when. */
export function PublicMap() {
  const { t, lang } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const [counts, setCounts] = useState<{ open: number; closed: number } | null>(null);
  // the click handler is set once; it reads the language of the moment
  const words = useRef({ t, lang });
  words.current = { t, lang };

  useMap(host, (map, shift) => {
    publicMap().then((fc) => {
      (map.getSource('points') as maplibregl.GeoJSONSource).setData(shift ? collectionToGcj02(fc) : fc);
      const closed = fc.features.filter((f) => f.properties.stage === 'closed').length;
      setCounts({ open: fc.features.length - closed, closed });
    });
    map.on('click', 'points', (e) => {
      const feature = e.features?.[0];
      if (feature?.geometry.type !== 'Point') return;
      const p = feature.properties as MapPoint;
      const w = words.current;
      const zh = w.lang === 'zh';
      // Text nodes, never HTML: the names come from the server.
      const box = document.createElement('div');
      const title = document.createElement('strong');
      title.textContent = zh ? p.name : p.nameEn;
      const line = document.createElement('div');
      line.textContent =
        p.stage === 'closed' && p.closed
          ? w.t('c.map.fixed', { date: p.closed })
          : `${w.t(`c.stage.${p.stage}`)} · ${w.t('c.map.reported', { date: p.reported })}`;
      box.append(title, line);
      new maplibregl.Popup({ closeButton: false })
        .setLngLat(feature.geometry.coordinates as [number, number])
        .setDOMContent(box)
        .addTo(map);
    });
    map.on('mouseenter', 'points', () => {
      map.getCanvas().style.cursor = 'pointer';
    });
    map.on('mouseleave', 'points', () => {
      map.getCanvas().style.cursor = '';
    });
  });

  return (
    <div className="c-page c-map-page">
      <h1 className="c-title">{t('c.map.title')}</h1>
      <p className="c-muted" aria-live="polite" data-testid="map-summary">
        {counts ? t('c.map.summary', counts) : '…'}
      </p>
      <div ref={host} className="c-map c-map-inline" />
      <p className="c-legend">
        <span className="c-dot" style={{ background: OPEN_COLOUR }} /> {t('c.map.legendOpen')}
        <span className="c-dot" style={{ background: FIXED_COLOUR }} /> {t('c.map.legendClosed')}
      </p>
      <p className="c-muted">{t('c.map.privacy')}</p>
    </div>
  );
}
