// 我的路段: the road chief's tab of the phone app. The posts binding him today with the patrol
// window running now (本周 1/1), his segments (patrolled today or not), the open cases on them with
// their colours, his compliance this month, and — for a street's chiefs — everyone posted on the
// street. The workbench answer is kept on the phone, so the tab opens offline.

import type { PersonCompliance, RoadChiefWorkbench, StreetCompliance } from '@xiuhua/server/contract';
import { OPEN_STATES } from '@xiuhua/domain/workflow';
import { useQuery } from '@tanstack/react-query';
import type { FeatureCollection, LineString } from 'geojson';
import { Card, Empty, List, Progress, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { get } from '../../api/client.ts';
import { useCaseQueue } from '../../api/hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { cachedRead } from '../../shared/outbox.ts';
import { ColourDot, StateTag } from '../../shared/tags.tsx';
import './messages.ts';

/** A segment as the workbench draws it (properties of GET /api/roads/segments, plus today's patrol). */
interface SegmentProperties {
  id: number;
  code: string;
  roadName: string;
  start: string | null;
  end: string | null;
  lengthM: number;
  patrolledToday: boolean;
}
type Workbench = Omit<RoadChiefWorkbench, 'segments'> & {
  segments: FeatureCollection<LineString, SegmentProperties>;
};

export function useRoadChiefWorkbench(owner: number, enabled = true) {
  return useQuery({
    queryKey: ['road-chiefs', 'workbench', owner],
    queryFn: () => cachedRead(`workbench:${owner}`, () => get<Workbench>('/api/road-chiefs/workbench')),
    refetchInterval: 5 * 60_000,
    enabled,
  });
}

type Entry = Workbench['posts'][number];

function placeOf(post: Entry['post']): string {
  if (post.area) return post.area.name;
  if (post.road) return post.road.name;
  return post.segments.map((s) => s.code).join('、');
}

export function RoadChiefPanel({ owner }: { owner: number }) {
  const { t, pick } = useI18n();
  const workbench = useRoadChiefWorkbench(owner);
  const data = workbench.data;
  const segmentIds = useMemo(() => (data?.segments.features ?? []).map((f) => f.properties.id), [data]);
  if (workbench.isPending) return null;
  if (!data || data.posts.length === 0)
    return <Empty description={t('roadChief.noPost')} data-testid="road-chief-panel" />;
  const streets = data.posts.filter((e) => e.post.level === 'street_general' || e.post.level === 'first');
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="road-chief-panel">
      <Card size="small" title={t('roadChief.today', { date: data.date })}>
        <List
          dataSource={data.posts}
          renderItem={(e) => (
            <List.Item data-testid="road-post" data-level={e.post.level}>
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap>
                  <Tag color="blue">{pick(e.post.levelName)}</Tag>
                  <Typography.Text strong>{placeOf(e.post)}</Typography.Text>
                </Space>
                {e.duty ? (
                  <Space wrap>
                    <Typography.Text type="secondary">
                      {t(`roadChief.period.${e.duty.period}`)}
                    </Typography.Text>
                    <Tag
                      color={e.duty.done >= e.duty.required && e.duty.required > 0 ? 'green' : 'orange'}
                      data-testid="duty-progress"
                    >
                      {t('roadChief.progress', { done: e.duty.done, required: e.duty.required })}
                    </Tag>
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{t('roadChief.noDuty')}</Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('roadChief.segments', { n: data.segments.features.length })}>
        <List
          size="small"
          dataSource={data.segments.features}
          renderItem={(f) => {
            const p = f.properties;
            return (
              <List.Item data-testid="road-segment" data-patrolled={String(p.patrolledToday)}>
                <Space wrap>
                  <Typography.Text>{p.roadName}</Typography.Text>
                  <Typography.Text type="secondary">
                    {p.start ?? ''}—{p.end ?? ''} · {Math.round(p.lengthM)} m
                  </Typography.Text>
                  {p.patrolledToday ? <Tag color="green">{t('roadChief.patrolled')}</Tag> : null}
                </Space>
              </List.Item>
            );
          }}
        />
      </Card>
      <SegmentCases segmentIds={segmentIds} />
      <MyCompliance owner={owner} />
      {streets.map(
        (e) => e.post.area && <StreetCompliancePanel key={e.post.id} streetCode={e.post.area.code} />,
      )}
    </Space>
  );
}

/** The open cases on my segments, with their colours. */
function SegmentCases({ segmentIds }: { segmentIds: number[] }) {
  const { t } = useI18n();
  const queue = useCaseQueue(
    { segmentId: segmentIds, state: [...OPEN_STATES], sort: 'due_at', order: 'asc' },
    segmentIds.length > 0,
  );
  const rows = queue.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card size="small" title={t('roadChief.cases', { n: queue.data?.pages[0]?.total ?? 0 })}>
      <List
        size="small"
        dataSource={rows}
        locale={{ emptyText: t('roadChief.noCases') }}
        renderItem={(c) => (
          <List.Item data-testid="segment-case">
            <Space wrap>
              <ColourDot colour={c.colour} />
              <Link to={`/cases/${c.id}`}>{c.number}</Link>
              <Typography.Text>{c.className}</Typography.Text>
              <StateTag state={c.state} />
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

const monthRange = () => ({
  from: dayjs().startOf('month').format('YYYY-MM-DD'),
  to: dayjs().format('YYYY-MM-DD'),
});

/** My compliance this month: required vs done per post (windows ended by yesterday). */
function MyCompliance({ owner }: { owner: number }) {
  const { t, pick } = useI18n();
  const range = monthRange();
  const report = useQuery({
    queryKey: ['road-chiefs', 'compliance', owner, range.from, range.to],
    queryFn: () => get<PersonCompliance>('/api/road-chiefs/compliance', range),
  });
  const posts = (report.data?.posts ?? []).filter((p) => p.required > 0);
  return (
    <Card size="small" title={t('roadChief.compliance')} data-testid="my-compliance">
      {posts.length === 0 ? (
        <Typography.Text type="secondary">{t('roadChief.nothingDue')}</Typography.Text>
      ) : (
        posts.map((p) => (
          <div key={p.post.id}>
            <Typography.Text>
              {pick(p.post.levelName)} · {placeOf(p.post)}
            </Typography.Text>
            <Progress
              percent={Math.round((100 * p.done) / p.required)}
              format={() => `${p.done}/${p.required}`}
              status={p.done >= p.required ? 'success' : 'normal'}
            />
          </div>
        ))
      )}
    </Card>
  );
}

/** Everyone posted on the street this month (for the street's own chiefs). */
function StreetCompliancePanel({ streetCode }: { streetCode: string }) {
  const { t } = useI18n();
  const range = monthRange();
  const report = useQuery({
    queryKey: ['road-chiefs', 'street', streetCode, range.from, range.to],
    queryFn: () => get<StreetCompliance>('/api/road-chiefs/compliance/street', { streetCode, ...range }),
  });
  return (
    <Card size="small" title={t('roadChief.street', { name: report.data?.street.name ?? '' })}>
      <Table
        size="small"
        pagination={false}
        rowKey={(r) => r.user.id}
        dataSource={report.data?.people ?? []}
        columns={[
          { title: t('roadChief.person'), render: (_, r) => r.user.name },
          { title: t('roadChief.done'), render: (_, r) => `${r.done}/${r.required}` },
          { title: t('roadChief.offPost'), dataIndex: 'offPost' },
        ]}
      />
    </Card>
  );
}
