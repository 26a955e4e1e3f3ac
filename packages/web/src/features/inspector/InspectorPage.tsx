// The inspector's phone app (监督员巡查): today's verification and check tasks, a map of the
// inspector's responsibility grid with the task points, a report form that works offline, the
// outbox queue, and the on-duty switch that records the patrol track. A road chief gets the same
// app with 我的路段 (RoadChiefPanel) in place of the tasks and his segments on the map. Installable as a PWA
// (manifest start_url /inspector; the service worker precaches this chunk).

import { Alert, Badge, Space, Spin, Switch, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { get } from '../../api/client.ts';
import type { PatrolTrack } from '@xiuhua/server/contract';
import { useCaseQueue, useMe } from '../../api/hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { HttpsNote } from '../../shared/HttpsNote.tsx';
import type { OutboxItem } from '../../shared/outbox.ts';
import { goOffDuty, goOnDuty, startInspectorBackground } from './background.ts';
import { useMyGrids, useOnline, useOutbox, usePatrol } from './hooks.ts';
import { OutboxList } from './OutboxList.tsx';
import { RoadChiefPanel, useRoadChiefWorkbench } from './RoadChiefPanel.tsx';
import { ReportForm } from './ReportForm.tsx';
import { TaskList } from './TaskList.tsx';
import './messages.ts';

const PatrolMap = lazy(() => import('./PatrolMap.tsx'));

type Tab = 'segments' | 'tasks' | 'map' | 'report' | 'queue';
const TABS: readonly Tab[] = ['segments', 'tasks', 'map', 'report', 'queue'];

export default function InspectorPage() {
  const { t } = useI18n();
  const me = useMe().data!;
  const [params, setParams] = useSearchParams();
  const inspector = me.roles.includes('inspector');
  const chief = me.roles.includes('road_chief');
  const first: Tab = inspector || !chief ? 'tasks' : 'segments';
  const tab: Tab = TABS.find((x) => x === params.get('tab')) ?? first;
  const setTab = (next: Tab) => setParams(next === first ? {} : { tab: next }, { replace: true });
  const [fixing, setFixing] = useState<OutboxItem | null>(null);
  // A fresh form after each report.
  const [formKey, setFormKey] = useState(0);
  const online = useOnline();
  const outbox = useOutbox(me.id);
  const waiting = outbox.items.filter((i) => i.status !== 'sent').length;

  useEffect(() => {
    void startInspectorBackground(me.id);
  }, [me.id]);

  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }} data-testid="inspector-app" data-online={online}>
      {!online && (
        <Alert type="warning" showIcon banner message={t('inspector.offline')} data-testid="offline-banner" />
      )}
      <HttpsNote />
      <DutyBar owner={me.id} points={outbox.points} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as Tab)}
        items={[
          ...(chief
            ? [
                {
                  key: 'segments',
                  label: t('inspector.tab.segments'),
                  children: <RoadChiefPanel owner={me.id} />,
                },
              ]
            : []),
          ...(inspector || !chief
            ? [{ key: 'tasks', label: t('inspector.tab.tasks'), children: <TaskList me={me} /> }]
            : []),
          {
            key: 'map',
            label: t('inspector.tab.map'),
            // MapLibre needs a visible container: mount it only while its tab shows.
            children: tab === 'map' ? <MapTab owner={me.id} chief={chief} /> : null,
          },
          {
            key: 'report',
            label: t('inspector.tab.report'),
            children: (
              <ReportForm
                key={fixing ? `fix:${fixing.id}` : `new:${formKey}`}
                owner={me.id}
                fixing={fixing ?? undefined}
                onQueued={() => {
                  setFixing(null);
                  setFormKey((k) => k + 1);
                  setTab('queue');
                }}
              />
            ),
          },
          {
            key: 'queue',
            label: (
              <Badge count={waiting} size="small" offset={[8, -2]} data-testid="queue-badge">
                {t('inspector.tab.queue')}
              </Badge>
            ),
            children: (
              <OutboxList
                owner={me.id}
                onFix={(item) => {
                  setFixing(item);
                  setTab('report');
                }}
              />
            ),
          },
        ]}
      />
    </div>
  );
}

/** The on-duty switch: while on, the phone records the patrol track. */
function DutyBar({ owner, points }: { owner: number; points: number }) {
  const { t } = useI18n();
  const patrol = usePatrol();
  const [busy, setBusy] = useState(false);
  const onDuty = patrol.duty !== null && patrol.owner === owner;
  const toggle = async (on: boolean) => {
    setBusy(true);
    try {
      await (on ? goOnDuty(owner) : goOffDuty(owner));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      style={{ padding: '8px 4px', display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}
      data-testid="duty-bar"
      data-on-duty={onDuty}
    >
      <Space>
        <Switch
          checked={onDuty}
          loading={busy}
          onChange={(on) => void toggle(on)}
          data-testid="duty-switch"
        />
        <Typography.Text strong>{onDuty ? t('inspector.duty.on') : t('inspector.duty.off')}</Typography.Text>
      </Space>
      {onDuty && patrol.duty && (
        <Typography.Text type="secondary">
          {t('inspector.duty.since', { time: dayjs(patrol.duty.startedAt).format('HH:mm') })}
          {patrol.lastFix ? ` · ±${Math.round(patrol.lastFix.accuracy)} m` : ''}
        </Typography.Text>
      )}
      {points > 0 && (
        <Typography.Text type="secondary" data-testid="duty-points">
          {t('inspector.duty.points', { n: points })}
        </Typography.Text>
      )}
      {onDuty && patrol.gpsError && (
        <Alert
          type="error"
          showIcon
          message={t(`inspector.duty.gps.${patrol.gpsError}`)}
          data-testid="duty-gps-problem"
        />
      )}
      {onDuty && !patrol.gpsError && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('inspector.duty.foreground')}
        </Typography.Text>
      )}
    </div>
  );
}

/** The inspector's grid, the task points in it (or given to them), today's track and where they are. */
function MapTab({ owner, chief }: { owner: number; chief: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const patrol = usePatrol();
  const grids = useMyGrids(owner);
  const workbench = useRoadChiefWorkbench(owner, chief);
  const tasks = useCaseQueue({ state: ['verifying', 'checking'], sort: 'due_at', order: 'asc' });
  const today = dayjs().format('YYYY-MM-DD');
  const track = useQuery({
    queryKey: ['patrol', 'track', owner, today],
    queryFn: () => get<PatrolTrack>('/api/patrol/tracks', { userId: owner, date: today }),
    retry: false,
    refetchInterval: 60_000,
  });
  const cells = useMemo(
    () => new Set((grids.data?.features ?? []).map((f) => String(f.properties?.cellCode))),
    [grids.data],
  );
  const points = useMemo(
    () =>
      (tasks.data?.pages.flatMap((p) => p.items) ?? [])
        .filter((c) => c.assigneeUserId === owner || (c.assigneeUserId === null && cells.has(c.cellCode)))
        .map((c) => ({
          id: c.id,
          lon: c.location.lon,
          lat: c.location.lat,
          label: c.number,
          state: c.state,
        })),
    [tasks.data, cells, owner],
  );
  const gridNames = [...new Set((grids.data?.features ?? []).map((f) => String(f.properties?.gridName)))];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary" data-testid="grid-names">
        {t('map.myGrid')}：
        {gridNames.length > 0 ? gridNames.join('、') : grids.isPending ? '…' : t('map.noGrid')}
        {' · '}
        {t('map.tasks')} {points.length}
      </Typography.Text>
      <Suspense fallback={<Spin />}>
        <PatrolMap
          height="calc(100vh - 260px)"
          cells={grids.data}
          segments={workbench.data?.segments}
          tasks={points}
          track={track.data?.points.map((p) => [p.lon, p.lat] as [number, number])}
          me={patrol.lastFix}
          onTask={(id) => navigate(`/cases/${id}`)}
        />
      </Suspense>
    </Space>
  );
}
