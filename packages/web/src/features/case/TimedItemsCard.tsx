// A case's timed items (时限事项, docs/timed-items.md): the deadlines beyond the case's own step —
// a dispute ruling, an appeal's review — with their colours; supervisors remind, urge or
// supervise an open one from here. Hidden when the case has none.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  TIMED_ITEM_ACTION_NAMES,
  TIMED_ITEM_PROMPTS,
  TIMED_ITEM_STATUS_NAMES,
  type TimedItemPrompt,
} from '@xiuhua/domain/timed';
import { transitionOf } from '@xiuhua/domain/workflow';
import type { TimedItem } from '@xiuhua/server/contract';
import { Alert, App, Button, Card, Form, Input, Modal, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { get, post } from '../../api/client.ts';
import { useMe } from '../../api/hooks.ts';
import { defineMessages, useI18n } from '../../i18n/index.tsx';
import { applyApiError } from '../../shared/forms.ts';
import { ColourDot, formatTime, ProvisionalTag } from '../../shared/tags.tsx';

defineMessages({
  'timed.title': { zh: '时限事项', en: 'Timed items' },
  'timed.item': { zh: '事项', en: 'Item' },
  'timed.owner': { zh: '责任单位', en: 'Owner' },
  'timed.due': { zh: '时限', en: 'Due' },
  'timed.colour': { zh: '预警', en: 'Warning' },
  'timed.status': { zh: '状态', en: 'Status' },
  'timed.lastPrompt': { zh: '最近督促', en: 'Last prompt' },
  'timed.promptTitle': { zh: '{action}：{title}', en: '{action}: {title}' },
});

export function TimedItemsCard({ caseId }: { caseId: number }) {
  const { t, pick } = useI18n();
  const me = useMe();
  const [prompting, setPrompting] = useState<{ item: TimedItem; prompt: TimedItemPrompt } | null>(null);
  const items = useQuery({
    queryKey: ['case', String(caseId), 'timed-items'],
    queryFn: () => get<TimedItem[]>('/api/timed-items', { caseId, status: 'all' }),
  });
  if (!items.data || items.data.length === 0) return null;
  // The console knows roles, not areas: the server checks the scope again.
  const roles = me.data?.roles ?? [];
  const mayPrompt = (p: TimedItemPrompt) => roles.some((r) => transitionOf(p).roles.includes(r));
  return (
    <Card size="small" title={t('timed.title')} style={{ marginTop: 12 }} data-testid="timed-items">
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={items.data}
        columns={[
          { title: t('timed.item'), dataIndex: 'title' },
          { title: t('timed.owner'), render: (_, r) => r.owner.name },
          {
            title: t('timed.due'),
            dataIndex: 'dueAt',
            render: (d: string | null, r) => (
              <span style={{ whiteSpace: 'nowrap' }}>
                {formatTime(d)}
                <ProvisionalTag provisional={r.provisional} />
              </span>
            ),
          },
          {
            title: t('timed.colour'),
            render: (_, r) => (
              <span data-testid={`timed-colour-${r.id}`}>
                <ColourDot colour={r.colour} />
              </span>
            ),
          },
          {
            title: t('timed.status'),
            render: (_, r) => (
              <Tag color={r.status === 'open' ? 'processing' : 'default'}>
                {pick(TIMED_ITEM_STATUS_NAMES[r.status])}
              </Tag>
            ),
          },
          {
            title: t('timed.lastPrompt'),
            render: (_, r) =>
              r.lastPrompt
                ? `${pick(TIMED_ITEM_ACTION_NAMES[r.lastPrompt.action])} ${formatTime(r.lastPrompt.at)}`
                : '—',
          },
          {
            title: t('common.actions'),
            render: (_, r) =>
              r.status === 'open' && (
                <Space size={4}>
                  {TIMED_ITEM_PROMPTS.filter(mayPrompt).map((p) => (
                    <Button key={p} size="small" onClick={() => setPrompting({ item: r, prompt: p })}>
                      {pick(TIMED_ITEM_ACTION_NAMES[p])}
                    </Button>
                  ))}
                </Space>
              ),
          },
        ]}
      />
      <PromptModal target={prompting} onClose={() => setPrompting(null)} />
    </Card>
  );
}

function PromptModal({
  target,
  onClose,
}: {
  target: { item: TimedItem; prompt: TimedItemPrompt } | null;
  onClose: () => void;
}) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [banner, setBanner] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (reason: string) => post(`/api/timed-items/${target!.item.id}/${target!.prompt}`, { reason }),
    onSuccess: async () => {
      message.success(t('common.done'));
      form.resetFields();
      onClose();
      await client.invalidateQueries({ queryKey: ['case', String(target!.item.caseId), 'timed-items'] });
    },
    onError: (e) => setBanner(applyApiError(form, e, ['reason'])),
  });
  return (
    <Modal
      open={target !== null}
      title={
        target &&
        t('timed.promptTitle', {
          action: pick(TIMED_ITEM_ACTION_NAMES[target.prompt]),
          title: target.item.title,
        })
      }
      okText={t('common.submit')}
      okButtonProps={{ loading: send.isPending }}
      onOk={async () => {
        setBanner(null);
        const values = await form.validateFields().catch(() => null);
        if (values) send.mutate(values.reason.trim());
      }}
      onCancel={() => {
        setBanner(null);
        onClose();
      }}
      destroyOnHidden
    >
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('common.reason')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common.required', { field: t('common.reason') }),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
