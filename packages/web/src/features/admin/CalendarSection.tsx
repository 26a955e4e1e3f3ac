// The working calendar: a month grid coloured by the official holidays and 调休 working weekends,
// admin overrides marked; clicking a day makes it working or not (or removes the override).
// A year with no published arrangement is provisional (暂定, computed by the holiday rule) and says
// so; an admin imports a year's published arrangement (the shipped data's JSON shape).

import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Calendar,
  Col,
  Form,
  Input,
  message,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useMemo, useState } from 'react';
import { api, post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { applyApiError } from '../../shared/forms.ts';
import { type CalendarDay, useCalendarYear } from './adminApi.ts';
import { panelStyle } from './common.tsx';
import { HistoryButton } from './HistoryDrawer.tsx';
import './messages.ts';

const HOLIDAY_BG = '#fff1f0';
const WORK_WEEKEND_BG = '#e6f4ff';
const WEEKEND_BG = '#fafafa';
const OVERRIDE_BORDER = '#fa8c16';

const isWeekend = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 || d === 6;
};

export default function CalendarSection() {
  const { t } = useI18n();
  const [month, setMonth] = useState<Dayjs>(() => dayjs().startOf('month'));
  const year = month.year();
  const calendar = useCalendarYear(year);
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const [msg, holder] = message.useMessage();

  const days = useMemo(() => new Map((calendar.data?.days ?? []).map((d) => [d.date, d])), [calendar.data]);
  const overrides = (calendar.data?.days ?? []).filter((d) => d.override);
  const working = (calendar.data?.days ?? []).filter((d) => d.working).length;
  const covered = calendar.data?.coveredYears ?? [];
  const thisYear = dayjs().year();
  const yearOptions = [...new Set([...covered, thisYear - 1, thisYear, thisYear + 1, year])]
    .filter((y) => y >= thisYear - 5)
    .sort((a, b) => a - b);

  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['admin', 'calendar'] }),
      // deadlines of running steps were recomputed
      queryClient.invalidateQueries({ queryKey: ['cases'] }),
      queryClient.invalidateQueries({ queryKey: ['stats'] }),
    ]);
  };

  const [importing, setImporting] = useState(false);
  const importButton = (
    <Button onClick={() => setImporting(true)} data-testid="calendar-import">
      {t('cal.import')}
    </Button>
  );

  const removeOverride = async (date: string) => {
    try {
      await api('DELETE', `/api/calendar/overrides/${date}`);
      await refresh();
      void msg.success(t('cal.rescheduled'));
    } catch (e) {
      void msg.error((e as Error).message);
    }
  };

  const cell = (date: Dayjs) => {
    const key = date.format('YYYY-MM-DD');
    const d = days.get(key);
    const weekend = isWeekend(key);
    const inMonth = date.month() === month.month();
    const today = date.isSame(dayjs(), 'day');
    let bg = weekend ? WEEKEND_BG : '#fff';
    let tag: ReactNode = null;
    if (d && !d.working && !weekend) {
      bg = HOLIDAY_BG;
      tag = <Tag color="red">{t('cal.holiday')}</Tag>;
    } else if (d?.working && weekend) {
      bg = WORK_WEEKEND_BG;
      tag = <Tag color="blue">{t('cal.workWeekend')}</Tag>;
    }
    return (
      <div
        data-date={key}
        data-working={d ? String(d.working) : undefined}
        data-override={d ? String(d.override) : undefined}
        title={d?.note ?? undefined}
        style={{
          height: 64,
          margin: 2,
          padding: '2px 6px',
          background: bg,
          opacity: inMonth ? 1 : 0.45,
          border: d?.override
            ? `2px dashed ${OVERRIDE_BORDER}`
            : today
              ? '1px solid #1677ff'
              : '1px solid #f0f0f0',
          borderRadius: 4,
          textAlign: 'left',
          overflow: 'hidden',
          cursor: d ? 'pointer' : 'default',
        }}
      >
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <span
            style={{
              fontWeight: today ? 700 : 500,
              color: d && !d.working ? '#cf1322' : undefined,
            }}
          >
            {date.date()}
          </span>
          <span>
            {tag}
            {d?.override && (
              <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                {t('cal.override')}
              </Tag>
            )}
          </span>
        </div>
        {d?.note && (
          <div
            style={{
              fontSize: 12,
              color: '#595959',
              whiteSpace: 'nowrap',
              overflow: 'hidden',
              textOverflow: 'ellipsis',
            }}
          >
            {d.note}
          </div>
        )}
      </div>
    );
  };

  return (
    <div style={panelStyle}>
      {holder}
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap', marginBottom: 8 }}>
        <Space.Compact>
          <Button
            icon={<LeftOutlined />}
            aria-label="previous month"
            onClick={() => setMonth((m) => m.subtract(1, 'month'))}
          />
          <Select
            aria-label={t('cal.year')}
            value={year}
            style={{ width: 96 }}
            onChange={(y: number) => setMonth((m) => m.year(y))}
            options={yearOptions.map((y) => ({ value: y, label: `${y}` }))}
          />
          <Select
            aria-label="month"
            value={month.month()}
            style={{ width: 84 }}
            onChange={(m: number) => setMonth((v) => v.month(m))}
            options={Array.from({ length: 12 }, (_, i) => ({
              value: i,
              label: dayjs().month(i).format('MMM'),
            }))}
          />
          <Button
            icon={<RightOutlined />}
            aria-label="next month"
            onClick={() => setMonth((m) => m.add(1, 'month'))}
          />
        </Space.Compact>
        <Button onClick={() => setMonth(dayjs().startOf('month'))}>{t('cal.thisMonth')}</Button>
        {calendar.data?.provisional && (
          <Tag color="warning" data-testid="calendar-provisional">
            {t('cal.provisional')}
          </Tag>
        )}
        {importButton}
        <HistoryButton
          block
          entity="calendar_day"
          title={t('history.calendarDays')}
          label={t('history.calendarDays')}
        />
        <HistoryButton
          block
          entity="calendar_year"
          title={t('history.calendarYears')}
          label={t('history.calendarYears')}
        />
        {calendar.data && (
          <Typography.Text type="secondary">
            {t('cal.summary', { year, w: working, o: calendar.data.days.length - working })}
          </Typography.Text>
        )}
        <div style={{ flex: 1 }} />
        <Space size={12} wrap>
          <Legend colour={HOLIDAY_BG} text={t('cal.legend.holiday')} />
          <Legend colour={WORK_WEEKEND_BG} text={t('cal.legend.workWeekend')} />
          <Legend colour="#fff" border={`2px dashed ${OVERRIDE_BORDER}`} text={t('cal.legend.override')} />
        </Space>
      </div>
      {calendar.isPending ? (
        <Spin style={{ display: 'block', margin: 48 }} />
      ) : calendar.isError ? (
        <Alert type="error" showIcon title={t('admin.loadFailed', { message: calendar.error.message })} />
      ) : calendar.data === null ? (
        <Alert type="warning" showIcon title={t('cal.notCovered', { year })} />
      ) : (
        <>
          {calendar.data.provisional && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              title={t('cal.provisional.note', { year })}
              data-testid="calendar-provisional-note"
            />
          )}
          <Row gutter={12}>
            <Col xs={24} xl={16}>
              <div data-testid="work-calendar">
                <Calendar
                  value={month}
                  mode="month"
                  headerRender={() => null}
                  fullCellRender={(date, info) => (info.type === 'date' ? cell(date) : info.originNode)}
                  onSelect={(date, { source }) => {
                    if (source !== 'date') return;
                    if (date.month() !== month.month() || date.year() !== month.year())
                      setMonth(date.startOf('month'));
                    const key = date.format('YYYY-MM-DD');
                    if (days.has(key)) setEditing(key);
                  }}
                />
              </div>
            </Col>
            <Col xs={24} xl={8}>
              <Typography.Text strong>{t('cal.overrides', { n: overrides.length })}</Typography.Text>
              <Table<CalendarDay>
                rowKey="date"
                size="small"
                bordered
                style={{ marginTop: 6 }}
                dataSource={overrides}
                pagination={{ pageSize: 15, size: 'small', hideOnSinglePage: true }}
                locale={{ emptyText: t('common.none') }}
                data-testid="override-table"
                columns={[
                  {
                    title: t('cal.date'),
                    dataIndex: 'date',
                    width: 110,
                    render: (d: string) => (
                      <Button
                        type="link"
                        size="small"
                        style={{ padding: 0 }}
                        onClick={() => setMonth(dayjs(d).startOf('month'))}
                      >
                        {d}
                      </Button>
                    ),
                  },
                  {
                    title: t('cal.dayType'),
                    dataIndex: 'working',
                    width: 80,
                    render: (w: boolean) =>
                      w ? <Tag color="blue">{t('cal.working')}</Tag> : <Tag color="red">{t('cal.off')}</Tag>,
                  },
                  {
                    title: t('cal.note'),
                    dataIndex: 'note',
                    ellipsis: true,
                    render: (n: string | null) => n ?? '—',
                  },
                  {
                    title: t('common.actions'),
                    key: 'a',
                    width: 120,
                    render: (_, d) => (
                      <span style={{ whiteSpace: 'nowrap' }}>
                        <Popconfirm
                          title={`${t('cal.removeOverride')} ${d.date}?`}
                          onConfirm={() => removeOverride(d.date)}
                        >
                          <Button type="link" size="small" danger>
                            {t('cal.removeOverride')}
                          </Button>
                        </Popconfirm>
                        <HistoryButton entity="calendar_day" entityKey={d.date} title={d.date} />
                      </span>
                    ),
                  },
                ]}
              />
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
                {t('cal.covered', { years: covered.join('、') })}
              </Typography.Paragraph>
            </Col>
          </Row>
        </>
      )}
      {importing && (
        <ImportArrangement
          year={year}
          onClose={() => setImporting(false)}
          onImported={async (y) => {
            await refresh();
            setImporting(false);
            void msg.success(t('cal.imported', { year: y }));
          }}
        />
      )}
      {editing && days.get(editing) && (
        <DayEditor
          day={days.get(editing)!}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            await refresh();
            setEditing(null);
            void msg.success(t('cal.rescheduled'));
          }}
        />
      )}
    </div>
  );
}

/** Paste a year's published arrangement (holiday-cn YYYY.json) and import it. */
function ImportArrangement(props: {
  year: number;
  onClose: () => void;
  onImported: (year: number) => Promise<void>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ json: string }>();
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async ({ json }: { json: string }) => {
    setBanner(null);
    let body: { year?: unknown };
    try {
      body = JSON.parse(json) as { year?: unknown };
    } catch {
      form.setFields([{ name: 'json', errors: [t('cal.import.badJson')] }]);
      return;
    }
    setBusy(true);
    try {
      await post('/api/calendar/years', body);
      await props.onImported(typeof body.year === 'number' ? body.year : props.year);
    } catch (e) {
      setBanner(applyApiError(form, e, []));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      width={640}
      title={t('cal.import.title', { year: props.year })}
      onCancel={props.onClose}
      destroyOnHidden
      okText={t('cal.import')}
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
    >
      {banner && (
        <Alert
          type="error"
          showIcon
          title={banner}
          style={{ marginBottom: 12 }}
          data-testid="calendar-import-error"
        />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ json: JSON.stringify({ year: props.year, papers: [], days: [] }, null, 2) }}
      >
        <Form.Item label={t('cal.import.json')} name="json" extra={t('cal.import.help')}>
          <Input.TextArea
            rows={12}
            spellCheck={false}
            style={{ fontFamily: 'monospace' }}
            data-testid="calendar-import-json"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Legend(props: { colour: string; text: string; border?: string }) {
  return (
    <span style={{ whiteSpace: 'nowrap', fontSize: 12 }}>
      <span
        aria-hidden
        style={{
          display: 'inline-block',
          width: 14,
          height: 14,
          verticalAlign: -2,
          marginInlineEnd: 4,
          background: props.colour,
          border: props.border ?? '1px solid #d9d9d9',
          borderRadius: 2,
        }}
      />
      {props.text}
    </span>
  );
}

function DayEditor(props: { day: CalendarDay; onClose: () => void; onSaved: () => Promise<void> }) {
  const { t } = useI18n();
  const d = props.day;
  const [form] = Form.useForm<{ working: boolean; note?: string }>();
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>) => {
    setBanner(null);
    setBusy(true);
    try {
      await fn();
      await props.onSaved();
    } catch (e) {
      setBanner(applyApiError(form, e, ['working', 'note']));
    } finally {
      setBusy(false);
    }
  };
  const save = (v: { working: boolean; note?: string }) =>
    run(() =>
      api('PUT', `/api/calendar/overrides/${d.date}`, {
        working: v.working,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      }),
    );
  return (
    <Modal
      open
      title={t('cal.editDay', { date: d.date, weekday: dayjs(d.date).format('dddd') })}
      onCancel={props.onClose}
      destroyOnHidden
      footer={
        <Space>
          {d.override && (
            <Button
              danger
              disabled={busy}
              onClick={() => run(() => api('DELETE', `/api/calendar/overrides/${d.date}`))}
            >
              {t('cal.removeOverride')}
            </Button>
          )}
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="day-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ working: !d.working, note: d.note ?? '' }}
        data-testid="day-editor"
      >
        <Form.Item label={t('cal.dayType')} name="working">
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: true, label: t('cal.makeWorking') },
              { value: false, label: t('cal.makeOff') },
            ]}
          />
        </Form.Item>
        <Form.Item
          label={t('cal.note')}
          name="note"
          rules={[{ max: 200, message: t('admin.maxLength', { field: t('cal.note'), n: 200 }) }]}
        >
          <Input placeholder={t('cal.note.placeholder')} maxLength={200} />
        </Form.Item>
        <Typography.Text type="secondary">
          {t('cal.now')}：{d.working ? t('cal.working') : t('cal.off')}
          {d.override ? `（${t('cal.override')}）` : ''}
        </Typography.Text>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
