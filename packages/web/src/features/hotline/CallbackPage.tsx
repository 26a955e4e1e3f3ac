// 回访: closed cases whose reporter left a number, oldest closure first, with the number to dial.
// The operator records the rating (satisfied / basically satisfied / unsatisfied — which reopens
// the case) or that nobody answered; after the last allowed attempt the case leaves the queue
// with a note. After each result the next case in the queue is selected. Keyboard: ↑↓ choose,
// Alt+1…4 record.

import { PhoneOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Satisfaction } from '@xiuhua/domain/workflow';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Empty,
  Input,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useCaseAction } from '../../api/hooks.ts';
import type { Case } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { CaseSummary } from '../../shared/CaseSummary.tsx';
import { formatTime } from '../../shared/tags.tsx';
import { CasePanel } from '../../shared/Workbench.tsx';
import { type CallbackItem, hotlineApi } from './api.ts';
import './messages.ts';

type Result = Satisfaction | 'not_reached';
const RESULTS: { key: Result; label: string; danger?: boolean }[] = [
  { key: 'satisfied', label: 'callback.satisfied' },
  { key: 'basically_satisfied', label: 'callback.basically' },
  { key: 'unsatisfied', label: 'callback.unsatisfied', danger: true },
  { key: 'not_reached', label: 'callback.notReached' },
];

export default function CallbackPage() {
  const { t } = useI18n();
  const queue = useQuery({ queryKey: ['cases', 'callbacks'], queryFn: hotlineApi.callbacks });
  const items = queue.data?.items ?? [];
  const [selected, setSelected] = useState<number | undefined>();
  const current = items.find((i) => i.id === selected);

  // Keep a selection while there is a queue: the first case, or the one after the case just done.
  const lastIndex = useRef(0);
  useEffect(() => {
    if (items.length === 0 || (selected !== undefined && items.some((i) => i.id === selected))) return;
    setSelected(items[Math.min(lastIndex.current, items.length - 1)]!.id);
  }, [items, selected]);
  useEffect(() => {
    const index = items.findIndex((i) => i.id === selected);
    if (index >= 0) lastIndex.current = index;
  }, [items, selected]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = (e.target as HTMLElement | null)?.closest('input, textarea, [contenteditable]');
      if (typing || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
      const index = items.findIndex((i) => i.id === selected);
      const next = items[Math.max(0, Math.min(items.length - 1, index + (e.key === 'ArrowDown' ? 1 : -1)))];
      if (next) {
        e.preventDefault();
        setSelected(next.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, selected]);

  return (
    <Row gutter={12}>
      <Col xs={24} xl={14}>
        <Card size="small" title={t('callback.queue', { n: queue.data?.total ?? 0 })}>
          <Table<CallbackItem>
            size="small"
            rowKey="id"
            loading={queue.isPending}
            dataSource={items}
            pagination={false}
            scroll={{ y: 'calc(100vh - 260px)' }}
            locale={{ emptyText: <Empty description={t('callback.empty')} /> }}
            onRow={(row) => ({
              onClick: () => setSelected(row.id),
              'data-case-id': row.id,
              style: { cursor: 'pointer', background: row.id === selected ? '#e6f4ff' : undefined },
            })}
            data-testid="callback-queue"
            columns={[
              { title: t('case.number'), dataIndex: 'number', width: 104 },
              { title: t('case.class'), dataIndex: 'className', width: 96, ellipsis: true },
              {
                title: t('case.address'),
                render: (_, r) => `${r.streetName}${r.address ? ` · ${r.address}` : ''}`,
                ellipsis: true,
              },
              { title: t('callback.closedAt'), render: (_, r) => formatTime(r.closedAt), width: 128 },
              {
                title: t('callback.contact'),
                render: (_, r) => (
                  <Space size={4}>
                    {r.reporter.name}
                    <a href={`tel:${r.reporter.phone}`}>{r.reporter.phone}</a>
                  </Space>
                ),
                width: 160,
              },
              {
                title: t('callback.attempts'),
                dataIndex: 'attempts',
                width: 64,
                render: (n: number) => (n > 0 ? <Tag color="orange">{n}</Tag> : '—'),
              },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
            {t('callback.keys')}
          </Typography.Paragraph>
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <CasePanel caseId={selected}>
          {(row) => <CallbackPanel key={row.id} row={row} item={current} />}
        </CasePanel>
      </Col>
    </Row>
  );
}

function CallbackPanel({ row, item }: { row: Case; item: CallbackItem | undefined }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const action = useCaseAction();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<Result | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const waiting =
    row.state === 'closed' && row.satisfaction === null && row.availableActions.includes('callback');

  const record = async (result: Result) => {
    if (!waiting || busy) return;
    setBusy(result);
    setBanner(null);
    try {
      if (result === 'not_reached') {
        const r = await hotlineApi.notReached(row.id, note.trim() || undefined);
        message.info(
          t('callback.attempt', {
            number: row.number,
            n: r.attempts,
            left: r.inQueue ? '' : t('callback.gaveUp'),
          }),
        );
        await queryClient.invalidateQueries({ queryKey: ['cases'] });
      } else {
        const reason = note.trim() || (result === 'unsatisfied' ? '回访不满意，重办' : undefined);
        const updated = await action.mutateAsync({
          caseRow: row,
          action: 'callback',
          input: { satisfaction: result, ...(reason ? { reason } : {}) },
        });
        message.success(
          updated.state === 'closed'
            ? t('callback.recorded', {
                number: row.number,
                result: t(RESULTS.find((r) => r.key === result)!.label),
              })
            : t('callback.reopened', { number: row.number }),
        );
      }
    } catch (e) {
      setBanner(e instanceof ApiError ? `${e.message} (${e.code})` : String(e));
    } finally {
      setBusy(null);
    }
  };

  const recordRef = useRef(record);
  recordRef.current = record;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const n = /^Digit([1-4])$/.exec(e.code);
      if (!e.altKey || !n) return;
      e.preventDefault();
      void recordRef.current(RESULTS[Number(n[1]) - 1]!.key);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div data-testid="callback-panel">
      <CaseSummary row={row} />
      {item && (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          icon={<PhoneOutlined />}
          showIcon
          title={
            <Space>
              {t('callback.dial')}
              <a href={`tel:${item.reporter.phone}`} data-testid="dial">
                {item.reporter.phone}
              </a>
              {item.reporter.name}
              {item.attempts > 0 && (
                <Tag color="orange">
                  {t('callback.attempts')} {item.attempts}
                </Tag>
              )}
            </Space>
          }
        />
      )}
      {banner && <Alert type="error" title={banner} showIcon role="alert" style={{ marginTop: 12 }} />}
      <Input.TextArea
        style={{ marginTop: 12 }}
        rows={2}
        maxLength={500}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder={t('callback.note')}
        aria-label={t('callback.note')}
        disabled={!waiting}
      />
      <Space wrap style={{ marginTop: 12 }}>
        {RESULTS.map((r, i) => (
          <Button
            key={r.key}
            type={i === 0 ? 'primary' : 'default'}
            danger={r.danger}
            disabled={!waiting}
            loading={busy === r.key}
            onClick={() => void record(r.key)}
            data-result={r.key}
          >
            {t(r.label)}{' '}
            <Typography.Text type="secondary" style={{ fontSize: 11 }}>
              Alt+{i + 1}
            </Typography.Text>
          </Button>
        ))}
      </Space>
    </div>
  );
}
