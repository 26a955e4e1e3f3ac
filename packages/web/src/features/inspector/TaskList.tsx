// 核实/核查: the inspector's tasks on a phone. Cards, not a table: what, where, how far it is due;
// big buttons to confirm or deny a report, and to pass or fail a unit's work, with photos taken
// on the spot. The last loaded list is kept on the phone and shown (read-only) when offline.

import { EnvironmentOutlined } from '@ant-design/icons';
import type { CaseAction, CaseState } from '@xiuhua/domain/workflow';
import { Alert, Button, Card, Empty, List, Segmented, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { useCaseQueue } from '../../api/hooks.ts';
import type { Case } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { CaseActions } from '../../shared/CaseActions.tsx';
import { cacheGet, cachePut } from '../../shared/outbox.ts';
import { ColourDot, Due, StateTag } from '../../shared/tags.tsx';
import './messages.ts';

export const TASK_MODES: Record<'verify' | 'check', { states: CaseState[]; actions: CaseAction[] }> = {
  verify: { states: ['verifying'], actions: ['verify_confirm', 'verify_deny'] },
  check: { states: ['checking'], actions: ['check_pass', 'check_fail'] },
};

export function TaskList({ me }: { me: { id: number } }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'verify' | 'check'>('check');
  const queue = useCaseQueue({ state: TASK_MODES[mode].states, sort: 'due_at', order: 'asc' });
  const live = useMemo(() => queue.data?.pages.flatMap((p) => p.items), [queue.data]);
  const key = `tasks:${me.id}:${mode}`;
  const [stale, setStale] = useState<{ rows: Case[]; savedAt: number } | null>(null);
  useEffect(() => {
    if (live) void cachePut(key, live).catch(() => undefined);
  }, [live, key]);
  // No network (not a refusal): show what was loaded last time.
  const offline = queue.isError && !(queue.error instanceof ApiError);
  useEffect(() => {
    setStale(null);
    if (!offline) return;
    void cacheGet<Case[]>(key)
      .then((hit) => hit && setStale({ rows: hit.data, savedAt: hit.savedAt }))
      .catch(() => undefined);
  }, [offline, key]);
  const rows = useMemo(() => {
    const all = live ?? stale?.rows ?? [];
    // the inspector's own tasks first
    return [...all].sort((a, b) => Number(b.assigneeUserId === me.id) - Number(a.assigneeUserId === me.id));
  }, [live, stale, me.id]);
  const total = queue.data?.pages[0]?.total ?? 0;
  return (
    <div data-testid="inspector-tasks">
      <Segmented
        block
        size="large"
        value={mode}
        onChange={(v) => setMode(v as 'verify' | 'check')}
        options={[
          { value: 'check', label: t('inspector.check') },
          { value: 'verify', label: t('inspector.verify') },
        ]}
        style={{ marginBottom: 12 }}
      />
      {!live && stale && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          message={t('inspector.stale', { time: dayjs(stale.savedAt).format('MM-DD HH:mm') })}
        />
      )}
      <List
        // keyed by case: a live refetch may reorder the cards while an action dialog is open
        rowKey="id"
        loading={queue.isPending && !stale}
        dataSource={rows}
        locale={{ emptyText: <Empty description={t('inspector.empty')} /> }}
        renderItem={(row) => (
          <TaskCard row={row} actions={TASK_MODES[mode].actions} mine={row.assigneeUserId === me.id} />
        )}
        footer={
          live && rows.length < total ? (
            <Button block onClick={() => queue.fetchNextPage()} loading={queue.isFetchingNextPage}>
              {t('inspector.more')}
            </Button>
          ) : null
        }
      />
    </div>
  );
}

function TaskCard({ row, actions, mine }: { row: Case; actions: CaseAction[]; mine: boolean }) {
  const { t } = useI18n();
  return (
    <Card size="small" style={{ marginBottom: 8 }} data-case-id={row.id} data-testid="task-card">
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap size={6}>
          <Link to={`/cases/${row.id}`}>{row.number}</Link>
          <StateTag state={row.state} />
          <ColourDot colour={row.colour} />
          {mine && <Typography.Text type="success">{t('inspector.mine')}</Typography.Text>}
        </Space>
        <Typography.Text strong>{row.className}</Typography.Text>
        <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2 }}>
          {row.description}
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          <EnvironmentOutlined /> {row.area.streetName} {row.area.communityName} {row.address ?? ''}
        </Typography.Text>
        <span>
          {t('case.due')}：<Due row={row} />
        </span>
        <CaseActions
          caseRow={row}
          actions={actions}
          size="large"
          extras={{ verify_deny: { danger: true }, check_fail: { danger: true } }}
        />
      </Space>
    </Card>
  );
}
