// The MapLibre map: created once, then fed GeoJSON (outlines, cells, case points) and layer
// switches by React. Case points are clustered in MapLibre's worker; a click on a cluster zooms
// into it, a click on a case opens a popup whose content React renders (portal) so it can use the
// router and the language.

import type { CasePoints } from '@xiuhua/server/contract';
import type { GeoJSONSource, MapGeoJSONFeature } from 'maplibre-gl';
import { type ReactNode, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Lang } from '../../i18n/index.tsx';
import { CJK_FONT_FAMILY, maplibregl } from '../../shared/maplibre.ts';
import { collectionToGcj02, wgs84ToGcj02 } from './gcj02.ts';
import {
  type BaseMap,
  buildStyle,
  CLUSTER,
  EMPTY,
  LAYER_IDS,
  LAYER_KEYS,
  type LayerKey,
  labelPoints,
} from './style.ts';

export type Bbox = [number, number, number, number];

/** A case on the map: the properties of GET /api/cases/points. */
export type CasePointProps = CasePoints['features'][number]['properties'];

export interface CityMapProps {
  baseMap: BaseMap | null;
  lang: Lang;
  layers: Record<LayerKey, boolean>;
  cluster: boolean;
  district?: GeoJSON.FeatureCollection;
  streets?: GeoJSON.FeatureCollection;
  communities?: GeoJSON.FeatureCollection;
  cells?: GeoJSON.FeatureCollection;
  points?: GeoJSON.FeatureCollection;
  /** Fit the view to this WGS84 box whenever it changes. */
  fitTo?: Bbox | null;
  onView?: (view: { zoom: number; bounds: Bbox }) => void;
  renderPopup: (props: CasePointProps, close: () => void) => ReactNode;
}

/** What browser tests and the bench read off the map's container element. */
export interface MapHost extends HTMLDivElement {
  xhMap?: maplibregl.Map;
}

const UI_ZH: Record<string, string> = {
  'NavigationControl.ZoomIn': '放大',
  'NavigationControl.ZoomOut': '缩小',
  'NavigationControl.ResetBearing': '指北',
  'Popup.Close': '关闭',
  'AttributionControl.ToggleAttribution': '版权信息',
  'Map.Title': '地图',
  'ScaleControl.Meters': '米',
  'ScaleControl.Kilometers': '千米',
};

export function CityMap(props: CityMapProps) {
  const hostRef = useRef<MapHost>(null);
  const [map, setMap] = useState<maplibregl.Map | null>(null);
  const [popup, setPopup] = useState<{
    popup: maplibregl.Popup;
    el: HTMLElement;
    props: CasePointProps;
  } | null>(null);
  // Clustering as the style was built with; changed later through setClusterOptions.
  const clusterRef = useRef(props.cluster);
  const onViewRef = useRef(props.onView);
  onViewRef.current = props.onView;
  const shift = props.baseMap?.crs === 'GCJ02';
  const display = (fc: GeoJSON.FeatureCollection | undefined) =>
    fc ? (shift ? collectionToGcj02(fc) : fc) : EMPTY;

  // Create the map once per base map and language of the labels.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the style is rebuilt on lang below
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const m = new maplibregl.Map({
      container: host,
      style: buildStyle(props.baseMap, props.lang === 'en' ? 'nameEn' : 'name', clusterRef.current),
      center: [121.42, 31.08],
      zoom: 10,
      minZoom: 6,
      maxZoom: 19,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      localIdeographFontFamily: CJK_FONT_FAMILY,
      attributionControl: props.baseMap?.attribution ? { compact: true } : false,
      locale: props.lang === 'zh' ? UI_ZH : {},
      fadeDuration: 0,
    });
    m.touchZoomRotate.disableRotation();
    m.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    m.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
    host.xhMap = m;

    const report = () => {
      const b = m.getBounds();
      onViewRef.current?.({
        zoom: m.getZoom(),
        bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
      });
    };
    m.on('moveend', report);
    m.on('load', () => {
      report();
      setMap(m);
    });

    m.on('click', 'case-clusters', async (e) => {
      const feature = e.features?.[0];
      if (!feature) return;
      const source = m.getSource<GeoJSONSource>('cases');
      const zoom = await source?.getClusterExpansionZoom(feature.properties.cluster_id as number);
      if (zoom === undefined) return;
      m.easeTo({
        center: (feature.geometry as GeoJSON.Point).coordinates as [number, number],
        zoom: zoom + 0.2,
      });
    });
    m.on('click', 'case-points', (e) => {
      const feature = e.features?.[0] as MapGeoJSONFeature | undefined;
      if (!feature) return;
      const p = feature.properties as CasePointProps;
      const el = document.createElement('div');
      const opened = new maplibregl.Popup({ maxWidth: '300px', offset: 10, focusAfterOpen: false })
        .setLngLat((feature.geometry as GeoJSON.Point).coordinates as [number, number])
        .setDOMContent(el)
        .addTo(m);
      opened.on('close', () => setPopup((cur) => (cur?.popup === opened ? null : cur)));
      setPopup((cur) => {
        cur?.popup.remove();
        return {
          popup: opened,
          el,
          props: { ...p, id: Number(p.id), unitId: p.unitId === null ? null : Number(p.unitId) },
        };
      });
    });
    for (const layer of ['case-clusters', 'case-points']) {
      m.on('mouseenter', layer, () => {
        m.getCanvas().style.cursor = 'pointer';
      });
      m.on('mouseleave', layer, () => {
        m.getCanvas().style.cursor = '';
      });
    }
    return () => {
      setMap(null);
      setPopup(null);
      host.xhMap = undefined;
      m.remove();
    };
  }, [props.baseMap]);

  // Labels follow the language.
  useEffect(() => {
    if (!map) return;
    const field = props.lang === 'en' ? 'nameEn' : 'name';
    const label = ['coalesce', ['get', field], ['get', 'name']] as maplibregl.ExpressionSpecification;
    for (const id of ['streets-label', 'communities-label']) map.setLayoutProperty(id, 'text-field', label);
  }, [map, props.lang]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: display() depends only on shift
  useEffect(() => {
    if (!map) return;
    for (const [id, data] of [
      ['district', props.district],
      ['streets', props.streets],
      ['communities', props.communities],
      ['cells', props.cells],
      ['streets-labels', props.streets && labelPoints(props.streets)],
      ['communities-labels', props.communities && labelPoints(props.communities)],
    ] as const) {
      map.getSource<GeoJSONSource>(id)?.setData(display(data));
    }
  }, [map, props.district, props.streets, props.communities, props.cells, shift]);

  // Case points: after the worker has clustered them and the frame is drawn, mark it (tests, bench).
  // biome-ignore lint/correctness/useExhaustiveDependencies: display() depends only on shift
  useEffect(() => {
    if (!map || !props.points) return;
    const host = hostRef.current;
    const n = props.points.features.length;
    let cancelled = false;
    // The source counts as loading until the worker has the data, so the next idle frame has
    // drawn it. (Not setData's promise: it may never settle when a cluster change overtakes it.)
    void map.getSource<GeoJSONSource>('cases')?.setData(display(props.points));
    const onIdle = () => {
      if (cancelled || !host) return;
      performance.mark('xh-map-points-rendered', { detail: { points: n } });
      host.dataset.points = String(n);
    };
    map.once('idle', onIdle);
    map.triggerRepaint();
    return () => {
      cancelled = true;
      map.off('idle', onIdle);
    };
  }, [map, props.points, shift]);

  useEffect(() => {
    if (!map || clusterRef.current === props.cluster) return;
    clusterRef.current = props.cluster;
    void map.getSource<GeoJSONSource>('cases')?.setClusterOptions({ cluster: props.cluster, ...CLUSTER });
  }, [map, props.cluster]);

  useEffect(() => {
    if (!map) return;
    for (const key of LAYER_KEYS) {
      for (const id of LAYER_IDS[key]) {
        map.setLayoutProperty(id, 'visibility', props.layers[key] ? 'visible' : 'none');
      }
    }
    if (!props.layers.cases) popup?.popup.remove();
    hostRef.current?.setAttribute('data-layers', LAYER_KEYS.filter((k) => props.layers[k]).join(','));
  }, [map, props.layers, popup]);

  const fitKey = props.fitTo?.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit only when the box itself changes
  useEffect(() => {
    if (!map || !props.fitTo) return;
    const [w, s, e, n] = props.fitTo;
    const sw: [number, number] = shift ? wgs84ToGcj02(w, s) : [w, s];
    const ne: [number, number] = shift ? wgs84ToGcj02(e, n) : [e, n];
    // Leave room for the layer panel on the left when there is space for it.
    const wide = (hostRef.current?.clientWidth ?? 0) > 700;
    map.fitBounds([sw, ne], {
      padding: { top: 24, bottom: 24, right: 24, left: wide ? 210 : 24 },
      duration: 0,
      maxZoom: 16,
    });
  }, [map, fitKey]);

  // Keep the map filling its box when the page around it changes size (sider, phone rotation).
  useEffect(() => {
    if (!map || !hostRef.current) return;
    const observer = new ResizeObserver(() => map.resize());
    observer.observe(hostRef.current);
    return () => observer.disconnect();
  }, [map]);

  return (
    <>
      <div ref={hostRef} data-testid="city-map" style={{ position: 'absolute', inset: 0 }} />
      {popup &&
        createPortal(
          <PopupContent popup={popup.popup}>
            {props.renderPopup(popup.props, () => popup.popup.remove())}
          </PopupContent>,
          popup.el,
        )}
    </>
  );
}

/** Re-place the popup once React has drawn its content (its size decides where it fits). */
function PopupContent({ popup, children }: { popup: maplibregl.Popup; children: ReactNode }) {
  useLayoutEffect(() => {
    popup.setLngLat(popup.getLngLat());
  });
  return <>{children}</>;
}
