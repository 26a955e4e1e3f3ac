// One subject of a scheme: its score, grade, rank, flag and trend; the indicator breakdown (value,
// numerator, denominator, and what each counts in plain words) or the deductions of a 100-point
// scheme or the months of a quarter; the score and rank over recent periods (ECharts, or as a
// table); and the drill-down: a numerator or denominator opens the cases behind it.

import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQueries, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { EChartsOption } from 'echarts';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useI18n } from '../../i18n/index.tsx';
import { Chart } from '../overview/Chart.tsx';
import { useAssessmentParams } from './params.ts';
import {
  type FigureOut,
  type Scheme,
  type Side,
  type SubjectResult,
  subjectResultQuery,
  useDrilldown,
  useFindings,
  useSchemes,
} from './api.ts';
import {
  correctionText,
  FlagTag,
  fmtMoney,
  fmtRate,
  fmtScore,
  fmtTime,
  GradeTag,
  PeriodPicker,
  StatusBadge,
  Trend,
  useNames,
} from './common.tsx';
import { periodInfo, recentKeys } from './period.ts';

const HISTORY: Record<string, number> = { month: 6, week: 8, quarter: 4, year: 3, custom: 4, day: 7 };

export default function SubjectView() {
  const { t } = useI18n();
  const { schemeId, subjectId = '' } = useParams();
  const { period, set } = useAssessmentParams();
  const id = Number(schemeId);
  const schemes = useSchemes();
  const scheme = schemes.data?.find((s) => s.id === id);
  const names = useNames();
  const result = useQuery({ ...subjectResultQuery(id, subjectId, period), enabled: Number.isFinite(id) });
  const data = result.data;
  const row = data?.row;
  const monthly = data?.period.kind === 'quarter' || data?.period.kind === 'year';

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="subject-page">
      <Card size="small" styles={{ body: { padding: '8px 12px' } }}>
        <Space wrap size={12} style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap size={8}>
            <Link to={`/assessment?scheme=${id}&period=${encodeURIComponent(period)}`}>
              <Button size="small" icon={<ArrowLeftOutlined />}>
                {t('as.subject.back')}
              </Button>
            </Link>
            <Typography.Title level={5} style={{ margin: 0 }} data-testid="subject-name">
              {row ? names.subject(row.subject) : subjectId}
            </Typography.Title>
            {scheme && <Typography.Text type="secondary">{names.scheme(scheme)}</Typography.Text>}
            {data && <StatusBadge results={data} />}
          </Space>
          <PeriodPicker value={period} onChange={(key) => set({ period: key })} />
        </Space>
      </Card>

      {result.isError && <Alert type="error" showIcon title={(result.error as Error).message} />}

      {data && row && scheme && (
        <>
          <Headline data={data} scheme={scheme} />
          <Row gutter={[8, 8]}>
            <Col xs={24} xl={14}>
              {monthly ? (
                <MonthsCard data={data} />
              ) : scheme.kind === 'composite' ? (
                <BreakdownCard data={data} scheme={scheme} />
              ) : (
                <DeductionsCard data={data} scheme={scheme} />
              )}
            </Col>
            <Col xs={24} xl={10}>
              <HistoryCard schemeId={id} subjectId={subjectId} period={period} />
            </Col>
          </Row>
        </>
      )}
    </Space>
  );
}

function Headline({ data, scheme }: { data: SubjectResult; scheme: Scheme }) {
  const { t } = useI18n();
  const row = data.row;
  return (
    <Card size="small" data-testid="subject-headline">
      <Row gutter={[16, 8]} align="middle">
        <Col xs={12} md={4}>
          <Statistic
            title={t('as.col.score')}
            value={fmtScore(row.score)}
            styles={{ content: { fontWeight: 600 } }}
          />
        </Col>
        <Col xs={12} md={4}>
          <div className="ant-statistic-title" style={{ color: '#8c8c8c', marginBottom: 4 }}>
            {t('as.col.grade')}
          </div>
          <GradeTag grade={row.grade} bands={scheme.config.grades} />
        </Col>
        <Col xs={12} md={5}>
          <Statistic
            title={`${t('as.col.rank')}${row.tier.code === 'default' ? '' : ` · ${row.tier.name}`}`}
            value={row.rank === null ? '—' : t('as.subject.rankOf', { rank: row.rank, n: data.tierSize })}
          />
        </Col>
        <Col xs={12} md={4}>
          <div style={{ color: '#8c8c8c', marginBottom: 4 }}>{t('as.col.flag')}</div>
          <FlagTag flag={row.flag} />
          {!row.flag && '—'}
        </Col>
        <Col xs={24} md={7}>
          <div style={{ color: '#8c8c8c', marginBottom: 4 }}>{t('as.col.trend')}</div>
          <Trend score={row.score} rank={row.rank} previous={row.previous} />
          {row.previous?.score !== null && row.previous !== null && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
              {t('as.subject.previous', { score: fmtScore(row.previous.score) })}
            </Typography.Text>
          )}
        </Col>
      </Row>
      {row.fund && (
        <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('as.subject.fund')}>
            {fmtMoney(row.fund.amount)} · {t('as.subject.group', { group: row.fund.group })}
          </Descriptions.Item>
        </Descriptions>
      )}
      {row.corrections.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 8 }}
          title={row.corrections.map((c) => correctionText(t, c)).join('；')}
        />
      )}
    </Card>
  );
}

function BreakdownCard({ data, scheme }: { data: SubjectResult; scheme: Scheme }) {
  const { t, pick } = useI18n();
  const names = useNames();
  const [pickd, setPick] = useState<{ indicator: string; side: Side } | null>(null);
  const weights = data.weights.length > 0 ? data.weights : scheme.config.weights;
  const rows = weights.map((w) => ({
    ...w,
    figure: data.row.figures.find((f) => f.indicator === w.indicator) as FigureOut | undefined,
  }));
  const side = (indicator: string, which: Side, n: number | undefined) => (
    <Button
      type="link"
      size="small"
      style={{
        padding: 0,
        fontWeight: pickd?.indicator === indicator && pickd.side === which ? 600 : undefined,
      }}
      onClick={() => setPick({ indicator, side: which })}
      data-testid={`${which === 'numerator' ? 'num' : 'den'}-${indicator}`}
      data-value={n ?? ''}
    >
      {n ?? '—'}
    </Button>
  );
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Card size="small" title={t('as.subject.breakdown')} styles={{ body: { padding: 0 } }}>
        <Table
          size="small"
          rowKey="indicator"
          dataSource={rows}
          pagination={false}
          data-testid="breakdown"
          columns={[
            {
              title: t('as.col.indicator'),
              dataIndex: 'indicator',
              width: 140,
              render: (id: string) => {
                const def = names.indicators.get(id);
                return (
                  <Tooltip title={def?.better === 'lower' ? t('as.lowerBetter') : undefined}>
                    <span>
                      {names.indicator(id)}
                      {def?.better === 'lower' && ' ↓'}
                    </span>
                  </Tooltip>
                );
              },
            },
            { title: t('as.col.weight'), dataIndex: 'weight', width: 56, align: 'right' },
            {
              title: t('as.col.value'),
              key: 'value',
              width: 80,
              align: 'right',
              render: (_, r) =>
                r.figure?.value === null ? (
                  <Tooltip title={t('as.notApplicable')}>
                    <span>—</span>
                  </Tooltip>
                ) : (
                  <strong>{fmtRate(r.figure?.value)}</strong>
                ),
            },
            {
              title: t('as.col.numerator'),
              key: 'n',
              width: 64,
              align: 'right',
              render: (_, r) => side(r.indicator, 'numerator', r.figure?.numerator),
            },
            {
              title: t('as.col.denominator'),
              key: 'd',
              width: 64,
              align: 'right',
              render: (_, r) => side(r.indicator, 'denominator', r.figure?.denominator),
            },
            {
              title: t('as.col.definition'),
              key: 'def',
              render: (_, r) => {
                const def = names.indicators.get(r.indicator);
                if (!def) return null;
                return (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('as.col.numerator')}：{pick(def.numerator)}
                    <br />
                    {t('as.col.denominator')}：{pick(def.denominator)}
                  </Typography.Text>
                );
              },
            },
          ]}
        />
      </Card>
      <DrillCard schemeId={data.scheme.id} data={data} pick={pickd} />
    </Space>
  );
}

function DrillCard({
  schemeId,
  data,
  pick,
}: {
  schemeId: number;
  data: SubjectResult;
  pick: { indicator: string; side: Side } | null;
}) {
  const { t } = useI18n();
  const names = useNames();
  const drill = useDrilldown(schemeId, data.period.key, data.row.subject.id, pick);
  if (!pick)
    return (
      <Card size="small">
        <Typography.Text type="secondary">{t('as.drill.hint')}</Typography.Text>
      </Card>
    );
  const d = drill.data;
  return (
    <Card
      size="small"
      title={t('as.drill.title', {
        indicator: names.indicator(pick.indicator),
        side: t(`as.col.${pick.side}`),
      })}
      extra={
        d && (
          <Typography.Text type="secondary" data-testid="drill-count">
            {t('as.drill.count', { facts: d.count, cases: d.cases.length + d.hidden })}
          </Typography.Text>
        )
      }
      styles={{ body: { padding: 0 } }}
      data-testid="drilldown"
      data-indicator={pick.indicator}
      data-side={pick.side}
      data-facts={d?.count ?? ''}
      data-cases={d ? d.cases.length : ''}
    >
      {drill.isError && <Alert type="error" showIcon title={(drill.error as Error).message} />}
      {d?.status === 'published' && (
        <Alert type="success" banner showIcon={false} title={t('as.drill.frozen')} />
      )}
      {d && d.hidden > 0 && <Alert type="info" banner title={t('as.drill.hidden', { n: d.hidden })} />}
      <Table
        size="small"
        rowKey="id"
        loading={drill.isPending}
        dataSource={d?.cases ?? []}
        pagination={(d?.cases.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        data-testid="drill-cases"
        columns={[
          {
            title: t('case.number'),
            dataIndex: 'number',
            render: (n: string, c) => <Link to={`/cases/${c.id}`}>{n}</Link>,
          },
          { title: t('case.class'), dataIndex: 'className' },
          { title: t('case.area'), dataIndex: 'streetName' },
          { title: t('case.address'), dataIndex: 'address', ellipsis: true, width: 160 },
          { title: t('case.state'), dataIndex: 'stateName' },
          { title: t('case.reportedAt'), dataIndex: 'reportedAt', render: fmtTime },
          { title: t('as.drill.closedAt'), dataIndex: 'closedAt', render: fmtTime },
        ]}
      />
    </Card>
  );
}

function DeductionsCard({ data, scheme }: { data: SubjectResult; scheme: Scheme }) {
  const { t } = useI18n();
  const findings = useFindings(scheme.id, { period: data.period.key, subjectId: data.row.subject.id });
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Card size="small" title={t('as.subject.deductions')} styles={{ body: { padding: 0 } }}>
        <Table
          size="small"
          rowKey="code"
          dataSource={data.row.deductions}
          pagination={false}
          data-testid="deductions"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          columns={[
            { title: t('as.find.code'), dataIndex: 'name' },
            { title: t('as.find.points'), dataIndex: 'points', align: 'right' },
            { title: t('as.find.count'), dataIndex: 'count', align: 'right' },
            {
              title: t('as.col.deducted'),
              dataIndex: 'total',
              align: 'right',
              render: (n: number) => `−${n}`,
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('as.tab.findings')} styles={{ body: { padding: 0 } }}>
        <Table
          size="small"
          rowKey="id"
          loading={findings.isPending}
          dataSource={findings.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('as.find.date'), dataIndex: 'date' },
            {
              title: t('as.find.code'),
              dataIndex: 'name',
              render: (n: string, f) =>
                f.voidedAt ? (
                  <Tooltip title={f.voidReason}>
                    <Typography.Text delete>{n}</Typography.Text> <Tag>{t('as.find.voided')}</Tag>
                  </Tooltip>
                ) : (
                  n
                ),
            },
            { title: t('as.find.points'), dataIndex: 'points', align: 'right' },
            { title: t('as.find.count'), dataIndex: 'count', align: 'right' },
            { title: t('as.find.note'), dataIndex: 'note', ellipsis: true },
            {
              title: t('as.find.case'),
              dataIndex: 'caseNumber',
              render: (n: string | null, f) => (n ? <Link to={`/cases/${f.caseId}`}>{n}</Link> : '—'),
            },
            { title: t('as.find.recordedBy'), dataIndex: 'recordedBy' },
          ]}
        />
      </Card>
    </Space>
  );
}

function MonthsCard({ data }: { data: SubjectResult }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('as.subject.months')} styles={{ body: { padding: 0 } }}>
      <Alert type="info" banner showIcon={false} title={t('as.subject.noFigures')} />
      <Table
        size="small"
        rowKey="period"
        dataSource={data.row.months}
        pagination={false}
        data-testid="months"
        columns={[
          {
            title: t('as.col.month'),
            dataIndex: 'period',
            render: (p: string) => (
              <Link to={`?period=${encodeURIComponent(p)}`} data-testid={`month-${p}`}>
                {p}
              </Link>
            ),
          },
          {
            title: t('as.col.score'),
            dataIndex: 'score',
            align: 'right',
            render: (s: number | null) => (s === null ? t('as.subject.notScored') : fmtScore(s)),
          },
          {
            title: t('as.col.published'),
            dataIndex: 'published',
            render: (p: boolean) =>
              p ? (
                <Tag color="success">{t('as.status.published')}</Tag>
              ) : (
                <Tag>{t('as.status.provisional')}</Tag>
              ),
          },
        ]}
      />
    </Card>
  );
}

/** Score and rank over the recent periods of the same kind, each fetched as the subject page is. */
function HistoryCard({
  schemeId,
  subjectId,
  period,
}: {
  schemeId: number;
  subjectId: string;
  period: string;
}) {
  const { t } = useI18n();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const keys = recentKeys(period, HISTORY[periodInfo(period)?.kind ?? 'month'] ?? 6);
  const queries = useQueries({ queries: keys.map((k) => subjectResultQuery(schemeId, subjectId, k)) });
  const points = keys.map((k, i) => {
    const r = queries[i]?.data?.row;
    return {
      period: k,
      score: r?.score ?? null,
      rank: r?.rank ?? null,
      grade: r?.grade ?? null,
      published: queries[i]?.data?.status === 'published',
    };
  });
  const loading = queries.some((q) => q.isPending);
  // Two panels on one time axis: the score above, the rank (1 at the top) below, so a rank never
  // reads as a score. A filled point is published, a hollow one provisional.
  const worst = Math.max(2, ...points.map((p) => p.rank ?? 0));
  const marked = (value: number | null, published: boolean) => ({
    value,
    symbol: published ? 'circle' : 'emptyCircle',
  });
  const option: EChartsOption = {
    tooltip: { trigger: 'axis' },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid: [
      { left: 40, right: 16, top: 24, height: '52%' },
      { left: 40, right: 16, bottom: 28, height: '20%' },
    ],
    xAxis: [
      { type: 'category', data: keys, gridIndex: 0, axisLabel: { show: false } },
      { type: 'category', data: keys, gridIndex: 1, axisLabel: { fontSize: 11 } },
    ],
    yAxis: [
      {
        type: 'value',
        gridIndex: 0,
        name: t('as.col.score'),
        min: 0,
        max: 100,
        nameTextStyle: { fontSize: 11 },
      },
      {
        type: 'value',
        gridIndex: 1,
        name: t('as.col.rank'),
        inverse: true,
        min: 1,
        max: worst,
        interval: worst - 1,
        nameTextStyle: { fontSize: 11 },
      },
    ],
    series: [
      {
        name: t('as.col.score'),
        type: 'line',
        xAxisIndex: 0,
        yAxisIndex: 0,
        symbolSize: 8,
        label: { show: true, fontSize: 11 },
        data: points.map((p) => marked(p.score, p.published)),
      },
      {
        name: t('as.col.rank'),
        type: 'line',
        xAxisIndex: 1,
        yAxisIndex: 1,
        symbolSize: 7,
        itemStyle: { color: '#fa8c16' },
        label: { show: true, fontSize: 11, position: 'right' },
        data: points.map((p) => marked(p.rank, p.published)),
      },
    ],
  };
  return (
    <Card
      size="small"
      title={t('as.subject.history')}
      data-testid="history"
      extra={
        <Segmented
          size="small"
          value={view}
          onChange={(v) => setView(v as 'chart' | 'table')}
          options={[
            { label: t('common.chart'), value: 'chart' },
            { label: t('common.table'), value: 'table' },
          ]}
        />
      }
      styles={{ body: { padding: view === 'table' ? 0 : 8, minHeight: 280 } }}
    >
      {loading ? null : view === 'chart' ? (
        <Chart option={option} height={264} testId="history-chart" />
      ) : (
        <Table
          size="small"
          rowKey="period"
          dataSource={points}
          pagination={false}
          data-testid="history-table"
          columns={[
            { title: t('as.col.period'), dataIndex: 'period' },
            { title: t('as.col.score'), dataIndex: 'score', align: 'right', render: fmtScore },
            { title: t('as.col.grade'), dataIndex: 'grade', render: (g: string | null) => g ?? '—' },
            {
              title: t('as.col.rank'),
              dataIndex: 'rank',
              align: 'right',
              render: (r: number | null) => r ?? '—',
            },
            {
              title: t('as.col.published'),
              dataIndex: 'published',
              render: (p: boolean) => (p ? t('common.yes') : t('common.no')),
            },
          ]}
        />
      )}
    </Card>
  );
}
