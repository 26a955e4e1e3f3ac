// 综合态势: the leaders' overview. Key figures at the top, then open cases by state, warning colour,
// major class and street, the daily trend of reported and closed cases, and on-time closure by
// unit. Every chart switches to a table with the same numbers. Period (default the last 30 days)
// and area filters; all counts are made by the server over what the user may see.

import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type CaseState, STATE_NAMES } from '@xiuhua/domain/workflow';
import type { CatalogueMajor } from '@xiuhua/server/contract';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  TreeSelect,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { EChartsOption } from 'echarts';
import { type ReactNode, useMemo, useState } from 'react';
import { get } from '../../api/client.ts';
import { useAreas, useUnits } from '../../api/hooks.ts';
import { defineMessages, useI18n } from '../../i18n/index.tsx';
import type { Overview } from '../../api/types.ts';
import { COLOUR_HEX, Dot } from '../../shared/tags.tsx';
import { buildAreaTree } from '../map/areaTree.ts';
import { Chart } from './Chart.tsx';

defineMessages({
  'overview.title': { zh: '综合态势', en: 'Overview' },
  'overview.period': { zh: '统计时段', en: 'Period' },
  'overview.area': { zh: '区域', en: 'Area' },
  'overview.allAreas': { zh: '全部辖区', en: 'All my area' },
  'overview.kpi.open': { zh: '在办案件', en: 'Open cases' },
  'overview.kpi.red': { zh: '红灯（超时）', en: 'Red (overdue)' },
  'overview.kpi.warning': { zh: '黄灯/橙灯预警', en: 'Yellow/orange' },
  'overview.kpi.reported': { zh: '期内上报', en: 'Reported in period' },
  'overview.kpi.closed': { zh: '期内结案', en: 'Closed in period' },
  'overview.kpi.onTime': { zh: '按时处置率', en: 'Handled on time' },
  'overview.kpi.onTimeOf': { zh: '{onTime} / {closed} 件', en: '{onTime} of {closed}' },
  'overview.kpi.now': { zh: '当前', en: 'now' },
  'overview.byState': { zh: '在办案件状态分布', en: 'Open cases by state' },
  'overview.byColour': { zh: '在办案件预警分布', en: 'Open cases by warning' },
  'overview.byClass': { zh: '在办案件大类分布', en: 'Open cases by major class' },
  'overview.byArea': { zh: '期内上报街道分布', en: 'Reported in period by street' },
  'overview.trend': { zh: '每日上报与结案', en: 'Reported and closed per day' },
  'overview.onTime': { zh: '单位按时处置率', en: 'On-time handling by unit' },
  'overview.col.state': { zh: '状态', en: 'State' },
  'overview.col.colour': { zh: '预警', en: 'Warning' },
  'overview.col.class': { zh: '大类', en: 'Major class' },
  'overview.col.code': { zh: '编码', en: 'Code' },
  'overview.col.area': { zh: '街道', en: 'Street' },
  'overview.col.day': { zh: '日期', en: 'Day' },
  'overview.col.count': { zh: '件数', en: 'Cases' },
  'overview.col.reported': { zh: '上报', en: 'Reported' },
  'overview.col.closed': { zh: '结案', en: 'Closed' },
  'overview.col.unit': { zh: '处置单位', en: 'Unit' },
  'overview.col.unitClosed': { zh: '结案数', en: 'Closed' },
  'overview.col.onTime': { zh: '按时处置', en: 'On time' },
  'overview.col.rate': { zh: '按时率', en: 'Rate' },
  'overview.colour.none': { zh: '无时限', en: 'No deadline' },
  'overview.kind.component': { zh: '部件', en: 'Component' },
  'overview.kind.event': { zh: '事件', en: 'Event' },
  'overview.asOf': { zh: '数据截至 {time}', en: 'As of {time}' },
});

const defaultPeriod = (): [Dayjs, Dayjs] => [
  dayjs().subtract(29, 'day').startOf('day'),
  dayjs().startOf('day'),
];

const pct = (rate: number) => `${(rate * 100).toFixed(1)}%`;

export default function OverviewPage() {
  const { t, pick, lang } = useI18n();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>(defaultPeriod);
  const [areaCode, setAreaCode] = useState<string | undefined>();
  const query = {
    from: period[0].startOf('day').toISOString(),
    to: period[1].add(1, 'day').startOf('day').toISOString(),
    areaCode,
  };
  const overview = useQuery({
    queryKey: ['stats', 'overview', query],
    queryFn: () => get<Overview>('/api/stats/overview', query),
    placeholderData: keepPreviousData,
  });
  const areas = useAreas();
  const units = useUnits();
  const majors = useQuery({
    queryKey: ['stats', 'majors'],
    queryFn: () => get<CatalogueMajor[]>('/api/catalogue/majors'),
    staleTime: Infinity,
  });
  const areaTree = useMemo(() => buildAreaTree(areas.data ?? [], lang), [areas.data, lang]);

  // Names in the chosen language: the server answers in Chinese, English comes from the reference data.
  const names = useMemo(() => {
    const area = new Map((areas.data ?? []).map((a) => [a.code, a.nameEn ?? a.name]));
    const unit = new Map(
      (units.data ?? []).map((u) => [u.id, (u as { nameEn?: string | null }).nameEn ?? u.name] as const),
    );
    const major = new Map((majors.data ?? []).map((m) => [`${m.kind}:${m.code}`, m.nameEn || m.name]));
    return {
      state: (s: string, zh: string) => pick(STATE_NAMES[s as CaseState], zh),
      colour: (c: string) => (c === 'none' ? t('overview.colour.none') : t(`colour.${c}`)),
      area: (code: string, zh: string) => (lang === 'en' ? (area.get(code) ?? zh) : zh),
      unit: (id: number, zh: string) => (lang === 'en' ? (unit.get(id) ?? zh) : zh),
      major: (kind: string, code: string, zh: string) =>
        lang === 'en' ? (major.get(`${kind}:${code}`) ?? zh) : zh,
    };
  }, [areas.data, units.data, majors.data, lang, pick, t]);

  const d = overview.data;
  const kpi = useMemo(() => {
    if (!d) return null;
    const sum = <T,>(xs: T[], f: (x: T) => number) => xs.reduce((a, x) => a + f(x), 0);
    const colour = (c: string) => d.byColour.find((x) => x.colour === c)?.count ?? 0;
    const closed = sum(d.onTimeByUnit, (u) => u.closed);
    const onTime = sum(d.onTimeByUnit, (u) => u.onTime);
    return {
      open: sum(d.byState, (s) => s.count),
      red: colour('red'),
      warning: colour('yellow') + colour('orange'),
      reported: sum(d.trend, (x) => x.reported),
      closed: sum(d.trend, (x) => x.closed),
      unitClosed: closed,
      onTime,
      rate: closed > 0 ? onTime / closed : null,
    };
  }, [d]);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" styles={{ body: { padding: '8px 12px' } }}>
        <div
          style={{
            display: 'flex',
            flexWrap: 'wrap',
            alignItems: 'center',
            gap: 12,
            justifyContent: 'space-between',
          }}
        >
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('overview.title')}
          </Typography.Title>
          <Form layout="inline" style={{ rowGap: 8 }} data-testid="overview-filters">
            <Form.Item label={t('overview.period')} htmlFor="overview-period" style={{ marginBottom: 0 }}>
              <DatePicker.RangePicker
                id={{ start: 'overview-period' }}
                value={period}
                allowClear={false}
                disabledDate={(day) => day.isAfter(dayjs(), 'day')}
                onChange={(v) => {
                  if (v?.[0] && v[1]) setPeriod([v[0], v[1]]);
                }}
                presets={[
                  {
                    label: lang === 'zh' ? '近7天' : 'Last 7 days',
                    value: [dayjs().subtract(6, 'day'), dayjs()],
                  },
                  {
                    label: lang === 'zh' ? '近30天' : 'Last 30 days',
                    value: [dayjs().subtract(29, 'day'), dayjs()],
                  },
                  {
                    label: lang === 'zh' ? '本月' : 'This month',
                    value: [dayjs().startOf('month'), dayjs()],
                  },
                  {
                    label: lang === 'zh' ? '近90天' : 'Last 90 days',
                    value: [dayjs().subtract(89, 'day'), dayjs()],
                  },
                ]}
                style={{ width: 250 }}
              />
            </Form.Item>
            <Form.Item label={t('overview.area')} htmlFor="overview-area" style={{ marginBottom: 0 }}>
              <TreeSelect
                id="overview-area"
                allowClear
                showSearch={{ treeNodeFilterProp: 'title' }}
                value={areaCode}
                onChange={(v) => setAreaCode(v)}
                placeholder={t('overview.allAreas')}
                treeData={areaTree}
                style={{ width: 200 }}
                popupMatchSelectWidth={false}
              />
            </Form.Item>
            <Form.Item style={{ marginBottom: 0 }}>
              <Button
                icon={<ReloadOutlined spin={overview.isFetching} />}
                onClick={() => void overview.refetch()}
                aria-label={t('common.refresh')}
              />
            </Form.Item>
          </Form>
        </div>
      </Card>

      {overview.isError && <Alert type="error" showIcon title={(overview.error as Error).message} />}

      <Row gutter={[12, 12]} data-testid="kpis">
        <Kpi id="open" title={t('overview.kpi.open')} value={kpi?.open} note={t('overview.kpi.now')} />
        <Kpi
          id="red"
          title={t('overview.kpi.red')}
          value={kpi?.red}
          colour={COLOUR_HEX.red}
          note={t('overview.kpi.now')}
        />
        <Kpi
          id="warning"
          title={t('overview.kpi.warning')}
          value={kpi?.warning}
          colour={COLOUR_HEX.orange}
          note={t('overview.kpi.now')}
        />
        <Kpi id="reported" title={t('overview.kpi.reported')} value={kpi?.reported} />
        <Kpi id="closed" title={t('overview.kpi.closed')} value={kpi?.closed} />
        <Kpi
          id="on-time"
          title={t('overview.kpi.onTime')}
          value={kpi ? (kpi.rate === null ? '—' : pct(kpi.rate)) : undefined}
          colour={
            kpi?.rate !== null && kpi?.rate !== undefined && kpi.rate < 0.9 ? COLOUR_HEX.orange : '#389e0d'
          }
          note={kpi ? t('overview.kpi.onTimeOf', { onTime: kpi.onTime, closed: kpi.unitClosed }) : undefined}
        />
      </Row>

      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <Panel
            id="byState"
            title={t('overview.byState')}
            loading={!d}
            rows={d?.byState ?? []}
            rowKey="state"
            columns={[
              {
                title: t('overview.col.state'),
                dataIndex: 'state',
                render: (s: string, r) => names.state(s, r.name),
              },
              { title: t('overview.col.count'), dataIndex: 'count', align: 'right' },
            ]}
            chart={(rows) => ({
              tooltip: { trigger: 'axis' },
              grid: { left: 40, right: 12, top: 16, bottom: 56 },
              xAxis: {
                type: 'category',
                data: rows.map((r) => names.state(r.state, r.name)),
                axisLabel: { interval: 0, rotate: 35, fontSize: 11 },
              },
              yAxis: { type: 'value', minInterval: 1 },
              series: [
                {
                  type: 'bar',
                  data: rows.map((r) => r.count),
                  barMaxWidth: 28,
                  label: { show: true, position: 'top' },
                },
              ],
            })}
          />
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Panel
            id="byColour"
            title={t('overview.byColour')}
            loading={!d}
            rows={d?.byColour ?? []}
            rowKey="colour"
            columns={[
              {
                title: t('overview.col.colour'),
                dataIndex: 'colour',
                render: (c: string) => (
                  <span>
                    <Dot colour={COLOUR_HEX[c as keyof typeof COLOUR_HEX] ?? '#bfbfbf'} />
                    {names.colour(c)}
                  </span>
                ),
              },
              { title: t('overview.col.count'), dataIndex: 'count', align: 'right' },
            ]}
            chart={(rows) => ({
              tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
              legend: { bottom: 0, itemWidth: 10, itemHeight: 10, textStyle: { fontSize: 11 } },
              series: [
                {
                  type: 'pie',
                  radius: ['42%', '68%'],
                  center: ['50%', '44%'],
                  // on the ring, not outside it: an outside label of a slice at the top (often the
                  // red one) was cut off by the panel's edge
                  label: {
                    position: 'inside',
                    formatter: '{c}',
                    fontSize: 11,
                    fontWeight: 600,
                    color: '#fff',
                    textBorderColor: 'rgba(0,0,0,.45)',
                    textBorderWidth: 2,
                  },
                  labelLine: { show: false },
                  data: rows.map((r) => ({
                    name: names.colour(r.colour),
                    value: r.count,
                    itemStyle: { color: COLOUR_HEX[r.colour as keyof typeof COLOUR_HEX] ?? '#bfbfbf' },
                    ...(r.count === 0 ? { label: { show: false } } : {}),
                  })),
                },
              ],
            })}
          />
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Panel
            id="byClass"
            title={t('overview.byClass')}
            loading={!d}
            rows={d?.byClass ?? []}
            rowKey={(r) => `${r.kind}:${r.code}`}
            columns={[
              {
                title: t('overview.col.code'),
                dataIndex: 'code',
                width: 90,
                render: (code: string, r) => `${t(`overview.kind.${r.kind}`)} ${code}`,
              },
              {
                title: t('overview.col.class'),
                dataIndex: 'name',
                render: (n: string, r) => names.major(r.kind, r.code, n),
              },
              { title: t('overview.col.count'), dataIndex: 'count', align: 'right' },
            ]}
            chart={(rows) => {
              const top = rows.slice(0, 10).reverse();
              return {
                tooltip: { trigger: 'axis' },
                grid: { left: 8, right: 28, top: 8, bottom: 8, containLabel: true },
                xAxis: { type: 'value', minInterval: 1 },
                yAxis: {
                  type: 'category',
                  data: top.map((r) => names.major(r.kind, r.code, r.name)),
                  axisLabel: { fontSize: 11, width: 90, overflow: 'truncate' },
                },
                series: [
                  {
                    type: 'bar',
                    data: top.map((r) => r.count),
                    barMaxWidth: 16,
                    label: { show: true, position: 'right' },
                  },
                ],
              };
            }}
          />
        </Col>
        <Col xs={24} xl={12}>
          <Panel
            id="trend"
            title={t('overview.trend')}
            loading={!d}
            rows={d?.trend ?? []}
            rowKey="day"
            columns={[
              { title: t('overview.col.day'), dataIndex: 'day' },
              { title: t('overview.col.reported'), dataIndex: 'reported', align: 'right' },
              { title: t('overview.col.closed'), dataIndex: 'closed', align: 'right' },
            ]}
            chart={(rows) => ({
              tooltip: { trigger: 'axis' },
              legend: { top: 0, right: 8, itemWidth: 14, textStyle: { fontSize: 11 } },
              grid: { left: 36, right: 12, top: 28, bottom: 28 },
              xAxis: { type: 'category', boundaryGap: false, data: rows.map((r) => r.day.slice(5)) },
              yAxis: { type: 'value', minInterval: 1 },
              series: [
                {
                  name: t('overview.col.reported'),
                  type: 'line',
                  symbolSize: 5,
                  areaStyle: { opacity: 0.08 },
                  data: rows.map((r) => r.reported),
                },
                {
                  name: t('overview.col.closed'),
                  type: 'line',
                  symbolSize: 5,
                  areaStyle: { opacity: 0.08 },
                  data: rows.map((r) => r.closed),
                },
              ],
            })}
          />
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Panel
            id="byArea"
            title={t('overview.byArea')}
            loading={!d}
            rows={d?.byArea ?? []}
            rowKey="code"
            columns={[
              {
                title: t('overview.col.area'),
                dataIndex: 'name',
                render: (n: string, r) => names.area(r.code, n),
              },
              { title: t('overview.col.count'), dataIndex: 'count', align: 'right' },
            ]}
            chart={(rows) => ({
              tooltip: { trigger: 'axis' },
              grid: { left: 36, right: 12, top: 16, bottom: 8, containLabel: true },
              xAxis: {
                type: 'category',
                data: rows.map((r) => names.area(r.code, r.name)),
                // Long (English) names or many streets: slant and cut them rather than overlap.
                axisLabel: {
                  interval: 0,
                  fontSize: 11,
                  rotate: rows.length > 4 || rows.some((r) => names.area(r.code, r.name).length > 6) ? 30 : 0,
                  width: 90,
                  overflow: 'truncate',
                },
              },
              yAxis: { type: 'value', minInterval: 1 },
              series: [
                {
                  type: 'bar',
                  data: rows.map((r) => r.count),
                  barMaxWidth: 32,
                  itemStyle: { color: '#13c2c2' },
                  label: { show: true, position: 'top' },
                },
              ],
            })}
          />
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Panel
            id="onTime"
            title={t('overview.onTime')}
            loading={!d}
            rows={d?.onTimeByUnit ?? []}
            rowKey="unitId"
            columns={[
              {
                title: t('overview.col.unit'),
                dataIndex: 'name',
                render: (n: string, r) => names.unit(r.unitId, n),
              },
              { title: t('overview.col.unitClosed'), dataIndex: 'closed', align: 'right', width: 64 },
              { title: t('overview.col.onTime'), dataIndex: 'onTime', align: 'right', width: 72 },
              {
                title: t('overview.col.rate'),
                dataIndex: 'rate',
                align: 'right',
                width: 72,
                render: (r: number) => pct(r),
              },
            ]}
            chart={(rows) => {
              const top = rows.slice(0, 10).reverse();
              return {
                tooltip: {
                  trigger: 'axis',
                  valueFormatter: (v) => `${Number(v).toFixed(1)}%`,
                },
                grid: { left: 8, right: 44, top: 8, bottom: 8, containLabel: true },
                xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
                yAxis: {
                  type: 'category',
                  data: top.map((r) => names.unit(r.unitId, r.name)),
                  axisLabel: { fontSize: 11, width: 96, overflow: 'truncate' },
                },
                series: [
                  {
                    type: 'bar',
                    barMaxWidth: 16,
                    data: top.map((r) => ({
                      value: Math.round(r.rate * 1000) / 10,
                      itemStyle: { color: r.rate >= 0.9 ? '#52c41a' : r.rate >= 0.7 ? '#faad14' : '#f5222d' },
                    })),
                    label: { show: true, position: 'right', formatter: '{c}%' },
                  },
                ],
              };
            }}
          />
        </Col>
      </Row>
      {d && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('overview.asOf', { time: dayjs(overview.dataUpdatedAt).format('YYYY-MM-DD HH:mm:ss') })}
        </Typography.Text>
      )}
    </Space>
  );
}

function Kpi({
  id,
  title,
  value,
  colour,
  note,
}: {
  id: string;
  title: string;
  value: number | string | undefined;
  colour?: string;
  note?: string;
}) {
  return (
    <Col xs={12} md={8} xl={4}>
      <Card size="small" styles={{ body: { padding: '10px 14px' } }}>
        <Statistic
          title={
            <span>
              {title}
              {note && <span style={{ color: '#bfbfbf', marginInlineStart: 6, fontSize: 12 }}>{note}</span>}
            </span>
          }
          value={value ?? '—'}
          loading={value === undefined}
          styles={{ content: { color: colour, fontSize: 24, fontWeight: 600 } }}
        />
        <span data-testid={`kpi-${id}`} data-value={value ?? ''} hidden />
      </Card>
    </Col>
  );
}

function Panel<T extends object>({
  id,
  title,
  rows,
  rowKey,
  columns,
  chart,
  loading,
}: {
  id: string;
  title: string;
  rows: T[];
  rowKey: keyof T | ((row: T) => string);
  columns: TableColumnsType<T>;
  chart: (rows: T[]) => EChartsOption;
  loading: boolean;
}): ReactNode {
  const { t } = useI18n();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const height = 260;
  return (
    <Card
      size="small"
      title={title}
      data-testid={`panel-${id}`}
      extra={
        <Segmented
          size="small"
          value={view}
          onChange={(v) => setView(v as 'chart' | 'table')}
          options={[
            { label: t('common.chart'), value: 'chart' },
            { label: t('common.table'), value: 'table' },
          ]}
          data-testid={`switch-${id}`}
        />
      }
      styles={{ body: { padding: view === 'table' ? 0 : 8, height } }}
    >
      {loading ? null : rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} style={{ paddingTop: 60 }} />
      ) : view === 'chart' ? (
        <Chart option={chart(rows)} height={height - 16} testId={`chart-${id}`} />
      ) : (
        <Table<T>
          size="small"
          rowKey={rowKey as string}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ y: height - 40 }}
          data-testid={`table-${id}`}
        />
      )}
    </Card>
  );
}
