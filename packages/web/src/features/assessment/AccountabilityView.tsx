// 问责事项: what publication raised — consecutive or cumulative black flags, last places in a
// quarter — each tracked until someone with the right marks it handled, with a note of how.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { get, post } from '../../api/client.ts';
import { useCan } from '../../api/policy.ts';
import { useI18n } from '../../i18n/index.tsx';
import { applyApiError } from '../../shared/forms.ts';
import { useAssessmentParams } from './params.ts';
import { ASSESSMENT_API, type AccountabilityItem, invalidateAssessment, useSchemes } from './api.ts';
import { fmtTime, useNames, validated } from './common.tsx';

export default function AccountabilityView() {
  const { t } = useI18n();
  const may = useCan();
  const names = useNames();
  const { params, set } = useAssessmentParams();
  const schemes = useSchemes();
  const status = (params.get('status') ?? 'open') as 'open' | 'handled' | 'all';
  const schemeId = params.get('scheme') ?? undefined;
  const items = useQuery({
    queryKey: ['assessment', 'accountability', status, schemeId],
    queryFn: () =>
      get<AccountabilityItem[]>(`${ASSESSMENT_API}/accountability`, {
        status: status === 'all' ? undefined : status,
        schemeId,
      }),
  });
  const [handling, setHandling] = useState<AccountabilityItem | null>(null);
  const canHandle = may('assessment.handleAccountability', null);

  return (
    <Card
      size="small"
      title={
        <Space wrap>
          <Segmented
            size="small"
            value={status}
            onChange={(v) => set({ status: v === 'open' ? undefined : String(v) })}
            options={[
              { label: t('as.acc.status.open'), value: 'open' },
              { label: t('as.acc.status.handled'), value: 'handled' },
              { label: t('common.all'), value: 'all' },
            ]}
            data-testid="accountability-status"
          />
          <Select
            allowClear
            placeholder={t('as.scheme')}
            value={schemeId ? Number(schemeId) : undefined}
            onChange={(v) => set({ scheme: v === undefined ? undefined : String(v) })}
            options={(schemes.data ?? []).map((s) => ({ value: s.id, label: names.scheme(s) }))}
            style={{ width: 220 }}
            popupMatchSelectWidth={false}
            aria-label={t('as.scheme')}
          />
        </Space>
      }
      styles={{ body: { padding: 0 } }}
    >
      {items.isError && <Alert type="error" showIcon title={(items.error as Error).message} />}
      <Table<AccountabilityItem>
        size="small"
        rowKey="id"
        loading={items.isPending}
        dataSource={items.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('as.acc.empty') }}
        data-testid="accountability-table"
        columns={[
          { title: t('as.acc.createdAt'), dataIndex: 'createdAt', width: 140, render: fmtTime },
          { title: t('as.scheme'), dataIndex: 'schemeName' },
          {
            title: t('as.col.subject'),
            dataIndex: 'subjectName',
            render: (n: string, r) => names.subject({ level: r.level, id: r.subjectId, name: n }),
          },
          { title: t('as.col.period'), dataIndex: 'period', width: 80 },
          {
            title: t('as.acc.kind'),
            dataIndex: 'kind',
            render: (k: string, r) => {
              const word = t(`as.trigger.${k}`);
              return (
                <Tag color={k.startsWith('black') || k === 'quarter_last_3' ? 'red' : 'orange'}>
                  {word.startsWith('as.') ? r.kindName : word}
                </Tag>
              );
            },
          },
          { title: t('as.acc.detail'), dataIndex: 'detail' },
          {
            title: t('case.state'),
            dataIndex: 'status',
            render: (s: string, r) =>
              s === 'handled' ? (
                <Space orientation="vertical" size={0}>
                  <Tag color="success">{t('as.acc.status.handled')}</Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('as.acc.handledBy', {
                      by: r.handledBy ?? '—',
                      at: fmtTime(r.handledAt),
                      note: r.note ?? '',
                    })}
                  </Typography.Text>
                </Space>
              ) : (
                <Tag color="warning">{t('as.acc.status.open')}</Tag>
              ),
          },
          ...(canHandle
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, r: AccountabilityItem) =>
                    r.status === 'open' && (
                      <Button size="small" onClick={() => setHandling(r)} data-testid={`handle-${r.id}`}>
                        {t('as.acc.handle')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <HandleModal item={handling} onClose={() => setHandling(null)} />
    </Card>
  );
}

function HandleModal({ item, onClose }: { item: AccountabilityItem | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ note: string }>();
  const [banner, setBanner] = useState<string | null>(null);
  const handle = useMutation({
    mutationFn: (note: string) => post(`${ASSESSMENT_API}/accountability/${item!.id}/handle`, { note }),
    onSuccess: async () => {
      message.success(t('common.done'));
      form.resetFields();
      onClose();
      await invalidateAssessment(client);
    },
    onError: (e) => setBanner(applyApiError(form, e, ['note'])),
  });
  return (
    <Modal
      open={item !== null}
      title={item && t('as.acc.handleTitle', { subject: item.subjectName })}
      okText={t('common.submit')}
      okButtonProps={{ loading: handle.isPending }}
      onOk={async () => {
        setBanner(null);
        const values = await validated(form);
        if (values) handle.mutate(values.note.trim());
      }}
      onCancel={() => {
        setBanner(null);
        onClose();
      }}
      destroyOnHidden
    >
      {item && (
        <Typography.Paragraph type="secondary">
          {item.period} · {item.detail}
        </Typography.Paragraph>
      )}
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item
          name="note"
          label={t('as.acc.note')}
          rules={[
            { required: true, whitespace: true, message: t('common.required', { field: t('as.acc.note') }) },
            { max: 1000 },
          ]}
        >
          <Input.TextArea rows={3} maxLength={1000} placeholder={t('as.acc.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
