// The roster form: what the unit's head (or an admin) edits on the roster page. Holidays off/on,
// the weekly shifts (name, code, weekdays, hours, people) and the dated exceptions (date, shift,
// people, note), people picked by name from the unit's active users. It sends the same body the
// server keeps (PUT /api/units/:id/roster); a server error lands next to its field.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import type * as contract from '@xiuhua/server/contract';
import { Alert, Button, Card, Col, DatePicker, Form, Input, Radio, Row, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, get } from '../../api/client.ts';
import { defineMessages, useI18n } from '../../i18n/index.tsx';
import { applyApiError } from '../../shared/forms.ts';
import { WEEKDAY_NAMES } from '../../shared/weekdays.ts';

defineMessages({
  'roster.form.holidays': { zh: '法定节假日', en: 'Public holidays' },
  'roster.form.shiftName': { zh: '班次名称', en: 'Shift name' },
  'roster.form.code': { zh: '代码', en: 'Code' },
  'roster.form.code.pattern': {
    zh: '小写字母、数字或 -，最多 30 位',
    en: 'Lower-case letters, digits or -, at most 30',
  },
  'roster.form.code.taken': { zh: '班次代码重复', en: 'Two shifts share this code' },
  'roster.form.start': { zh: '开始', en: 'Start' },
  'roster.form.end': { zh: '结束', en: 'End' },
  'roster.form.time.pattern': { zh: '时间格式 HH:mm', en: 'Time as HH:mm' },
  'roster.form.addShift': { zh: '添加班次', en: 'Add shift' },
  'roster.form.addException': { zh: '添加调班', en: 'Add exception' },
  'roster.form.note': { zh: '备注', en: 'Note' },
  'roster.form.remove': { zh: '删除', en: 'Remove' },
});

interface ShiftValues {
  code: string;
  name: string;
  weekdays: number[];
  start: string;
  end: string;
  people: string[];
}
interface ExceptionValues {
  date: Dayjs | null;
  shift: string;
  people: string[];
  note?: string;
}
interface RosterValues {
  holidays: 'off' | 'on';
  shifts: ShiftValues[];
  exceptions: ExceptionValues[];
}

const FIELDS = [
  'holidays',
  'shifts',
  'exceptions',
  ...['code', 'name', 'weekdays', 'start', 'end', 'people'].map((f) => `shifts.#.${f}`),
  ...['date', 'shift', 'people'].map((f) => `exceptions.#.${f}`),
];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const CODE = /^[a-z0-9-]{1,30}$/;

/** The next free shift code (shift1, shift2…): the exceptions name their shift by it. */
function nextCode(shifts: readonly Partial<ShiftValues>[]): string {
  const taken = new Set(shifts.map((s) => s?.code));
  let n = shifts.length + 1;
  while (taken.has(`shift${n}`)) n++;
  return `shift${n}`;
}

export default function RosterForm(props: {
  unitId: number;
  roster: contract.DutyRoster;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<RosterValues>();
  const queryClient = useQueryClient();
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const r = props.roster;
  const candidates = useQuery({
    queryKey: ['roster', props.unitId, 'people'],
    queryFn: () => get<contract.RosterCandidate[]>(`/api/units/${props.unitId}/roster/people`),
  });
  // the unit's active users, and anyone the roster names today (even if no longer active)
  const names = new Map<string, string>(Object.entries(r.names));
  for (const c of candidates.data ?? []) names.set(String(c.id), c.displayName);
  const peopleOptions = [...names].map(([value, label]) => ({ value, label }));
  const weekdayOptions = [1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: WEEKDAY_NAMES[lang][d] }));
  const shifts = (Form.useWatch('shifts', form) ?? []) as Partial<ShiftValues>[];
  const shiftOptions = shifts
    .filter((s) => s?.code)
    .map((s) => ({ value: s.code!, label: s.name ? `${s.name}（${s.code}）` : s.code! }));

  const submit = async (v: RosterValues) => {
    setBanner(null);
    setBusy(true);
    try {
      await api('PUT', `/api/units/${props.unitId}/roster`, {
        holidays: v.holidays,
        shifts: (v.shifts ?? []).map((s) => ({
          code: s.code.trim(),
          name: s.name.trim(),
          weekdays: [...(s.weekdays ?? [])].sort((a, b) => a - b),
          start: s.start,
          end: s.end,
          people: s.people ?? [],
        })),
        exceptions: (v.exceptions ?? []).map((e) => ({
          date: e.date!.format('YYYY-MM-DD'),
          shift: e.shift,
          people: e.people ?? [],
          ...(e.note?.trim() ? { note: e.note.trim() } : {}),
        })),
      });
      await queryClient.invalidateQueries({ queryKey: ['roster', props.unitId] });
      props.onSaved();
    } catch (e) {
      setBanner(applyApiError(form, e, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  const required = (field: string) => ({ required: true, message: t('common.required', { field }) });
  const people = (name: number) => (
    <Form.Item label={t('roster.people')} name={[name, 'people']}>
      <Select
        mode="multiple"
        showSearch={{ optionFilterProp: 'label' }}
        loading={candidates.isPending}
        options={peopleOptions}
      />
    </Form.Item>
  );
  const time = (name: number, field: 'start' | 'end') => (
    <Form.Item
      label={t(`roster.form.${field}`)}
      name={[name, field]}
      rules={[{ pattern: TIME, required: true, message: t('roster.form.time.pattern') }]}
    >
      <Input placeholder="HH:mm" maxLength={5} />
    </Form.Item>
  );
  const remove = (onClick: () => void) => (
    <Button danger size="small" onClick={onClick}>
      {t('roster.form.remove')}
    </Button>
  );
  return (
    <Card size="small" title={t('roster.edit')} data-testid="roster-form">
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 8 }} />}
      <Form<RosterValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          holidays: r.holidays === 'on' ? 'on' : 'off',
          shifts: r.shifts,
          exceptions: r.exceptions.map((e) => ({ ...e, date: dayjs(e.date) })),
        }}
      >
        <Form.Item label={t('roster.form.holidays')} name="holidays">
          <Radio.Group
            options={[
              { value: 'off', label: t('roster.holidays.off') },
              { value: 'on', label: t('roster.holidays.on') },
            ]}
          />
        </Form.Item>
        <Form.List name="shifts">
          {(fields, { add, remove: drop }, { errors }) => (
            <Card size="small" type="inner" title={t('roster.shifts')} style={{ marginBottom: 12 }}>
              {fields.map(({ key, name }) => (
                <Row gutter={8} key={key} data-testid="shift-row" align="bottom">
                  <Col span={4}>
                    <Form.Item
                      label={t('roster.form.shiftName')}
                      name={[name, 'name']}
                      rules={[required(t('roster.form.shiftName')), { max: 40 }]}
                    >
                      <Input maxLength={40} />
                    </Form.Item>
                  </Col>
                  <Col span={3}>
                    <Form.Item
                      label={t('roster.form.code')}
                      name={[name, 'code']}
                      rules={[
                        { pattern: CODE, required: true, message: t('roster.form.code.pattern') },
                        {
                          validator: (_, value) =>
                            shifts.filter((s) => s?.code === value).length > 1
                              ? Promise.reject(new Error(t('roster.form.code.taken')))
                              : Promise.resolve(),
                        },
                      ]}
                    >
                      <Input maxLength={30} />
                    </Form.Item>
                  </Col>
                  <Col span={5}>
                    <Form.Item label={t('roster.days')} name={[name, 'weekdays']}>
                      <Select mode="multiple" options={weekdayOptions} />
                    </Form.Item>
                  </Col>
                  <Col span={2}>{time(name, 'start')}</Col>
                  <Col span={2}>{time(name, 'end')}</Col>
                  <Col span={6}>{people(name)}</Col>
                  <Col span={2}>
                    <Form.Item>{remove(() => drop(name))}</Form.Item>
                  </Col>
                </Row>
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                data-testid="add-shift"
                onClick={() =>
                  add({
                    code: nextCode(form.getFieldValue('shifts') ?? []),
                    name: '',
                    weekdays: [1, 2, 3, 4, 5],
                    start: '08:00',
                    end: '17:00',
                    people: [],
                  })
                }
              >
                {t('roster.form.addShift')}
              </Button>
            </Card>
          )}
        </Form.List>
        <Form.List name="exceptions">
          {(fields, { add, remove: drop }, { errors }) => (
            <Card size="small" type="inner" title={t('roster.exceptions')} style={{ marginBottom: 12 }}>
              {fields.map(({ key, name }) => (
                <Row gutter={8} key={key} data-testid="exception-row" align="bottom">
                  <Col span={4}>
                    <Form.Item
                      label={t('roster.date')}
                      name={[name, 'date']}
                      rules={[required(t('roster.date'))]}
                    >
                      <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={5}>
                    <Form.Item
                      label={t('roster.shift')}
                      name={[name, 'shift']}
                      rules={[required(t('roster.shift'))]}
                    >
                      <Select options={shiftOptions} />
                    </Form.Item>
                  </Col>
                  <Col span={7}>{people(name)}</Col>
                  <Col span={6}>
                    <Form.Item label={t('roster.form.note')} name={[name, 'note']} rules={[{ max: 200 }]}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col span={2}>
                    <Form.Item>{remove(() => drop(name))}</Form.Item>
                  </Col>
                </Row>
              ))}
              <Form.ErrorList errors={errors} />
              <Button onClick={() => add({ date: null, shift: undefined, people: [] })}>
                {t('roster.form.addException')}
              </Button>
            </Card>
          )}
        </Form.List>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="roster-save">
            {t('common.save')}
          </Button>
          <Button onClick={props.onCancel}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
