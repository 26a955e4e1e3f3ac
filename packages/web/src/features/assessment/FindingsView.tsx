// 督查扣分: the supervision office's findings for a 100-point deduction scheme (百分扣分制) — the
// list for a period, recording a finding against a subject (type from the scheme's deduction
// table, count, day, note) and voiding one recorded by mistake. A published month is closed to
// both; the server says so and the form shows it.

import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { post } from '../../api/client.ts';
import { useCan } from '../../api/policy.ts';
import { useI18n } from '../../i18n/index.tsx';
import { applyApiError } from '../../shared/forms.ts';
import { useAssessmentParams } from './params.ts';
import {
  ASSESSMENT_API,
  type Finding,
  invalidateAssessment,
  type Scheme,
  useFindings,
  useResults,
  useSchemes,
} from './api.ts';
import { fmtTime, PeriodPicker, useNames, validated } from './common.tsx';
import { todayCst } from './period.ts';

export default function FindingsView() {
  const { t } = useI18n();
  const may = useCan();
  const names = useNames();
  const { params, period, set } = useAssessmentParams();
  const schemes = useSchemes();
  const deduction = (schemes.data ?? []).filter((s) => s.kind === 'deduction');
  const scheme = deduction.find((s) => String(s.id) === params.get('scheme')) ?? deduction[0];
  const findings = useFindings(scheme?.id, { period });
  const [recording, setRecording] = useState(false);
  const [voiding, setVoiding] = useState<Finding | null>(null);
  const canRecord = may('assessment.recordFinding', null);

  if (schemes.isSuccess && deduction.length === 0)
    return <Empty description={t('as.find.noScheme')} style={{ marginTop: 48 }} />;

  return (
    <Card
      size="small"
      title={
        <Space wrap>
          <Select
            value={scheme?.id}
            onChange={(id) => set({ scheme: String(id) })}
            options={deduction.map((s) => ({ value: s.id, label: names.scheme(s) }))}
            style={{ width: 240 }}
            popupMatchSelectWidth={false}
            aria-label={t('as.scheme')}
          />
          <PeriodPicker value={period} onChange={(key) => set({ period: key })} />
        </Space>
      }
      extra={
        canRecord &&
        scheme && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setRecording(true)}
            data-testid="record-finding"
          >
            {t('as.find.record')}
          </Button>
        )
      }
      styles={{ body: { padding: 0 } }}
    >
      {findings.isError && <Alert type="error" showIcon title={(findings.error as Error).message} />}
      <Table<Finding>
        size="small"
        rowKey="id"
        loading={findings.isPending && scheme !== undefined}
        dataSource={findings.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="findings-table"
        onRow={(f) => ({ style: f.voidedAt ? { opacity: 0.55 } : undefined })}
        columns={[
          { title: t('as.find.date'), dataIndex: 'date', width: 100 },
          {
            title: t('as.find.subject'),
            dataIndex: 'subjectName',
            render: (n: string, f) =>
              scheme ? names.subject({ level: scheme.level, id: f.subjectId, name: n }) : n,
          },
          {
            title: t('as.find.code'),
            dataIndex: 'name',
            render: (n: string, f) =>
              f.voidedAt ? (
                <Tooltip title={`${t('as.find.voidReason')}：${f.voidReason ?? ''}`}>
                  <Typography.Text delete>{n}</Typography.Text> <Tag>{t('as.find.voided')}</Tag>
                </Tooltip>
              ) : (
                n
              ),
          },
          { title: t('as.find.points'), dataIndex: 'points', align: 'right', width: 64 },
          { title: t('as.find.count'), dataIndex: 'count', align: 'right', width: 64 },
          { title: t('as.find.note'), dataIndex: 'note', ellipsis: true, width: 200 },
          {
            title: t('as.find.case'),
            dataIndex: 'caseNumber',
            render: (n: string | null, f) => (n ? <Link to={`/cases/${f.caseId}`}>{n}</Link> : '—'),
          },
          {
            title: t('as.find.recordedBy'),
            dataIndex: 'recordedBy',
            render: (by: string, f) => (
              <Tooltip title={fmtTime(f.recordedAt)}>
                <span>{by}</span>
              </Tooltip>
            ),
          },
          ...(canRecord
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, f: Finding) =>
                    !f.voidedAt && (
                      <Button size="small" danger onClick={() => setVoiding(f)}>
                        {t('as.find.void')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {scheme && (
        <RecordModal open={recording} scheme={scheme} period={period} onClose={() => setRecording(false)} />
      )}
      {scheme && <VoidModal finding={voiding} scheme={scheme} onClose={() => setVoiding(null)} />}
    </Card>
  );
}

interface RecordValues {
  subjectId: string;
  date: Dayjs;
  code: string;
  count: number;
  note?: string;
}

const FIELDS = ['subjectId', 'date', 'code', 'count', 'note'];

function RecordModal({
  open,
  scheme,
  period,
  onClose,
}: {
  open: boolean;
  scheme: Scheme;
  period: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const names = useNames();
  const client = useQueryClient();
  const [form] = Form.useForm<RecordValues>();
  const [banner, setBanner] = useState<string | null>(null);
  // The scheme's subjects, as its ranking lists them.
  const results = useResults(open ? scheme.id : undefined, period);
  const record = useMutation({
    mutationFn: (v: RecordValues) =>
      post(`${ASSESSMENT_API}/schemes/${scheme.id}/findings`, {
        subjectId: v.subjectId,
        date: v.date.format('YYYY-MM-DD'),
        code: v.code,
        count: v.count,
        note: v.note?.trim() || undefined,
      }),
    onSuccess: async () => {
      message.success(t('as.find.recorded'));
      form.resetFields();
      onClose();
      await invalidateAssessment(client);
    },
    onError: (e) => setBanner(applyApiError(form, e, FIELDS)),
  });
  const today = dayjs(todayCst());
  return (
    <Modal
      open={open}
      title={`${t('as.find.record')} · ${names.scheme(scheme)}`}
      okText={t('common.submit')}
      okButtonProps={{ loading: record.isPending, 'data-testid': 'finding-submit' }}
      onOk={async () => {
        setBanner(null);
        const values = await validated(form);
        if (values) record.mutate(values);
      }}
      onCancel={() => {
        setBanner(null);
        onClose();
      }}
      destroyOnHidden
    >
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} />}
      <Form<RecordValues>
        form={form}
        layout="vertical"
        initialValues={{ date: today, count: 1 }}
        data-testid="finding-form"
      >
        <Form.Item
          name="subjectId"
          label={t('as.find.subject')}
          rules={[{ required: true, message: t('common.required', { field: t('as.find.subject') }) }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={results.isPending}
            options={(results.data?.rows ?? []).map((r) => ({
              value: r.subject.id,
              label: names.subject(r.subject),
            }))}
          />
        </Form.Item>
        <Space size={12} style={{ display: 'flex' }} align="start">
          <Form.Item
            name="date"
            label={t('as.find.date')}
            rules={[{ required: true, message: t('common.required', { field: t('as.find.date') }) }]}
          >
            <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(today, 'day')} />
          </Form.Item>
          <Form.Item name="count" label={t('as.find.count')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100} precision={0} style={{ width: 96 }} />
          </Form.Item>
        </Space>
        <Form.Item
          name="code"
          label={t('as.find.code')}
          rules={[{ required: true, message: t('common.required', { field: t('as.find.code') }) }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={scheme.config.deductions.map((d) => ({
              value: d.code,
              label: `${d.name}（${t('as.find.pointsEach', { points: d.points })}）`,
            }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('as.find.note')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function VoidModal({
  finding,
  scheme,
  onClose,
}: {
  finding: Finding | null;
  scheme: Scheme;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [banner, setBanner] = useState<string | null>(null);
  const voidIt = useMutation({
    mutationFn: (reason: string) =>
      post(`${ASSESSMENT_API}/schemes/${scheme.id}/findings/${finding!.id}/void`, { reason }),
    onSuccess: async () => {
      form.resetFields();
      onClose();
      await invalidateAssessment(client);
    },
    onError: (e) => setBanner(applyApiError(form, e, ['reason'])),
  });
  return (
    <Modal
      open={finding !== null}
      title={finding && `${t('as.find.void')}：${finding.subjectName} · ${finding.name}（${finding.date}）`}
      okText={t('as.find.void')}
      okButtonProps={{ danger: true, loading: voidIt.isPending }}
      onOk={async () => {
        setBanner(null);
        const values = await validated(form);
        if (values) voidIt.mutate(values.reason.trim());
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
          label={t('as.find.voidReason')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common.required', { field: t('as.find.voidReason') }),
            },
            { max: 500 },
          ]}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
