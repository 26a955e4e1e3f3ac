// The admin history of one entity (or of every entity of a kind): who changed what and when,
// newest first, each change as the fields it changed, before → after. Opened by HistoryButton
// from a table row, or from a section's toolbar for the calendar and settings.

import { HistoryOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { AdminEntity, AdminEvent, AdminHistory } from '@xiuhua/server/contract';
import { Alert, Button, Drawer, Empty, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { get } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatTime } from '../../shared/tags.tsx';
import { diffFields, shortValue } from './historyDiff.ts';
import './messages.ts';

const ACTION_COLOURS: Record<string, string> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  revoke: 'orange',
  import: 'purple',
  unlock: 'cyan',
};

const PAGE = 20;

function useHistory(entity: AdminEntity, key: string | undefined) {
  return useInfiniteQuery({
    queryKey: ['admin', 'history', entity, key],
    queryFn: ({ pageParam }) =>
      get<AdminHistory>('/api/admin/history', { entity, key, limit: PAGE, before: pageParam }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    staleTime: 0,
  });
}

function Change(props: { event: AdminEvent; showKey: boolean }) {
  const { t } = useI18n();
  const e = props.event;
  const changes = diffFields(e.before, e.after);
  const who = e.actor ? `${e.actor.displayName}（${e.actor.username}）` : t('history.system');
  return (
    <div data-testid="history-event">
      <Space size={6} wrap>
        <Typography.Text strong>{formatTime(e.at)}</Typography.Text>
        <Typography.Text>{who}</Typography.Text>
        <Tag color={ACTION_COLOURS[e.action]}>{t(`history.action.${e.action}`)}</Tag>
        {props.showKey && <Typography.Text type="secondary">{e.key}</Typography.Text>}
      </Space>
      <Table
        size="small"
        style={{ marginTop: 6 }}
        rowKey="field"
        tableLayout="fixed"
        pagination={false}
        dataSource={changes}
        locale={{ emptyText: t('history.noFields') }}
        columns={[
          {
            title: t('history.field'),
            dataIndex: 'field',
            width: '30%',
            render: (f: string) => <span style={{ overflowWrap: 'anywhere' }}>{f}</span>,
          },
          {
            title: t('history.before'),
            dataIndex: 'before',
            render: (v: unknown) => (
              <Typography.Text delete={v != null} style={{ overflowWrap: 'anywhere' }}>
                {shortValue(v)}
              </Typography.Text>
            ),
          },
          {
            title: t('history.after'),
            dataIndex: 'after',
            render: (v: unknown) => <span style={{ overflowWrap: 'anywhere' }}>{shortValue(v)}</span>,
          },
        ]}
      />
    </div>
  );
}

/** The drawer; `entityKey` absent = every entity of the kind (each change then names its key). */
export function HistoryDrawer(props: {
  entity: AdminEntity;
  entityKey?: string | number;
  title: ReactNode;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(true);
  const key = props.entityKey === undefined ? undefined : String(props.entityKey);
  const history = useHistory(props.entity, key);
  const events = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Drawer
      open={open}
      size={640}
      title={
        <span>
          {t('history.title')} · {props.title}
        </span>
      }
      onClose={() => setOpen(false)}
      afterOpenChange={(visible) => {
        if (!visible) props.onClose();
      }}
      data-testid="history-drawer"
    >
      {history.isError && (
        <Alert type="error" showIcon title={t('admin.loadFailed', { message: history.error.message })} />
      )}
      {history.isPending ? (
        <Spin />
      ) : events.length === 0 ? (
        <Empty description={t('history.empty')} />
      ) : (
        <Timeline
          items={events.map((e) => ({
            key: e.id,
            color: ACTION_COLOURS[e.action] ?? 'gray',
            content: <Change event={e} showKey={key === undefined} />,
          }))}
        />
      )}
      {history.hasNextPage && (
        <Button onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage}>
          {t('history.more')}
        </Button>
      )}
    </Drawer>
  );
}

/** A `历史` link button that opens the entity's history drawer. */
export function HistoryButton(props: {
  entity: AdminEntity;
  entityKey?: string | number;
  title: ReactNode;
  /** A toolbar button rather than a link in a table row. */
  block?: boolean;
  /** The button's text (default 历史 / History). */
  label?: string;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        type={props.block ? 'default' : 'link'}
        size={props.block ? 'middle' : 'small'}
        icon={props.block ? <HistoryOutlined /> : undefined}
        onClick={() => setOpen(true)}
        data-testid="history-button"
      >
        {props.label ?? t('history.button')}
      </Button>
      {open && (
        <HistoryDrawer
          entity={props.entity}
          entityKey={props.entityKey}
          title={props.title}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
