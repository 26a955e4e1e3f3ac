// 地图: the city's areas and the open cases the user may see, coloured by warning, clustered, with
// filters (class, state, colour, unit, area, period). Works without any tile server; a raster
// base map is drawn underneath when the server is configured with one.

import { ControlOutlined, FilterOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { CASE_STATES, type CaseState, OPEN_STATES, STATE_NAMES } from '@xiuhua/domain/workflow';
import type { ConsoleConfig } from '@xiuhua/server/contract';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Divider,
  Form,
  Grid,
  Select,
  Space,
  Spin,
  TreeSelect,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { get } from '../../api/client.ts';
import { useAreas, useCase, useMe, useUnits } from '../../api/hooks.ts';
import type { CatalogueClass, Colour } from '../../api/types.ts';
import { defineMessages, useI18n } from '../../i18n/index.tsx';
import { COLOUR_HEX, ColourDot, Dot, formatTime, StateTag } from '../../shared/tags.tsx';
import { buildAreaTree } from './areaTree.ts';
import { type Bbox, type CasePointProps, CityMap } from './CityMap.tsx';
import { bboxOf, LAYER_KEYS, type LayerKey, NO_COLOUR } from './style.ts';

defineMessages({
  'map.class': { zh: '案件类别', en: 'Class' },
  'map.classPlaceholder': { zh: '输入名称、编码或拼音首字母', en: 'Name, code or pinyin initials' },
  'map.state': { zh: '状态', en: 'State' },
  'map.statePlaceholder': { zh: '全部在办', en: 'All open' },
  'map.colour': { zh: '预警', en: 'Warning' },
  'map.unit': { zh: '处置单位', en: 'Unit' },
  'map.area': { zh: '区域', en: 'Area' },
  'map.period': { zh: '上报时段', en: 'Reported' },
  'map.filters': { zh: '筛选', en: 'Filters' },
  'map.layers': { zh: '图层', en: 'Layers' },
  'map.layer.district': { zh: '区界', en: 'District' },
  'map.layer.streets': { zh: '街道', en: 'Streets' },
  'map.layer.communities': { zh: '社区', en: 'Communities' },
  'map.layer.cells': { zh: '单元网格', en: 'Unit cells' },
  'map.layer.cases': { zh: '案件', en: 'Cases' },
  'map.cluster': { zh: '聚合显示', en: 'Cluster' },
  'map.cellsHint': {
    zh: '放大地图或选择街道、社区后显示',
    en: 'Zoom in or pick a street or community',
  },
  'map.legend': { zh: '图例', en: 'Legend' },
  'map.legend.none': { zh: '无时限（挂账等）', en: 'No deadline (suspended…)' },
  'map.legend.cluster': { zh: '聚合：外圈为其中最高预警', en: 'Cluster: ring shows its worst warning' },
  'map.shown': { zh: '地图显示 {n} 件', en: '{n} cases on the map' },
  'map.truncated': {
    zh: '符合条件的案件超过 {n} 件，仅显示最新的 {n} 件，请缩小筛选范围。',
    en: 'More than {n} cases match; the newest {n} are shown. Narrow the filters.',
  },
  'map.popup.open': { zh: '查看详情', en: 'Open case' },
  'map.popup.reported': { zh: '上报', en: 'Reported' },
  'map.updated': { zh: '更新于 {time}', en: 'Updated {time}' },
});

/** Most case points the map asks for; more means narrower filters. */
const POINTS_LIMIT = 20_000;
const CELLS_MIN_ZOOM = 14;
const CELLS_MAX_STREETS = 6;
const LAYERS_KEY = 'xh.map.layers';

type Layers = Record<LayerKey, boolean> & { cluster: boolean };
const DEFAULT_LAYERS: Layers = {
  district: true,
  streets: true,
  communities: true,
  cells: false,
  cases: true,
  cluster: true,
};

function loadLayers(): Layers {
  try {
    const stored = JSON.parse(localStorage.getItem(LAYERS_KEY) ?? '{}') as Partial<Layers>;
    return { ...DEFAULT_LAYERS, ...stored };
  } catch {
    return DEFAULT_LAYERS;
  }
}

interface Filters {
  cls?: { value: string; label: string };
  state?: CaseState[];
  colour?: Colour[];
  unitId?: number;
  areaCode?: string;
  period?: [Dayjs, Dayjs] | null;
}

type Outline = GeoJSON.FeatureCollection<
  GeoJSON.Polygon | GeoJSON.MultiPolygon,
  { code: string; name: string }
>;
type Points = GeoJSON.FeatureCollection<GeoJSON.Point, CasePointProps> & { truncated: boolean };

function useOutline(level: 'district' | 'street' | 'community') {
  return useQuery({
    queryKey: ['map', 'outline', level],
    queryFn: () => get<Outline>('/api/areas/geometry', { level }),
    staleTime: Infinity,
  });
}

export default function MapPage() {
  const { t, lang } = useI18n();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const me = useMe().data;
  const [filters, setFilters] = useState<Filters>({});
  const [layers, setLayersState] = useState<Layers>(loadLayers);
  const [showFilters, setShowFilters] = useState(false);
  // Folded on a phone at first (breakpoints are not known on the first render).
  const [showPanel, setShowPanel] = useState(() => window.innerWidth >= 768);
  const [view, setView] = useState<{ zoom: number; bounds: Bbox } | null>(null);
  const setLayers = (next: Layers) => {
    setLayersState(next);
    localStorage.setItem(LAYERS_KEY, JSON.stringify(next));
  };

  const config = useQuery({
    queryKey: ['map', 'config'],
    queryFn: () => get<ConsoleConfig>('/api/console-config'),
    staleTime: Infinity,
  });
  const district = useOutline('district');
  const streets = useOutline('street');
  const communities = useOutline('community');

  const pointsQuery = {
    state: filters.state?.length ? filters.state : OPEN_STATES,
    colour: filters.colour,
    classCode: filters.cls?.value,
    unitId: filters.unitId,
    areaCode: filters.areaCode,
    from: filters.period?.[0].startOf('day').toISOString(),
    to: filters.period?.[1].add(1, 'day').startOf('day').toISOString(),
    limit: POINTS_LIMIT,
  };
  const points = useQuery({
    queryKey: ['points', 'cases', pointsQuery],
    queryFn: () => get<Points>('/api/cases/points', pointsQuery),
    placeholderData: keepPreviousData,
    // Live updates would refetch thousands of points on every change; a minute is fresh enough.
    refetchInterval: 60_000,
  });

  // Unit cells: for the chosen street or community, else for the streets in view once zoomed in.
  const streetBoxes = useMemo(
    () => (streets.data?.features ?? []).map((f) => ({ code: f.properties.code, box: bboxOf([f]) })),
    [streets.data],
  );
  const cellAreas = useMemo(() => {
    if (!layers.cells) return [];
    if (filters.areaCode && filters.areaCode.length >= 9) return [filters.areaCode];
    if (!view || view.zoom < CELLS_MIN_ZOOM) return [];
    const [w, s, e, n] = view.bounds;
    return streetBoxes
      .filter(({ box }) => box && box[0] <= e && box[2] >= w && box[1] <= n && box[3] >= s)
      .map(({ code }) => code)
      .slice(0, CELLS_MAX_STREETS);
  }, [layers.cells, filters.areaCode, view, streetBoxes]);
  const cells = useQueries({
    queries: cellAreas.map((code) => ({
      queryKey: ['map', 'cells', code],
      queryFn: () => get<GeoJSON.FeatureCollection>('/api/grid/cells', { areaCode: code }),
      staleTime: Infinity,
    })),
    combine: (results) => results.map((r) => r.data),
  });
  const cellsData = useMemo<GeoJSON.FeatureCollection>(
    () => ({ type: 'FeatureCollection', features: cells.flatMap((c) => c?.features ?? []) }),
    [cells],
  );

  // Open on the chosen area, else on the user's own area, else on the whole district.
  const outlinesReady = district.isFetched && streets.isFetched && communities.isFetched;
  const fitTo = useMemo(() => {
    if (!outlinesReady) return null;
    const all = [district.data, streets.data, communities.data].flatMap((fc) => fc?.features ?? []);
    for (const code of [filters.areaCode, me?.area.code]) {
      const hit = code ? all.find((f) => f.properties.code === code) : undefined;
      if (hit) return bboxOf([hit]);
    }
    return district.data ? bboxOf(district.data.features) : null;
  }, [outlinesReady, filters.areaCode, me?.area.code, district.data, streets.data, communities.data]);

  const shown = points.data?.features.length;
  const filterForm = <FilterBar filters={filters} onChange={setFilters} narrow={narrow} />;

  return (
    <div
      style={{
        display: 'flex',
        flexDirection: 'column',
        gap: 8,
        height: 'calc(100vh - 72px)',
        minHeight: 520,
      }}
    >
      <Card size="small" styles={{ body: { padding: narrow ? 8 : '8px 12px' } }}>
        {narrow ? (
          <>
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <Button
                icon={<FilterOutlined />}
                onClick={() => setShowFilters((v) => !v)}
                aria-expanded={showFilters}
              >
                {t('map.filters')}
              </Button>
              <Button
                icon={<ControlOutlined />}
                onClick={() => setShowPanel((v) => !v)}
                aria-expanded={showPanel}
              >
                {t('map.layers')}
              </Button>
            </Space>
            {showFilters && <div style={{ marginTop: 8 }}>{filterForm}</div>}
          </>
        ) : (
          filterForm
        )}
      </Card>
      {points.data?.truncated && (
        <Alert
          type="warning"
          showIcon
          title={t('map.truncated', { n: shown ?? 0 })}
          data-testid="points-truncated"
        />
      )}
      <div
        style={{
          position: 'relative',
          flex: 1,
          minHeight: 360,
          border: '1px solid #e8e8e8',
          borderRadius: 4,
          overflow: 'hidden',
          background: '#f2f4f7',
        }}
      >
        {config.isPending ? (
          <Spin style={{ margin: 48 }} />
        ) : (
          <CityMap
            baseMap={config.data?.baseMap ?? null}
            lang={lang}
            layers={layers}
            cluster={layers.cluster}
            district={district.data}
            streets={streets.data}
            communities={communities.data}
            cells={cellsData}
            points={points.data}
            fitTo={fitTo}
            onView={setView}
            renderPopup={(p) => <CasePopup point={p} />}
          />
        )}
        {showPanel && (
          <LayerPanel
            layers={layers}
            onChange={setLayers}
            cellsHint={layers.cells && cellAreas.length === 0}
            cellsLoading={cells.some((c) => c === undefined)}
          />
        )}
        <div
          data-testid="map-status"
          style={{
            position: 'absolute',
            left: 8,
            bottom: 8,
            zIndex: 2,
            background: 'rgba(255,255,255,.92)',
            border: '1px solid #e8e8e8',
            borderRadius: 4,
            padding: '2px 8px',
            fontSize: 12,
          }}
        >
          <Space size={8}>
            <span>{shown === undefined ? t('common.loading') : t('map.shown', { n: shown })}</span>
            {points.dataUpdatedAt > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} className="xh-hide-narrow">
                {t('map.updated', { time: new Date(points.dataUpdatedAt).toLocaleTimeString('zh-CN') })}
              </Typography.Text>
            )}
            <Button
              size="small"
              type="text"
              icon={<ReloadOutlined spin={points.isFetching} />}
              onClick={() => void points.refetch()}
              aria-label={t('common.refresh')}
            />
          </Space>
        </div>
      </div>
    </div>
  );
}

function FilterBar({
  filters,
  onChange,
  narrow,
}: {
  filters: Filters;
  onChange: (f: Filters) => void;
  narrow: boolean;
}) {
  const { t, pick, lang } = useI18n();
  const [classQ, setClassQ] = useState('');
  const classes = useQuery({
    queryKey: ['map', 'classes', classQ],
    queryFn: () =>
      get<CatalogueClass[]>('/api/catalogue/classes', classQ ? { q: classQ, limit: 30 } : { limit: 500 }),
    staleTime: 5 * 60_000,
    placeholderData: keepPreviousData,
  });
  const units = useUnits();
  const areas = useAreas();
  const areaTree = useMemo(() => buildAreaTree(areas.data ?? [], lang), [areas.data, lang]);
  const width = narrow ? '100%' : undefined;
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });

  return (
    <Form
      layout={narrow ? 'vertical' : 'inline'}
      size="middle"
      style={{ rowGap: 8 }}
      data-testid="map-filters"
    >
      <Form.Item label={t('map.class')} htmlFor="map-class" style={{ marginBottom: narrow ? 8 : 0 }}>
        <Select
          id="map-class"
          showSearch={{ filterOption: false, onSearch: setClassQ }}
          labelInValue
          allowClear
          value={filters.cls}
          onChange={(v) => {
            set({ cls: v ? { value: v.value, label: String(v.label) } : undefined });
            setClassQ('');
          }}
          placeholder={t('map.classPlaceholder')}
          style={{ width: width ?? 220 }}
          loading={classes.isFetching}
          options={(classes.data ?? []).map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))}
          popupMatchSelectWidth={false}
        />
      </Form.Item>
      <Form.Item label={t('map.state')} htmlFor="map-state" style={{ marginBottom: narrow ? 8 : 0 }}>
        <Select
          id="map-state"
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          value={filters.state ?? []}
          onChange={(v) => set({ state: v })}
          placeholder={t('map.statePlaceholder')}
          style={{ width: width ?? 200 }}
          options={CASE_STATES.map((s) => ({ value: s, label: pick(STATE_NAMES[s], s) }))}
        />
      </Form.Item>
      <Form.Item label={t('map.colour')} htmlFor="map-colour" style={{ marginBottom: narrow ? 8 : 0 }}>
        <Select
          id="map-colour"
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          value={filters.colour ?? []}
          onChange={(v) => set({ colour: v })}
          placeholder={t('common.all')}
          style={{ width: width ?? 170 }}
          options={(['red', 'orange', 'yellow', 'blue'] as const).map((c) => ({
            value: c,
            label: <ColourDot colour={c} />,
          }))}
        />
      </Form.Item>
      <Form.Item label={t('map.unit')} htmlFor="map-unit" style={{ marginBottom: narrow ? 8 : 0 }}>
        <Select
          id="map-unit"
          showSearch={{ optionFilterProp: 'label' }}
          allowClear
          value={filters.unitId}
          onChange={(v) => set({ unitId: v })}
          placeholder={t('common.all')}
          style={{ width: width ?? 180 }}
          popupMatchSelectWidth={false}
          options={(units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
        />
      </Form.Item>
      <Form.Item label={t('map.area')} htmlFor="map-area" style={{ marginBottom: narrow ? 8 : 0 }}>
        <TreeSelect
          id="map-area"
          allowClear
          showSearch={{ treeNodeFilterProp: 'title' }}
          value={filters.areaCode}
          onChange={(v) => set({ areaCode: v })}
          placeholder={t('common.all')}
          style={{ width: width ?? 180 }}
          popupMatchSelectWidth={false}
          treeData={areaTree}
          treeDefaultExpandAll={false}
        />
      </Form.Item>
      <Form.Item label={t('map.period')} htmlFor="map-period" style={{ marginBottom: narrow ? 8 : 0 }}>
        <DatePicker.RangePicker
          id={{ start: 'map-period' }}
          value={filters.period ?? null}
          onChange={(v) => set({ period: v?.[0] && v[1] ? [v[0], v[1]] : null })}
          allowClear
          style={{ width: width ?? 240 }}
        />
      </Form.Item>
      <Form.Item style={{ marginBottom: 0 }}>
        <Button onClick={() => onChange({})} data-testid="map-reset">
          {t('common.reset')}
        </Button>
      </Form.Item>
    </Form>
  );
}

function LayerPanel({
  layers,
  onChange,
  cellsHint,
  cellsLoading,
}: {
  layers: Layers;
  onChange: (l: Layers) => void;
  cellsHint: boolean;
  cellsLoading: boolean;
}) {
  const { t } = useI18n();
  const legend: { colour: string; label: string }[] = [
    ...(['blue', 'yellow', 'orange', 'red'] as const).map((c) => ({
      colour: COLOUR_HEX[c],
      label: t(`colour.${c}`),
    })),
    { colour: NO_COLOUR, label: t('map.legend.none') },
  ];
  return (
    <Card
      size="small"
      title={t('map.layers')}
      data-testid="layer-panel"
      style={{
        position: 'absolute',
        top: 8,
        left: 8,
        zIndex: 2,
        width: 190,
        boxShadow: '0 1px 4px rgba(0,0,0,.12)',
      }}
      styles={{ header: { minHeight: 32 }, body: { padding: '6px 12px 10px' } }}
    >
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        {LAYER_KEYS.map((key) => (
          <Checkbox
            key={key}
            checked={layers[key]}
            onChange={(e) => onChange({ ...layers, [key]: e.target.checked })}
            data-testid={`layer-${key}`}
          >
            {t(`map.layer.${key}`)}
            {key === 'cells' && cellsLoading && <Spin size="small" style={{ marginInlineStart: 6 }} />}
          </Checkbox>
        ))}
        {cellsHint && (
          <Typography.Text type="secondary" style={{ fontSize: 12, paddingInlineStart: 24 }}>
            {t('map.cellsHint')}
          </Typography.Text>
        )}
        <Checkbox
          checked={layers.cluster}
          disabled={!layers.cases}
          onChange={(e) => onChange({ ...layers, cluster: e.target.checked })}
          data-testid="layer-cluster"
          style={{ paddingInlineStart: 24 }}
        >
          {t('map.cluster')}
        </Checkbox>
      </Space>
      <Divider style={{ margin: '8px 0' }} />
      <div data-testid="map-legend" style={{ fontSize: 12, lineHeight: '20px' }}>
        <Typography.Text strong style={{ fontSize: 12 }}>
          {t('map.legend')}
        </Typography.Text>
        {legend.map((l) => (
          <div key={l.label}>
            <Dot colour={l.colour} />
            {l.label}
          </div>
        ))}
        <div>
          <span
            aria-hidden
            style={{
              display: 'inline-block',
              width: 12,
              height: 12,
              borderRadius: 6,
              background: '#fff',
              border: `3px solid ${COLOUR_HEX.red}`,
              marginInlineEnd: 5,
              verticalAlign: -2,
            }}
          />
          {t('map.legend.cluster')}
        </div>
      </div>
    </Card>
  );
}

function CasePopup({ point }: { point: CasePointProps }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const detail = useCase(point.id);
  const c = detail.data;
  const href = `/cases/${point.id}`;
  const open = (e: React.MouseEvent) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey) return; // let the browser open a new tab
    e.preventDefault();
    navigate(href);
  };
  const row = (label: string, value: React.ReactNode) => (
    <tr>
      <th
        style={{
          textAlign: 'start',
          fontWeight: 400,
          color: '#8c8c8c',
          whiteSpace: 'nowrap',
          paddingInlineEnd: 8,
        }}
      >
        {label}
      </th>
      <td>{value}</td>
    </tr>
  );
  return (
    <div data-testid="case-popup" data-case-id={point.id} style={{ minWidth: 220, fontSize: 12 }}>
      <div style={{ fontWeight: 600, fontSize: 13, marginBottom: 4 }}>
        <a href={href} onClick={open}>
          {point.number}
        </a>
      </div>
      <table style={{ borderCollapse: 'collapse', lineHeight: '20px' }}>
        <tbody>
          {row(t('case.class'), c ? c.className : point.classCode)}
          {row(t('case.state'), <StateTag state={point.state as CaseState} />)}
          {row(t('case.colour'), <ColourDot colour={point.colour as Colour | null} />)}
          {c?.assigneeUnit && row(t('case.unit'), c.assigneeUnit.name)}
          {c && row(t('case.address'), c.address ?? `${c.area.streetName} ${c.area.communityName}`)}
          {c && row(t('map.popup.reported'), formatTime(c.reportedAt))}
        </tbody>
      </table>
      <Button
        type="primary"
        size="small"
        href={href}
        onClick={open}
        style={{ marginTop: 6 }}
        data-testid="popup-open"
      >
        {t('map.popup.open')}
      </Button>
    </div>
  );
}
