// 通报: the ranking bulletin (every active scheme's ranking for a period with grades, flags and
// trend) and the red case bulletin (红灯超时案件: handling tasks that went overdue in the period,
// by responsible unit), each with its Excel export as the server writes it.

import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Space, Table, Tabs, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { get } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAssessmentParams } from './params.ts';
import { ASSESSMENT_API, type RankingBulletin, type RedCaseBulletin } from './api.ts';
import {
  ExportButton,
  FlagTag,
  fmtMoney,
  fmtScore,
  fmtTime,
  PeriodPicker,
  StatusBadge,
  Trend,
  useNames,
} from './common.tsx';

type RedRow = RedCaseBulletin['units'][number]['cases'][number] & {
  unitId: number;
  unitName: string;
  unitCount: number;
  first: boolean;
};

export default function BulletinsView() {
  const { t } = useI18n();
  const { params, period, set } = useAssessmentParams();
  const tab = params.get('bulletin') === 'red' ? 'red' : 'ranking';
  return (
    <Card size="small" styles={{ body: { paddingTop: 0 } }}>
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ bulletin: k === 'red' ? 'red' : undefined })}
        tabBarExtraContent={
          <Space size={8}>
            <PeriodPicker value={period} onChange={(key) => set({ period: key })} />
            <ExportButton
              path={`${ASSESSMENT_API}/bulletins/${tab === 'red' ? 'red-cases' : 'ranking'}.xlsx`}
              query={{ period }}
              testId={`export-${tab}`}
            />
          </Space>
        }
        items={[
          {
            key: 'ranking',
            label: t('as.bulletin.ranking'),
            children: <RankingBulletinView period={period} />,
          },
          { key: 'red', label: t('as.bulletin.red'), children: <RedCasesView period={period} /> },
        ]}
      />
    </Card>
  );
}

function RankingBulletinView({ period }: { period: string }) {
  const { t } = useI18n();
  const names = useNames();
  const bulletin = useQuery({
    queryKey: ['assessment', 'bulletin', 'ranking', period],
    queryFn: () => get<RankingBulletin>(`${ASSESSMENT_API}/bulletins/ranking`, { period }),
  });
  if (bulletin.isError) return <Alert type="error" showIcon title={(bulletin.error as Error).message} />;
  const sections = bulletin.data?.sections ?? [];
  if (bulletin.isSuccess && sections.length === 0) return <Empty description={t('as.noSchemes')} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="ranking-bulletin">
      {bulletin.isPending && <Card size="small" loading />}
      {sections.map((s) => {
        const tiers = new Set(s.rows.map((r) => r.tierCode)).size > 1;
        return (
          <Card
            key={s.scheme.id}
            size="small"
            title={
              <Space size={8}>
                <Link to={`/assessment?scheme=${s.scheme.id}&period=${encodeURIComponent(period)}`}>
                  {s.scheme.name}
                </Link>
                <StatusBadge
                  results={{
                    status: s.status,
                    publication: s.publishedAt
                      ? { id: 0, publishedAt: s.publishedAt, publishedBy: '', note: null }
                      : null,
                  }}
                />
              </Space>
            }
            styles={{ body: { padding: 0 } }}
          >
            <Table
              size="small"
              rowKey={(r) => `${r.tierCode}:${r.subjectId}`}
              dataSource={s.rows}
              pagination={false}
              scroll={{ x: 'max-content' }}
              columns={[
                ...(tiers ? [{ title: t('as.col.tier'), dataIndex: 'tierName', width: 96 }] : []),
                {
                  title: t('as.col.rank'),
                  dataIndex: 'rank',
                  width: 56,
                  align: 'center' as const,
                  render: (r: number | null) => r ?? '—',
                },
                {
                  title: t('as.col.subject'),
                  dataIndex: 'subjectName',
                  render: (n: string, r) =>
                    names.subject({ level: s.scheme.level, id: r.subjectId, name: n }),
                },
                {
                  title: t('as.col.score'),
                  dataIndex: 'score',
                  width: 72,
                  align: 'right' as const,
                  render: fmtScore,
                },
                {
                  title: t('as.col.grade'),
                  dataIndex: 'grade',
                  width: 64,
                  render: (g: string | null) => g ?? '—',
                },
                {
                  title: t('as.col.flag'),
                  dataIndex: 'flag',
                  width: 84,
                  render: (f: 'red' | 'black' | null) => <FlagTag flag={f} />,
                },
                {
                  title: t('as.col.trend'),
                  key: 'trend',
                  width: 150,
                  render: (_, r) => (
                    <Trend
                      score={r.score}
                      rank={r.rank}
                      previous={{ score: r.previousScore, rank: r.previousRank }}
                    />
                  ),
                },
                ...(s.withFund
                  ? [
                      {
                        title: t('as.col.fund'),
                        dataIndex: 'fund',
                        width: 120,
                        align: 'right' as const,
                        render: (n: number | null) => fmtMoney(n),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        );
      })}
    </Space>
  );
}

function RedCasesView({ period }: { period: string }) {
  const { t } = useI18n();
  const bulletin = useQuery({
    queryKey: ['assessment', 'bulletin', 'red', period],
    queryFn: () => get<RedCaseBulletin>(`${ASSESSMENT_API}/bulletins/red-cases`, { period }),
  });
  if (bulletin.isError) return <Alert type="error" showIcon title={(bulletin.error as Error).message} />;
  const d = bulletin.data;
  // One flat table, the unit cell spanning its cases: reads like the printed bulletin.
  const rows: RedRow[] = (d?.units ?? []).flatMap((u) =>
    u.cases.map((c, i) => ({
      ...c,
      unitId: u.unitId,
      unitName: u.unitName,
      unitCount: u.count,
      first: i === 0,
    })),
  );
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="red-bulletin">
      {d && (
        <Space wrap size={[6, 6]}>
          <Typography.Text strong data-testid="red-total" data-total={d.total}>
            {t('as.bulletin.redTotal', { n: d.total })}
          </Typography.Text>
          {d.units.map((u) => (
            <Tag key={u.unitId} color="red">
              {u.unitName} {u.count}
            </Tag>
          ))}
        </Space>
      )}
      <Table<RedRow>
        size="small"
        rowKey={(r) => `${r.unitId}:${r.id}`}
        loading={bulletin.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content', y: 560 }}
        columns={[
          {
            title: t('as.bulletin.unit'),
            dataIndex: 'unitName',
            width: 160,
            onCell: (r) => ({ rowSpan: r.first ? r.unitCount : 0 }),
            render: (n: string, r) => (
              <span>
                {n} <Typography.Text type="secondary">({r.unitCount})</Typography.Text>
              </span>
            ),
          },
          {
            title: t('case.number'),
            dataIndex: 'number',
            render: (n: string, r) => <Link to={`/cases/${r.id}`}>{n}</Link>,
          },
          { title: t('case.class'), dataIndex: 'className' },
          { title: t('case.area'), dataIndex: 'streetName' },
          { title: t('case.address'), dataIndex: 'address', ellipsis: true, width: 160 },
          { title: t('as.bulletin.dueAt'), dataIndex: 'dueAt', render: fmtTime },
          {
            title: t('as.bulletin.endedAt'),
            dataIndex: 'endedAt',
            render: (e: string | null) =>
              e ? fmtTime(e) : <Typography.Text type="danger">{t('as.bulletin.stillOpen')}</Typography.Text>,
          },
          { title: t('as.bulletin.overdue'), dataIndex: 'overdueHours', align: 'right' },
          { title: t('case.state'), dataIndex: 'stateName' },
        ]}
      />
    </Space>
  );
}
