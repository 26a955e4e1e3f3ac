// The queue: what the phone still has to send and what it sent today. A refused report shows
// the server's reason and waits for the inspector to fix it or discard it; everything else is
// sent by itself.

import { CloudUploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useI18n } from '../../i18n/index.tsx';
import { discard, type OutboxItem, type OutboxStatus } from '../../shared/outbox.ts';
import { type ReportPayload, syncNow } from './background.ts';
import { useOnline, useOutbox } from './hooks.ts';
import './messages.ts';

const STATUS_COLOUR: Record<OutboxStatus, string> = {
  pending: 'gold',
  sending: 'processing',
  failed: 'error',
  sent: 'success',
};

export function OutboxList({ owner, onFix }: { owner: number; onFix: (item: OutboxItem) => void }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const online = useOnline();
  const { items, points, loaded } = useOutbox(owner);
  const waiting = items.filter((i) => i.status !== 'sent').length;
  // Newest first: the report just made is on top.
  const shown = [...items].reverse();
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="outbox">
      <Space wrap>
        <Button
          icon={<CloudUploadOutlined />}
          disabled={!online || (waiting === 0 && points === 0)}
          onClick={() => void syncNow(owner)}
          data-testid="sync-now"
        >
          {t('queue.syncNow')}
        </Button>
        {points > 0 && (
          <Typography.Text type="secondary" data-testid="queued-points" data-count={points}>
            {t('inspector.duty.points', { n: points })}
          </Typography.Text>
        )}
      </Space>
      <List
        loading={!loaded}
        dataSource={shown}
        rowKey="id"
        locale={{ emptyText: <Empty description={t('queue.empty')} /> }}
        renderItem={(item) => (
          <OutboxCard
            item={item}
            onFix={() => onFix(item)}
            onDiscard={() =>
              modal.confirm({
                title: t('queue.discardConfirm'),
                okButtonProps: { danger: true },
                okText: t('queue.discard'),
                cancelText: t('common.cancel'),
                onOk: () => discard(item.id),
              })
            }
          />
        )}
      />
    </Space>
  );
}

function OutboxCard({
  item,
  onFix,
  onDiscard,
}: {
  item: OutboxItem;
  onFix: () => void;
  onDiscard: () => void;
}) {
  const { t } = useI18n();
  const report = item.kind === 'report' ? (item.payload as ReportPayload) : null;
  const number = typeof item.result?.number === 'string' ? item.result.number : null;
  return (
    <Card
      size="small"
      style={{ marginBottom: 8 }}
      data-testid="outbox-item"
      data-kind={item.kind}
      data-status={item.status}
      data-id={item.id}
    >
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap size={6}>
          <Tag color={STATUS_COLOUR[item.status]}>{t(`queue.status.${item.status}`)}</Tag>
          <Typography.Text strong>{report ? report.className : t(`queue.kind.${item.kind}`)}</Typography.Text>
          <Typography.Text type="secondary">{dayjs(item.createdAt).format('HH:mm:ss')}</Typography.Text>
        </Space>
        {report && (
          <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2 }}>
            {report.description}
            {item.photos.length > 0 && (
              <Typography.Text type="secondary">
                {' '}
                · {t('queue.photos', { n: item.photos.length })}
              </Typography.Text>
            )}
          </Typography.Paragraph>
        )}
        {number && item.result?.caseId !== undefined && (
          <Typography.Text data-testid="outbox-case-number">
            {t('report.sent', { number })} ·{' '}
            <Link to={`/cases/${String(item.result.caseId)}`}>{t('common.open')}</Link>
          </Typography.Text>
        )}
        {item.status === 'pending' && item.attempts > 0 && (
          <Typography.Text type="secondary">
            {t('queue.attempts', { n: item.attempts, time: dayjs(item.nextAttemptAt).format('HH:mm:ss') })}
            {item.error ? ` · ${t('queue.lastError', { message: item.error.message })}` : ''}
          </Typography.Text>
        )}
        {item.status === 'failed' && item.error && (
          <Alert
            type="error"
            showIcon
            message={item.error.message}
            description={item.error.field}
            data-testid="outbox-error"
          />
        )}
        {item.status === 'failed' && (
          <Space>
            {report && (
              <Button type="primary" onClick={onFix} data-testid="outbox-fix">
                {t('queue.fix')}
              </Button>
            )}
            <Button danger onClick={onDiscard} data-testid="outbox-discard">
              {t('queue.discard')}
            </Button>
          </Space>
        )}
      </Space>
    </Card>
  );
}
