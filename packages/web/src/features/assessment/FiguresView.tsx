// 指标数据: every indicator of a subject level (unit, street, community, responsibility grid, person)
// for any period, counted live from the cases — no scheme, no weights. Each cell is the value with
// its numerator/denominator; clicking it lists the counted facts and their cases (engine drill-down).

import { useQuery } from '@tanstack/react-query';
import { SUBJECT_LEVEL_NAMES } from '@xiuhua/domain/assessment';
import { ROLE_NAMES, type Role } from '@xiuhua/domain/workflow';
import {
  Alert,
  Card,
  Drawer,
  Form,
  Segmented,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { get } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAssessmentParams } from './params.ts';
import {
  ASSESSMENT_API,
  type FactDrilldown,
  type FigureOut,
  type Level,
  type LiveFigures,
  type Side,
  type Subject,
} from './api.ts';
import { fmtRate, fmtTime, PeriodPicker, useNames } from './common.tsx';

const LEVELS: readonly Level[] = ['unit', 'street', 'community', 'grid', 'person'];

interface Row {
  subject: Subject;
  figures: Map<string, FigureOut>;
}

export default function FiguresView() {
  const { t, pick } = useI18n();
  const { params, period, set } = useAssessmentParams();
  const names = useNames();
  const level = (LEVELS as readonly string[]).includes(params.get('level') ?? '')
    ? (params.get('level') as Level)
    : 'street';
  const only = params.get('indicator') ?? undefined;
  const [cell, setCell] = useState<{ subject: Subject; indicator: string; side: Side } | null>(null);
  const figures = useQuery({
    queryKey: ['assessment', 'figures', period, level],
    queryFn: () => get<LiveFigures>(`${ASSESSMENT_API}/figures`, { period, level }),
  });

  const d = figures.data;
  const indicatorIds = useMemo(() => {
    const present = new Set(d?.figures.map((f) => f.indicator));
    // In the engine's order (seeds first, then per role), as the definitions list them.
    return [...names.indicators.keys()].filter((id) => present.has(id));
  }, [d, names.indicators]);
  const shown = only ? indicatorIds.filter((id) => id === only) : indicatorIds;
  const rows = useMemo<Row[]>(() => {
    if (!d) return [];
    const by = new Map<string, Row>(d.subjects.map((s) => [s.id, { subject: s, figures: new Map() }]));
    for (const f of d.figures) by.get(f.subject.id)?.figures.set(f.indicator, f);
    return [...by.values()];
  }, [d]);

  const columns: TableColumnsType<Row> = [
    {
      title: pick(SUBJECT_LEVEL_NAMES[level]),
      key: 'subject',
      fixed: 'left',
      width: 180,
      ellipsis: true,
      render: (_, r) => (
        <span>
          {names.subject(r.subject)}
          {r.subject.role && (
            <Tag style={{ marginInlineStart: 4 }}>
              {pick(ROLE_NAMES[r.subject.role as Role], r.subject.role)}
            </Tag>
          )}
        </span>
      ),
    },
    ...shown.map((id) => ({
      title: (
        <Tooltip
          title={
            names.indicators.get(id)
              ? `${t('as.col.numerator')}：${pick(names.indicators.get(id)!.numerator)}；${t('as.col.denominator')}：${pick(names.indicators.get(id)!.denominator)}`
              : undefined
          }
        >
          <span>{names.indicator(id)}</span>
        </Tooltip>
      ),
      key: id,
      width: 118,
      align: 'right' as const,
      render: (_: unknown, r: Row) => {
        const f = r.figures.get(id);
        if (!f) return <Typography.Text type="secondary">·</Typography.Text>;
        const open = (side: Side) => () => setCell({ subject: r.subject, indicator: id, side });
        return (
          <span data-testid={`figure-${r.subject.id}-${id}`} style={{ whiteSpace: 'nowrap' }}>
            <strong style={{ marginInlineEnd: 4 }}>{fmtRate(f.value)}</strong>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <Typography.Link onClick={open('numerator')}>{f.numerator}</Typography.Link>/
              <Typography.Link onClick={open('denominator')}>{f.denominator}</Typography.Link>
            </Typography.Text>
          </span>
        );
      },
    })),
  ];

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Card size="small" styles={{ body: { padding: '8px 12px' } }}>
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label={t('as.level')} style={{ marginBottom: 0 }}>
            <Segmented
              size="small"
              value={level}
              onChange={(v) => set({ level: String(v), indicator: undefined })}
              options={LEVELS.map((l) => ({ label: pick(SUBJECT_LEVEL_NAMES[l]), value: l }))}
              data-testid="figures-level"
            />
          </Form.Item>
          <Form.Item label={t('as.period')} style={{ marginBottom: 0 }}>
            <PeriodPicker value={period} onChange={(key) => set({ period: key })} />
          </Form.Item>
          <Form.Item
            label={t('as.figures.indicators')}
            htmlFor="figures-indicator"
            style={{ marginBottom: 0 }}
          >
            <Select
              id="figures-indicator"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('as.figures.allIndicators')}
              value={only}
              onChange={(v) => set({ indicator: v })}
              options={indicatorIds.map((id) => ({ value: id, label: names.indicator(id) }))}
              style={{ width: 200 }}
              popupMatchSelectWidth={false}
            />
          </Form.Item>
        </Form>
      </Card>
      {figures.isError && <Alert type="error" showIcon title={(figures.error as Error).message} />}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Alert type="info" banner showIcon={false} title={t('as.figures.hint')} />
        <Table<Row>
          size="small"
          rowKey={(r) => r.subject.id}
          loading={figures.isPending}
          columns={columns}
          dataSource={rows}
          pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          scroll={{ x: 'max-content' }}
          data-testid="figures-table"
        />
      </Card>
      <FactDrawer
        period={period}
        level={level}
        cell={cell}
        onSide={(side) => cell && setCell({ ...cell, side })}
        onClose={() => setCell(null)}
      />
    </Space>
  );
}

function FactDrawer({
  period,
  level,
  cell,
  onSide,
  onClose,
}: {
  period: string;
  level: Level;
  cell: { subject: Subject; indicator: string; side: Side } | null;
  onSide: (side: Side) => void;
  onClose: () => void;
}) {
  const { t, pick } = useI18n();
  const names = useNames();
  const drill = useQuery({
    queryKey: ['assessment', 'facts', period, level, cell],
    queryFn: () =>
      get<FactDrilldown>(`${ASSESSMENT_API}/drilldown`, {
        period,
        level,
        subject: cell!.subject.id,
        indicator: cell!.indicator,
        side: cell!.side,
      }),
    enabled: cell !== null,
  });
  const d = drill.data;
  return (
    <Drawer
      open={cell !== null}
      onClose={onClose}
      size={760}
      title={
        cell &&
        `${names.subject(cell.subject)} · ${t('as.drill.title', {
          indicator: names.indicator(cell.indicator),
          side: t(`as.col.${cell.side}`),
        })}`
      }
      extra={
        cell && (
          <Segmented
            size="small"
            value={cell.side}
            onChange={(v) => onSide(v as Side)}
            options={[
              { label: t('as.col.numerator'), value: 'numerator' },
              { label: t('as.col.denominator'), value: 'denominator' },
            ]}
          />
        )
      }
      destroyOnHidden
      data-testid="fact-drawer"
    >
      {drill.isError && <Alert type="error" showIcon title={(drill.error as Error).message} />}
      {d && (
        <Typography.Paragraph type="secondary">
          {pick(d.term)} ·{' '}
          {t('as.drill.count', { facts: d.count, cases: new Set(d.rows.map((r) => r.caseId)).size })}
        </Typography.Paragraph>
      )}
      <Table
        size="small"
        rowKey={(r) => `${r.caseId}-${r.fact}-${r.startedAt}`}
        loading={drill.isPending && cell !== null}
        dataSource={d?.rows ?? []}
        pagination={(d?.rows.length ?? 0) > 100 ? { pageSize: 100, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('case.number'),
            dataIndex: 'number',
            render: (n: string, r) => <Link to={`/cases/${r.caseId}`}>{n}</Link>,
          },
          {
            title: t('as.drill.fact'),
            dataIndex: 'fact',
            render: (f: string) => known(t, `as.fact.${f}`, f),
          },
          {
            title: t('as.drill.outcome'),
            dataIndex: 'outcome',
            render: (o: string) => known(t, `as.outcome.${o}`, o),
          },
          { title: t('case.reportedAt'), dataIndex: 'reportedAt', render: fmtTime },
          { title: t('as.drill.due'), dataIndex: 'dueAt', render: fmtTime },
          { title: t('as.drill.done'), dataIndex: 'doneAt', render: fmtTime },
        ]}
      />
    </Drawer>
  );
}

/** A word for a code the server may extend: the code itself when we have no word for it yet. */
const known = (t: (k: string) => string, key: string, code: string) => {
  const word = t(key);
  return word === key ? code : word;
};
