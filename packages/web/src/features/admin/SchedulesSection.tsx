// Duty schedules: whose working hours a limit runs on (docs/calendar.md). One row per schedule with
// its weekly periods, holiday rule, version and how many units run on it; create and edit (new
// periods make the next version: running steps keep theirs), and each schedule's history.

import { useQueryClient } from '@tanstack/react-query';
import { Button, Col, Form, Input, message, Row, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { defineMessages, useI18n } from '../../i18n/index.tsx';
import { WEEKDAY_NAMES } from '../../shared/weekdays.ts';
import { type DutySchedule, type ScheduleInput, useSchedules } from './adminApi.ts';
import { AdminTable, FormDrawer, panelStyle, savedText, Toolbar } from './common.tsx';
import { HistoryButton } from './HistoryDrawer.tsx';
import './messages.ts';

defineMessages({
  'schedule.new': { zh: '新建作息时间', en: 'New schedule' },
  'schedule.edit': { zh: '编辑作息时间', en: 'Edit schedule' },
  'schedule.code': { zh: '编码', en: 'Code' },
  'schedule.name': { zh: '名称', en: 'Name' },
  'schedule.nameEn': { zh: '英文名称', en: 'English name' },
  'schedule.periods': { zh: '每周时段', en: 'Weekly periods' },
  'schedule.periods.help': {
    zh: '每行一段：星期(1=周一…7=周日，可写 1-5) 开始-结束，如「1-5 08:30-12:00」',
    en: 'One period a line: weekdays (1 = Monday … 7 = Sunday, ranges like 1-5) start-end, e.g. "1-5 08:30-12:00"',
  },
  'schedule.periods.bad': { zh: '第 {line} 行格式有误', en: 'Line {line} is not "weekdays HH:MM-HH:MM"' },
  'schedule.holidays': { zh: '法定节假日', en: 'Public holidays' },
  'schedule.holidays.off': { zh: '休息', en: 'Off' },
  'schedule.holidays.on': { zh: '照常值守', en: 'On duty' },
  'schedule.version': { zh: '版本', en: 'Version' },
  'schedule.units': { zh: '使用单位数', en: 'Units' },
  'schedule.count': { zh: '共 {n} 个作息时间', en: '{n} schedules' },
  'schedule.note': {
    zh: '修改时段或节假日规则生成新版本：已在计时的环节仍按原版本，之后开始的环节按新版本计时。',
    en: 'Changing the periods or the holiday rule makes a new version: running steps keep theirs; steps started afterwards use the new one.',
  },
});

type Period = DutySchedule['periods'][number];

/** "1-5 08:30-12:00" per line, consecutive weekdays with the same hours joined. */
export function periodsText(periods: readonly Period[]): string {
  const byHours = new Map<string, number[]>();
  for (const p of periods) {
    const key = `${p.start}-${p.end}`;
    byHours.set(key, [...(byHours.get(key) ?? []), p.weekday]);
  }
  const lines: string[] = [];
  for (const [hours, days] of byHours) {
    const sorted = [...new Set(days)].sort((a, b) => a - b);
    let from = sorted[0]!;
    for (let i = 1; i <= sorted.length; i++) {
      if (sorted[i] !== sorted[i - 1]! + 1) {
        const to = sorted[i - 1]!;
        lines.push(`${from === to ? from : `${from}-${to}`} ${hours}`);
        from = sorted[i]!;
      }
    }
  }
  return lines.join('\n');
}

/** The inverse of periodsText; the number of the first bad line when one is malformed. */
export function parsePeriods(text: string): Period[] | { badLine: number } {
  const out: Period[] = [];
  const lines = text.split('\n').map((l) => l.trim());
  for (const [i, line] of lines.entries()) {
    if (!line) continue;
    const m = /^([1-7])(?:-([1-7]))?\s+(\d{2}:\d{2})\s*[-–]\s*(\d{2}:\d{2})$/.exec(line);
    if (!m) return { badLine: i + 1 };
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    for (let d = from; d <= to; d++) out.push({ weekday: d, start: m[3]!, end: m[4]! });
  }
  return out;
}

interface Values {
  code: string;
  name: string;
  nameEn?: string;
  periods: string;
  holidays: 'off' | 'on';
}

export default function SchedulesSection() {
  const { t, lang } = useI18n();
  const schedules = useSchedules();
  const [editing, setEditing] = useState<{ schedule?: DutySchedule } | null>(null);
  const [msg, holder] = message.useMessage();
  const week = (p: readonly Period[]) =>
    periodsText(p)
      .split('\n')
      .map((line) => {
        const [days, hours] = line.split(' ');
        const name = (d: string) => WEEKDAY_NAMES[lang][Number(d)];
        const [a, b] = days!.split('-');
        return `${lang === 'zh' ? '周' : ''}${name(a!)}${b ? `–${name(b)}` : ''} ${hours}`;
      });
  const rows = schedules.data ?? [];
  return (
    <div style={panelStyle} data-testid="schedules-section">
      {holder}
      <Toolbar
        count={t('schedule.count', { n: rows.length })}
        create={{ label: t('schedule.new'), onClick: () => setEditing({}) }}
      />
      <Typography.Paragraph type="secondary">{t('schedule.note')}</Typography.Paragraph>
      <AdminTable<DutySchedule>
        loading={schedules.isPending}
        dataSource={rows}
        columns={[
          { title: t('schedule.name'), render: (_, s) => (lang === 'en' && s.nameEn ? s.nameEn : s.name) },
          { title: t('schedule.code'), dataIndex: 'code' },
          {
            title: t('schedule.periods'),
            render: (_, s) => <span style={{ whiteSpace: 'pre-line' }}>{week(s.periods).join('\n')}</span>,
          },
          {
            title: t('schedule.holidays'),
            dataIndex: 'holidays',
            render: (h: string) => (
              <Tag color={h === 'on' ? 'green' : 'default'}>{t(`schedule.holidays.${h}`)}</Tag>
            ),
          },
          { title: t('schedule.version'), dataIndex: 'version', width: 70 },
          { title: t('schedule.units'), dataIndex: 'unitCount', width: 90 },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 140,
            render: (_, s) => (
              <span style={{ whiteSpace: 'nowrap' }}>
                <Button type="link" size="small" onClick={() => setEditing({ schedule: s })}>
                  {t('common.edit')}
                </Button>
                <HistoryButton entity="duty_schedule" entityKey={s.id} title={s.name} />
              </span>
            ),
          },
        ]}
      />
      {editing && (
        <ScheduleEditor
          schedule={editing.schedule}
          onClosed={() => setEditing(null)}
          onSaved={(s, created) => void msg.success(savedText(t, created, s.name))}
        />
      )}
    </div>
  );
}

function ScheduleEditor(props: {
  schedule?: DutySchedule;
  onClosed: () => void;
  onSaved: (s: DutySchedule, created: boolean) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const s = props.schedule;
  const submit = async (v: Values) => {
    const periods = parsePeriods(v.periods);
    if (!Array.isArray(periods)) {
      form.setFields([{ name: 'periods', errors: [t('schedule.periods.bad', { line: periods.badLine })] }]);
      throw new Error(t('schedule.periods.bad', { line: periods.badLine }));
    }
    const body: Omit<ScheduleInput, 'code'> = {
      name: v.name,
      nameEn: v.nameEn || null,
      periods,
      holidays: v.holidays,
    };
    const saved = s
      ? await api<DutySchedule>('PATCH', `/api/schedules/${s.id}`, body)
      : await api<DutySchedule>('POST', '/api/schedules', { ...body, code: v.code.trim() });
    await queryClient.invalidateQueries({ queryKey: ['admin', 'schedules'] });
    props.onSaved(saved, !s);
  };
  const required = (field: string) => ({ required: true, message: t('common.required', { field }) });
  return (
    <FormDrawer<Values>
      form={form}
      title={s ? `${t('schedule.edit')} · ${s.name}` : t('schedule.new')}
      onClosed={props.onClosed}
      onSubmit={submit}
      fields={['code', 'name', 'nameEn', 'periods', 'holidays']}
      initialValues={
        s
          ? {
              code: s.code,
              name: s.name,
              nameEn: s.nameEn ?? '',
              periods: periodsText(s.periods),
              holidays: s.holidays as 'off' | 'on',
            }
          : { holidays: 'off', periods: '1-5 08:30-12:00\n1-5 13:30-17:30' }
      }
      testId="schedule-editor"
    >
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label={t('schedule.code')} name="code" rules={[required(t('schedule.code'))]}>
            <Input disabled={!!s} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={t('schedule.holidays')} name="holidays">
            <Select
              options={(['off', 'on'] as const).map((h) => ({
                value: h,
                label: t(`schedule.holidays.${h}`),
              }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('schedule.name')} name="name" rules={[required(t('schedule.name'))]}>
        <Input />
      </Form.Item>
      <Form.Item label={t('schedule.nameEn')} name="nameEn">
        <Input />
      </Form.Item>
      <Form.Item
        label={t('schedule.periods')}
        name="periods"
        extra={t('schedule.periods.help')}
        rules={[required(t('schedule.periods'))]}
      >
        <Input.TextArea rows={6} style={{ fontFamily: 'monospace' }} />
      </Form.Item>
    </FormDrawer>
  );
}
