// 巡查轨迹: for supervisors — who patrolled on a day (in their scope) and each person's track on
// the map, with on-duty times and the distance walked.

import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Descriptions, Empty, List, Row, Space, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { PatrolSummaryRow, PatrolTrack } from '@xiuhua/server/contract';
import { get } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import './messages.ts';

const PatrolMap = lazy(() => import('./PatrolMap.tsx'));

const hhmm = (iso: string) => dayjs(iso).format('HH:mm');

export default function TrackPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const date = params.get('date') ?? dayjs().format('YYYY-MM-DD');
  const userId = Number(params.get('userId')) || null;
  const [day, setDay] = useState<Dayjs>(dayjs(date));
  const summary = useQuery({
    queryKey: ['patrol', 'summary', date],
    queryFn: () => get<PatrolSummaryRow[]>('/api/patrol/summary', { date }),
  });
  const selected = userId ?? summary.data?.[0]?.userId ?? null;
  const track = useQuery({
    queryKey: ['patrol', 'track', selected, date],
    queryFn: () => get<PatrolTrack>('/api/patrol/tracks', { userId: selected, date }),
    enabled: selected !== null,
  });
  const choose = (next: { date?: string; userId?: number | null }) => {
    const p: Record<string, string> = { date: next.date ?? date };
    const u = next.userId === undefined ? userId : next.userId;
    if (u) p.userId = String(u);
    setParams(p, { replace: true });
  };
  return (
    <Row gutter={12} data-testid="track-page">
      <Col xs={24} md={8}>
        <Card size="small" title={t('track.title')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <DatePicker
              value={day}
              allowClear={false}
              onChange={(d) => {
                if (!d) return;
                setDay(d);
                choose({ date: d.format('YYYY-MM-DD'), userId: null });
              }}
              aria-label={t('track.date')}
              style={{ width: '100%' }}
            />
            <List
              size="small"
              loading={summary.isPending}
              dataSource={summary.data ?? []}
              locale={{ emptyText: <Empty description={t('track.nobody')} /> }}
              renderItem={(r) => (
                <List.Item
                  onClick={() => choose({ userId: r.userId })}
                  style={{ cursor: 'pointer', background: r.userId === selected ? '#e6f4ff' : undefined }}
                  data-testid="track-person"
                  data-user-id={r.userId}
                >
                  <List.Item.Meta
                    title={r.displayName}
                    description={`${r.unitName} · ${hhmm(r.firstAt)}–${hhmm(r.lastAt)} · ${t('track.points')} ${r.points}`}
                  />
                </List.Item>
              )}
            />
          </Space>
        </Card>
      </Col>
      <Col xs={24} md={16}>
        {track.data ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Descriptions size="small" bordered column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label={t('track.person')}>
                {track.data.user.displayName} · {track.data.user.unitName}
              </Descriptions.Item>
              <Descriptions.Item label={t('track.distance')}>
                <span data-testid="track-distance">{(track.data.distanceM / 1000).toFixed(2)} km</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('track.points')}>
                <span data-testid="track-points">{track.data.points.length}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('track.shifts')}>
                {track.data.shifts.length === 0
                  ? t('common.none')
                  : track.data.shifts
                      .map((s) => `${hhmm(s.startedAt)}–${s.endedAt ? hhmm(s.endedAt) : t('track.open')}`)
                      .join('，')}
              </Descriptions.Item>
            </Descriptions>
            <Suspense fallback={<Spin />}>
              <PatrolMap
                height={480}
                fitKey={`${selected}:${date}`}
                track={track.data.points.map((p) => [p.lon, p.lat] as [number, number])}
              />
            </Suspense>
          </Space>
        ) : track.isFetching ? (
          <Spin />
        ) : (
          <Typography.Text type="secondary">{t('track.nobody')}</Typography.Text>
        )}
      </Col>
    </Row>
  );
}
