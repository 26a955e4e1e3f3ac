// 核实/核查: the inspector's tasks on a phone. Cards, not a table: what, where, how far it is due;
// big buttons to confirm or deny a report, and to pass or fail a unit's work, with photos taken
// on the spot.

import { EnvironmentOutlined } from '@ant-design/icons';
import type { CaseAction, CaseState } from '@xiuhua/domain/workflow';
import { Button, Card, Empty, List, Segmented, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useCaseQueue, useMe } from '../../api/hooks.ts';
import type { Case } from '../../api/types.ts';
import { defineMessages, useI18n } from '../../i18n/index.tsx';
import { CaseActions } from '../../shared/CaseActions.tsx';
import { ColourDot, Due, StateTag } from '../../shared/tags.tsx';

defineMessages({
  'inspector.verify': { zh: '核实任务', en: 'Verify' },
  'inspector.check': { zh: '核查任务', en: 'Check' },
  'inspector.mine': { zh: '指派给我', en: 'Assigned to me' },
  'inspector.empty': { zh: '暂无任务', en: 'No tasks' },
  'inspector.more': { zh: '加载更多', en: 'Load more' },
  'inspector.navigate': { zh: '位置', en: 'Location' },
});

const MODES: Record<string, { states: CaseState[]; actions: CaseAction[] }> = {
  verify: { states: ['verifying'], actions: ['verify_confirm', 'verify_deny'] },
  check: { states: ['checking'], actions: ['check_pass', 'check_fail'] },
};

export default function InspectorPage() {
  const { t } = useI18n();
  const me = useMe().data!;
  const [mode, setMode] = useState<'verify' | 'check'>('check');
  const queue = useCaseQueue({ state: MODES[mode]!.states, sort: 'due_at', order: 'asc' });
  const rows = useMemo(() => {
    const all = queue.data?.pages.flatMap((p) => p.items) ?? [];
    // the inspector's own tasks first
    return [...all].sort((a, b) => Number(b.assigneeUserId === me.id) - Number(a.assigneeUserId === me.id));
  }, [queue.data, me.id]);
  const total = queue.data?.pages[0]?.total ?? 0;
  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }} data-testid="inspector-tasks">
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
      <List
        // keyed by case: a live refetch may reorder the cards while an action dialog is open
        rowKey="id"
        loading={queue.isPending}
        dataSource={rows}
        locale={{ emptyText: <Empty description={t('inspector.empty')} /> }}
        renderItem={(row) => (
          <TaskCard row={row} actions={MODES[mode]!.actions} mine={row.assigneeUserId === me.id} />
        )}
        footer={
          rows.length < total ? (
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
