// 考评排名: one scheme's ranking for a period — rank within its difficulty tier, score, grade, flag,
// trend against the previous period, each indicator with its numerator and denominator on hover
// (or the deductions of a 100-point scheme, the months of a quarter, the fund). Provisional until
// published; publishing (with a confirmation that it freezes the figures) and Excel export here.

import { CheckCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
} from 'antd';
import { SUBJECT_LEVEL_NAMES } from '@xiuhua/domain/assessment';
import { type HTMLAttributes, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { post } from '../../api/client.ts';
import { useCan } from '../../api/policy.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAssessmentParams } from './params.ts';
import {
  ASSESSMENT_API,
  invalidateAssessment,
  type Level,
  type ResultRow,
  type Results,
  type Scheme,
  useCorrections,
  useResults,
  useSchemes,
} from './api.ts';
import {
  correctionText,
  ExportButton,
  FlagTag,
  fmtMoney,
  fmtRate,
  fmtScore,
  GradeTag,
  PeriodPicker,
  StatusBadge,
  Trend,
  useNames,
} from './common.tsx';
import { periodInfo } from './period.ts';

const LEVELS: readonly Level[] = ['unit', 'street', 'community', 'grid', 'person'];

export default function RankingView() {
  const { t, pick } = useI18n();
  const { params, period, set } = useAssessmentParams();
  const schemes = useSchemes();
  const names = useNames();
  const all = schemes.data ?? [];
  const levels = LEVELS.filter((l) => all.some((s) => s.level === l));
  const level = (params.get('level') ?? 'all') as Level | 'all';
  const listed = all.filter((s) => level === 'all' || s.level === level);
  const scheme = listed.find((s) => String(s.id) === params.get('scheme')) ?? listed[0];
  const results = useResults(scheme?.id, period);
  const tier = params.get('tier') ?? 'all';

  if (schemes.isSuccess && all.length === 0)
    return <Empty description={t('as.noSchemes')} style={{ marginTop: 48 }} />;

  const data = results.data;
  const tiers = data ? [...new Map(data.rows.map((r) => [r.tier.code, r.tier.name])).entries()] : [];
  const rows = data ? data.rows.filter((r) => tier === 'all' || r.tier.code === tier) : [];

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Card size="small" styles={{ body: { padding: '8px 12px' } }}>
        <Form layout="inline" style={{ rowGap: 8 }} data-testid="ranking-filters">
          {levels.length > 1 && (
            <Form.Item label={t('as.level')} style={{ marginBottom: 0 }}>
              <Segmented
                size="small"
                value={level}
                onChange={(v) =>
                  set({ level: v === 'all' ? undefined : String(v), scheme: undefined, tier: undefined })
                }
                options={[
                  { label: t('as.level.all'), value: 'all' },
                  ...levels.map((l) => ({ label: pick(SUBJECT_LEVEL_NAMES[l]), value: l })),
                ]}
                data-testid="level-switch"
              />
            </Form.Item>
          )}
          <Form.Item label={t('as.scheme')} htmlFor="assessment-scheme" style={{ marginBottom: 0 }}>
            <Select
              id="assessment-scheme"
              value={scheme?.id}
              loading={schemes.isPending}
              onChange={(id) => set({ scheme: String(id), tier: undefined })}
              options={listed.map((s) => ({ value: s.id, label: names.scheme(s) }))}
              style={{ width: 240 }}
              popupMatchSelectWidth={false}
              data-testid="scheme-select"
            />
          </Form.Item>
          <Form.Item label={t('as.period')} style={{ marginBottom: 0 }}>
            <PeriodPicker value={period} onChange={(key) => set({ period: key })} />
          </Form.Item>
          {tiers.length > 1 && (
            <Form.Item label={t('as.tier')} style={{ marginBottom: 0 }}>
              <Segmented
                size="small"
                value={tier}
                onChange={(v) => set({ tier: v === 'all' ? undefined : String(v) })}
                options={[
                  { label: t('as.tier.all'), value: 'all' },
                  ...tiers.map(([code, name]) => ({ label: name, value: code })),
                ]}
                data-testid="tier-switch"
              />
            </Form.Item>
          )}
        </Form>
      </Card>

      {results.isError && <Alert type="error" showIcon title={(results.error as Error).message} />}

      {scheme && (
        <Card
          size="small"
          title={
            <Space size={8} wrap>
              <span>{names.scheme(scheme)}</span>
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                {period}
              </Typography.Text>
              {data && <StatusBadge results={data} />}
            </Space>
          }
          extra={
            <Space size={8}>
              <ExportButton
                path={`${ASSESSMENT_API}/bulletins/ranking.xlsx`}
                query={{ period, schemeId: scheme.id }}
                testId="export-ranking"
              />
              {data && <PublishButton scheme={scheme} results={data} />}
            </Space>
          }
          styles={{ body: { padding: 0 } }}
        >
          {data?.publication?.note && (
            <Alert type="success" title={data.publication.note} banner showIcon={false} />
          )}
          <CorrectionsNote scheme={scheme} period={period} />
          <RankingTable
            scheme={scheme}
            results={data}
            rows={rows}
            loading={results.isPending}
            showTier={tier === 'all' && tiers.length > 1}
          />
        </Card>
      )}
    </Space>
  );
}

function RankingTable({
  scheme,
  results,
  rows,
  loading,
  showTier,
}: {
  scheme: Scheme;
  results: Results | undefined;
  rows: ResultRow[];
  loading: boolean;
  showTier: boolean;
}) {
  const { t } = useI18n();
  const names = useNames();
  const period = results?.period.key ?? '';
  const kind = results?.period.kind;
  const monthly = kind === 'quarter' || kind === 'year';
  const months = monthly ? [...new Set(rows.flatMap((r) => r.months.map((m) => m.period)))].sort() : [];
  const withFund = rows.some((r) => r.fund !== null);
  const weights = results?.weights ?? scheme.config.weights;
  const grades = scheme.config.grades;

  const columns = useMemo<TableColumnsType<ResultRow>>(() => {
    const cols: TableColumnsType<ResultRow> = [
      {
        title: t('as.col.rank'),
        dataIndex: 'rank',
        width: 56,
        align: 'center',
        fixed: 'left',
        render: (rank: number | null) =>
          rank === null ? (
            <Tooltip title={t('as.unranked')}>
              <span>—</span>
            </Tooltip>
          ) : (
            <strong>{rank}</strong>
          ),
      },
      {
        title: t('as.col.subject'),
        key: 'subject',
        fixed: 'left',
        width: 200,
        ellipsis: true,
        render: (_, r) => (
          <Link
            to={`/assessment/schemes/${scheme.id}/subjects/${encodeURIComponent(r.subject.id)}?period=${encodeURIComponent(period)}`}
            data-testid={`subject-link-${r.subject.id}`}
          >
            {names.subject(r.subject)}
          </Link>
        ),
      },
    ];
    if (showTier)
      cols.push({ title: t('as.col.tier'), key: 'tier', width: 96, render: (_, r) => r.tier.name });
    cols.push(
      {
        title: t('as.col.score'),
        dataIndex: 'score',
        width: 80,
        align: 'right',
        render: (score: number | null, r) =>
          r.corrections.length > 0 ? (
            <Tooltip title={r.corrections.map((c) => correctionText(t, c)).join('；')}>
              <strong data-score={fmtScore(score)}>{fmtScore(score)}</strong>
              <sup style={{ color: '#d46b08' }}> {t('as.corrected')}</sup>
            </Tooltip>
          ) : (
            <strong data-score={fmtScore(score)}>{fmtScore(score)}</strong>
          ),
      },
      {
        title: t('as.col.grade'),
        dataIndex: 'grade',
        width: 64,
        align: 'center',
        render: (g: string | null) => <GradeTag grade={g} bands={grades} />,
      },
      {
        title: t('as.col.flag'),
        dataIndex: 'flag',
        width: 84,
        align: 'center',
        render: (f: ResultRow['flag'], r) =>
          f ? (
            <FlagTag flag={f} />
          ) : r.last && monthly ? (
            <Typography.Text type="danger">{t('as.last')}</Typography.Text>
          ) : null,
      },
      {
        title: t('as.col.trend'),
        key: 'trend',
        width: 150,
        render: (_, r) => <Trend score={r.score} rank={r.rank} previous={r.previous} />,
      },
    );
    if (monthly) {
      for (const m of months)
        cols.push({
          title: m,
          key: `m-${m}`,
          width: 84,
          align: 'right',
          render: (_, r) => {
            const month = r.months.find((x) => x.period === m);
            return (
              <span style={{ color: month?.published ? undefined : '#8c8c8c' }}>
                {fmtScore(month?.score)}
              </span>
            );
          },
        });
    } else if (scheme.kind === 'composite') {
      for (const w of weights) {
        const def = names.indicators.get(w.indicator);
        cols.push({
          title: (
            <Tooltip title={def?.better === 'lower' ? t('as.lowerBetter') : undefined}>
              <span>
                {names.indicator(w.indicator)}
                {def?.better === 'lower' && ' ↓'}
                <Typography.Text type="secondary" style={{ fontSize: 11, marginInlineStart: 2 }}>
                  ({w.weight})
                </Typography.Text>
              </span>
            </Tooltip>
          ),
          key: `i-${w.indicator}`,
          width: 110,
          align: 'right',
          render: (_, r) => {
            const f = r.figures.find((x) => x.indicator === w.indicator);
            if (!f) return '—';
            return (
              <Tooltip
                title={`${t('as.fraction', { n: f.numerator, d: f.denominator })}${f.value === null ? ` · ${t('as.notApplicable')}` : ''}`}
              >
                <span data-indicator={w.indicator} data-n={f.numerator} data-d={f.denominator}>
                  {fmtRate(f.value)}
                </span>
              </Tooltip>
            );
          },
        });
      }
    } else {
      cols.push(
        {
          title: t('as.col.deducted'),
          key: 'deducted',
          width: 80,
          align: 'right',
          render: (_, r) => {
            const total = r.deductions.reduce((n, d) => n + d.total, 0);
            return total === 0 ? '0' : `−${Math.round(total * 100) / 100}`;
          },
        },
        {
          title: t('as.col.findings'),
          key: 'findings',
          ellipsis: true,
          render: (_, r) =>
            r.deductions.map((d) => `${d.name}×${d.count}`).join('，') || (
              <Typography.Text type="secondary">—</Typography.Text>
            ),
        },
      );
    }
    if (withFund)
      cols.push({
        title: t('as.col.fund'),
        key: 'fund',
        width: 120,
        align: 'right',
        render: (_, r) => (r.fund ? `${fmtMoney(r.fund.amount)}（${r.fund.group}）` : '—'),
      });
    return cols;
  }, [t, names, scheme, period, showTier, grades, monthly, months, weights, withFund]);

  return (
    <Table<ResultRow>
      size="small"
      rowKey={(r) => r.subject.id}
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="ranking-table"
      onRow={(r) =>
        ({
          'data-testid': `rank-row-${r.subject.id}`,
          'data-rank': r.rank ?? '',
          'data-flag': r.flag ?? '',
          'data-grade': r.grade ?? '',
          // A light tint, so the flagged rows stand out in a long table.
          style:
            r.flag === 'red'
              ? { background: '#fff7f6' }
              : r.flag === 'black'
                ? { background: '#f7f7f7' }
                : r.rank === null
                  ? { color: '#8c8c8c' }
                  : undefined,
        }) as HTMLAttributes<HTMLElement>
      }
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
    />
  );
}

function CorrectionsNote({ scheme, period }: { scheme: Scheme; period: string }) {
  const { t } = useI18n();
  const names = useNames();
  const corrections = useCorrections(scheme.id, period);
  const list = corrections.data ?? [];
  if (list.length === 0) return null;
  return (
    <Alert
      type="info"
      banner
      showIcon={false}
      title={t('as.corrections')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="corrections">
          {list.map((c) => (
            <li key={c.id}>
              {names.subject({ level: scheme.level, id: c.subjectId, name: c.subjectName })}：
              {correctionText(t, c)}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** Publish (month or quarter, once it has ended) after a confirmation that says it freezes the figures. */
function PublishButton({ scheme, results }: { scheme: Scheme; results: Results }) {
  const { t } = useI18n();
  const may = useCan();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ note?: string }>();
  const publish = useMutation({
    mutationFn: (note: string | undefined) =>
      post(`${ASSESSMENT_API}/schemes/${scheme.id}/publish`, { period: results.period.key, note }),
    onSuccess: async () => {
      setOpen(false);
      form.resetFields();
      message.success(t('as.publish.done'));
      await invalidateAssessment(client);
    },
  });
  if (!may('assessment.publish', null)) return null;
  if (results.status === 'published') return null;
  const info = periodInfo(results.period.key);
  const publishable = results.period.kind === 'month' || results.period.kind === 'quarter';
  const why = !publishable ? t('as.publish.kind') : !info?.ended ? t('as.publish.notEnded') : null;
  return (
    <>
      <Tooltip title={why}>
        <Button
          type="primary"
          icon={<CheckCircleOutlined />}
          disabled={why !== null}
          onClick={() => setOpen(true)}
          data-testid="publish"
        >
          {t('as.publish')}
        </Button>
      </Tooltip>
      <Modal
        open={open}
        title={t('as.publish.title', { scheme: scheme.name, period: results.period.key })}
        okText={t('as.publish.confirm')}
        okButtonProps={{ danger: true, loading: publish.isPending, 'data-testid': 'publish-confirm' }}
        onOk={() => publish.mutate(form.getFieldValue('note')?.trim() || undefined)}
        onCancel={() => {
          setOpen(false);
          publish.reset();
        }}
        destroyOnHidden
      >
        <Alert type="warning" showIcon title={t('as.publish.warning')} style={{ marginBottom: 12 }} />
        {publish.isError && (
          <Alert
            type="error"
            showIcon
            title={(publish.error as Error).message}
            style={{ marginBottom: 12 }}
          />
        )}
        <Form form={form} layout="vertical">
          <Form.Item name="note" label={t('as.publish.note')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
