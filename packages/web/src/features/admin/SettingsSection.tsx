// Time settings: working hours, warning thresholds and the global step limits. Each is saved on
// its own (PUT /api/settings/:key); running steps are rescheduled by the server.

import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  message,
  Row,
  Space,
  Spin,
  Table,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { api } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { applyApiError } from '../../shared/forms.ts';
import { type Settings, type TimeLimit, useSettings, type WorkingPeriod } from './adminApi.ts';
import { NATURAL_UNITS, TimeLimitInput, WORKING_UNITS } from './common.tsx';
import { HistoryButton } from './HistoryDrawer.tsx';
import './messages.ts';

const STEPS = ['verify', 'file', 'dispatch', 'sign', 'check', 'close', 'callback'] as const;
const START = /^([01]\d|2[0-3]):[0-5]\d$/;
const END = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export default function SettingsSection() {
  const settings = useSettings();
  if (settings.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (settings.isError) return <Alert type="error" showIcon title={settings.error.message} />;
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={8}>
        <HoursCard value={settings.data.working_hours} />
      </Col>
      <Col xs={24} xl={6}>
        <ThresholdsCard value={settings.data.warning_thresholds} />
      </Col>
      <Col xs={24} xl={10}>
        <StepLimitsCard value={settings.data.step_limits} />
      </Col>
    </Row>
  );
}

/** One setting's card: its own form, save button, server error next to it. */
function SettingCard<V>(props: {
  title: string;
  help: string;
  settingKey: keyof Settings;
  form: FormInstance<V>;
  initialValues: V;
  toValue: (v: V) => unknown;
  children: ReactNode;
  testId: string;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [msg, holder] = message.useMessage();
  const save = async (v: V) => {
    setBanner(null);
    setBusy(true);
    try {
      await api('PUT', `/api/settings/${props.settingKey}`, { value: props.toValue(v) });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['admin', 'settings'] }),
        queryClient.invalidateQueries({ queryKey: ['cases'] }),
        queryClient.invalidateQueries({ queryKey: ['stats'] }),
      ]);
      void msg.success(`${props.title}：${t('admin.saved')}`);
    } catch (e) {
      // the server names `value`: the whole setting, so it is shown above the form
      setBanner(applyApiError(props.form, e, []));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      title={props.title}
      data-testid={props.testId}
      extra={
        <span style={{ whiteSpace: 'nowrap' }}>
          <HistoryButton entity="setting" entityKey={props.settingKey} title={props.title} />
          <Button type="primary" size="small" loading={busy} onClick={() => props.form.submit()}>
            {t('common.save')}
          </Button>
        </span>
      }
    >
      {holder}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {props.help}
      </Typography.Paragraph>
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 8 }} role="alert" />}
      <Form<V>
        form={props.form}
        layout="vertical"
        initialValues={props.initialValues as never}
        onFinish={save}
      >
        {props.children}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Card>
  );
}

function HoursCard(props: { value: WorkingPeriod[] }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ periods: WorkingPeriod[] }>();
  const periods = Form.useWatch('periods', form) ?? props.value;
  const minutes = periods.reduce(
    (sum, p) =>
      p && START.test(p.start ?? '') && END.test(p.end ?? '')
        ? sum + minuteOf(p.end) - minuteOf(p.start)
        : sum,
    0,
  );
  return (
    <SettingCard
      title={t('set.hours')}
      help={t('set.hours.help')}
      settingKey="working_hours"
      form={form}
      initialValues={{ periods: props.value }}
      toValue={(v) => v.periods.map((p) => ({ start: p.start, end: p.end }))}
      testId="settings-hours"
    >
      <Form.List
        name="periods"
        rules={[
          {
            // the server's rule (parseWorkingHours): each ends after it starts, in order, no overlap
            validator: async (_, list: WorkingPeriod[]) => {
              let previousEnd = -1;
              for (const p of list ?? []) {
                if (!START.test(p?.start ?? '') || !END.test(p?.end ?? '')) continue;
                const s = minuteOf(p.start);
                const e = minuteOf(p.end);
                if (e <= s || s < previousEnd) throw new Error(t('set.time.order'));
                previousEnd = e;
              }
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, i) => (
              <Space key={field.key} align="start" style={{ display: 'flex' }}>
                <Form.Item
                  label={i === 0 ? t('set.start') : undefined}
                  name={[field.name, 'start']}
                  rules={[{ required: true, pattern: START, message: t('set.time.pattern') }]}
                >
                  <Input
                    aria-label={`${t('set.period', { n: i + 1 })} ${t('set.start')}`}
                    placeholder="08:30"
                    style={{ width: 100 }}
                  />
                </Form.Item>
                <Form.Item
                  label={i === 0 ? t('set.end') : undefined}
                  name={[field.name, 'end']}
                  rules={[{ required: true, pattern: END, message: t('set.time.pattern') }]}
                >
                  <Input
                    aria-label={`${t('set.period', { n: i + 1 })} ${t('set.end')}`}
                    placeholder="12:00"
                    style={{ width: 100 }}
                  />
                </Form.Item>
                <Form.Item label={i === 0 ? ' ' : undefined}>
                  <Button
                    icon={<DeleteOutlined />}
                    disabled={fields.length <= 1}
                    onClick={() => remove(field.name)}
                    aria-label={`${t('common.delete')} ${t('set.period', { n: i + 1 })}`}
                  />
                </Form.Item>
              </Space>
            ))}
            <Form.ErrorList errors={errors} />
            <Space>
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ start: '', end: '' })}>
                {t('set.addPeriod')}
              </Button>
              <Typography.Text type="secondary">
                {t('set.perDay', { h: (minutes / 60).toFixed(1) })}
              </Typography.Text>
            </Space>
          </>
        )}
      </Form.List>
    </SettingCard>
  );
}

function ThresholdsCard(props: { value: Settings['warning_thresholds'] }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ yellow: number; orange: number }>();
  const pct = (f: number) => Math.round(f * 1000) / 10;
  return (
    <SettingCard
      title={t('set.thresholds')}
      help={t('set.thresholds.help')}
      settingKey="warning_thresholds"
      form={form}
      initialValues={{ yellow: pct(props.value.yellow), orange: pct(props.value.orange) }}
      toValue={(v) => ({ yellow: v.yellow / 100, orange: v.orange / 100, red: 1 })}
      testId="settings-thresholds"
    >
      <Form.Item
        label={t('set.yellow')}
        name="yellow"
        rules={[{ required: true, type: 'number', min: 1, max: 98, message: t('set.thresholds.order') }]}
      >
        <InputNumber min={1} max={99} precision={1} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        label={t('set.orange')}
        name="orange"
        dependencies={['yellow']}
        rules={[
          { required: true, message: t('set.thresholds.order') },
          ({ getFieldValue }) => ({
            validator: (_, v: number) =>
              v > getFieldValue('yellow') && v < 100
                ? Promise.resolve()
                : Promise.reject(new Error(t('set.thresholds.order'))),
          }),
        ]}
      >
        <InputNumber min={1} max={99.9} precision={1} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item label={t('set.red')}>
        <InputNumber value={100} disabled style={{ width: '100%' }} aria-label={t('set.red')} />
      </Form.Item>
    </SettingCard>
  );
}

function StepLimitsCard(props: { value: Settings['step_limits'] }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Settings['step_limits']>();
  const positive = (_: unknown, v: Partial<TimeLimit> | null) =>
    v?.amount && v.amount > 0 ? Promise.resolve() : Promise.reject(new Error(t('cat.amount.positive')));
  return (
    <SettingCard
      title={t('set.steps')}
      help={t('set.steps.help')}
      settingKey="step_limits"
      form={form}
      initialValues={props.value}
      toValue={(v) => v}
      testId="settings-steps"
    >
      <Table
        rowKey="step"
        size="small"
        bordered
        pagination={false}
        dataSource={STEPS.map((step) => ({ step }))}
        columns={[
          { title: t('set.step'), dataIndex: 'step', width: 64, render: (s: string) => t(`step.${s}`) },
          {
            title: t('set.workingClock'),
            key: 'working',
            render: (_, { step }) => (
              <Form.Item
                name={['working', step]}
                rules={[{ validator: positive }]}
                style={{ marginBottom: 0 }}
              >
                <TimeLimitInput
                  units={WORKING_UNITS}
                  aria-label={`${t(`step.${step}`)} ${t('set.workingClock')}`}
                />
              </Form.Item>
            ),
          },
          {
            title: t('set.naturalClock'),
            key: 'natural',
            render: (_, { step }) => (
              <Form.Item
                name={['natural', step]}
                rules={[{ validator: positive }]}
                style={{ marginBottom: 0 }}
              >
                <TimeLimitInput
                  units={NATURAL_UNITS}
                  aria-label={`${t(`step.${step}`)} ${t('set.naturalClock')}`}
                />
              </Form.Item>
            ),
          },
        ]}
      />
    </SettingCard>
  );
}
