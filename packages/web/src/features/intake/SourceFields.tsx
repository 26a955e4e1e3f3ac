// The fields a report's source records beside the case (a leader's instruction, a petition number,
// a media report, a survey finding, a sensor alarm), drawn from the same schemas the server
// validates with (@xiuhua/domain/channels), so the form asks exactly what the server accepts.
// SourceFields goes inside the intake form; SourceDetailsCard shows them on the case page.

import { useQuery } from '@tanstack/react-query';
import {
  DEVICE_TYPES,
  type SourceDetails,
  type SourceField,
  SOURCE_SCHEMAS,
  sourceSchemaOf,
} from '@xiuhua/domain/channels';
import {
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Table,
  Typography,
} from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs from 'dayjs';
import type { CSSProperties, KeyboardEvent } from 'react';
import { get } from '../../api/client.ts';
import type { AlarmRecord } from '@xiuhua/server/contract';
import type { Case } from '../../api/types.ts';
import { defineMessages, useI18n } from '../../i18n/index.tsx';
import { formatTime } from '../../shared/tags.tsx';

defineMessages({
  'sourceFields.title': { zh: '来源信息 · {source}', en: 'Source · {source}' },
  'sourceFields.url': { zh: '请输入 http(s) 开头的网址', en: 'An http(s) address' },
  'sourceFields.max': { zh: '{field}不能超过 {n} 个字符', en: '{field}: at most {n} characters' },
  'sourceFields.alarms': { zh: '报警记录（共 {n} 次）', en: 'Alarms ({n})' },
  'sourceFields.alarmAt': { zh: '报警时间', en: 'Alarm time' },
  'sourceFields.reading': { zh: '读数', en: 'Reading' },
  'sourceFields.outcome': { zh: '处理', en: 'Outcome' },
  'sourceFields.created': { zh: '立此案', en: 'Opened the case' },
  'sourceFields.attached': { zh: '并入此案', en: 'Attached' },
});

/** Every form path a source field can have, for mapping server errors (`sourceDetails.leader`). */
export const SOURCE_FIELD_NAMES: readonly string[] = [
  ...new Set(SOURCE_SCHEMAS.flatMap((s) => s.fields.map((f) => `sourceDetails.${f.key}`))),
];

/** The details of the chosen source from the form values, without blanks or another source's keys. */
export function detailsFor(
  source: string,
  values: Record<string, unknown> | undefined,
): SourceDetails | undefined {
  const schema = sourceSchemaOf(source);
  if (!schema) return undefined;
  const out: SourceDetails = {};
  for (const f of schema.fields) {
    const v = values?.[f.key];
    if (typeof v === 'number' || (typeof v === 'string' && v.trim() !== '')) out[f.key] = v;
  }
  return out;
}

// Enter in a date field confirms the date; it must not also submit the whole report.
const keepEnter = (e: KeyboardEvent) => {
  if (e.key === 'Enter') e.preventDefault();
};

/** A date-time as an ISO string with offset (what the server takes) behind antd's picker. */
function DateTimeInput(props: { id?: string; value?: string; onChange?: (v: string | undefined) => void }) {
  return (
    <DatePicker
      id={props.id}
      onKeyDown={keepEnter}
      showTime={{ format: 'HH:mm' }}
      format="YYYY-MM-DD HH:mm"
      style={{ width: '100%' }}
      value={props.value ? dayjs(props.value) : null}
      onChange={(d) => props.onChange?.(d ? d.second(0).millisecond(0).format() : undefined)}
      disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
    />
  );
}

function DateInput(props: { id?: string; value?: string; onChange?: (v: string | undefined) => void }) {
  return (
    <DatePicker
      id={props.id}
      onKeyDown={keepEnter}
      style={{ width: '100%' }}
      value={props.value ? dayjs(props.value) : null}
      onChange={(d) => props.onChange?.(d ? d.format('YYYY-MM-DD') : undefined)}
    />
  );
}

/** What Form.Item hands its control: the value, the change callback and the id its label points at. */
interface Controlled {
  id?: string;
  // biome-ignore lint/suspicious/noExplicitAny: each control has its own value type
  value?: any;
  // biome-ignore lint/suspicious/noExplicitAny: each control has its own change signature
  onChange?: (...args: any[]) => void;
}

function FieldInput({ field, ...control }: { field: SourceField } & Controlled) {
  const { pick } = useI18n();
  const placeholder = field.placeholder ? pick(field.placeholder) : undefined;
  switch (field.type) {
    case 'longText':
      return (
        <Input.TextArea
          {...control}
          rows={2}
          maxLength={field.maxLength}
          showCount
          placeholder={placeholder}
        />
      );
    case 'dateTime':
      return <DateTimeInput {...control} />;
    case 'date':
      return <DateInput {...control} />;
    case 'number':
      return (
        <InputNumber
          {...control}
          min={field.min}
          max={field.max}
          precision={field.integer ? 0 : undefined}
          style={{ width: '100%' }}
        />
      );
    case 'choice':
      return (
        <Select
          {...control}
          allowClear={!field.required}
          options={(field.choices ?? []).map((c) => ({ value: c.value, label: pick(c) }))}
        />
      );
    default:
      return (
        <Input
          {...control}
          maxLength={field.maxLength}
          placeholder={placeholder}
          inputMode={field.type === 'url' ? 'url' : undefined}
        />
      );
  }
}

/** The chosen source's own fields, as form items named ['sourceDetails', key]. */
export function SourceFields({ source }: { source: string | undefined }) {
  const { t, pick } = useI18n();
  const schema = source ? sourceSchemaOf(source) : undefined;
  if (!schema) return null;
  const rules = (f: SourceField): Rule[] => {
    const label = pick(f);
    const out: Rule[] = [];
    if (f.required)
      out.push({ required: true, whitespace: true, message: t('common.required', { field: label }) });
    if (f.maxLength)
      out.push({ max: f.maxLength, message: t('sourceFields.max', { field: label, n: f.maxLength }) });
    if (f.type === 'url') out.push({ type: 'url', message: t('sourceFields.url') });
    return out;
  };
  return (
    <fieldset
      data-testid="source-fields"
      data-source={schema.source}
      style={{ border: '1px dashed #d9d9d9', borderRadius: 4, padding: '8px 12px 0', marginBottom: 16 }}
    >
      <legend style={{ fontSize: 13, width: 'auto', padding: '0 4px', marginBottom: 4 }}>
        {t('sourceFields.title', { source: pick(schema) })}
      </legend>
      <Row gutter={8}>
        {schema.fields.map((f) => (
          <Col key={f.key} span={f.type === 'longText' ? 24 : 12}>
            <Form.Item label={pick(f)} name={['sourceDetails', f.key]} rules={rules(f)}>
              <FieldInput field={f} />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </fieldset>
  );
}

/** One detail value as a person reads it. */
function useShow() {
  const { pick } = useI18n();
  return (f: SourceField, v: string | number) => {
    if (f.type === 'dateTime' && typeof v === 'string') return formatTime(v);
    if (f.type === 'choice')
      return pick(
        f.choices?.find((c) => c.value === v),
        String(v),
      );
    if (f.type === 'url')
      return (
        <Typography.Link href={String(v)} target="_blank" rel="noreferrer noopener">
          {String(v)}
        </Typography.Link>
      );
    if (f.key === 'alarmType') {
      const known = DEVICE_TYPES.flatMap((d) => d.alarms).find((a) => a.alarmType === v);
      return known ? `${pick(known)}（${v}）` : String(v);
    }
    return String(v);
  };
}

/** The case's source details (and, for a sensor case, the alarms recorded on it). */
export function SourceDetailsCard({ row, style }: { row: Case; style?: CSSProperties }) {
  const { t, pick } = useI18n();
  const show = useShow();
  const schema = sourceSchemaOf(row.source);
  const alarms = useQuery({
    queryKey: ['case', String(row.id), 'alarms'],
    queryFn: () => get<AlarmRecord[]>('/api/sensors/alarms', { caseId: row.id }),
    enabled: row.source === 'sensor',
  });
  if (!schema || !row.sourceDetails) return null;
  const details = row.sourceDetails;
  return (
    <Card
      size="small"
      title={t('sourceFields.title', { source: pick(schema) })}
      style={style}
      data-testid="source-details"
    >
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={schema.fields
          .filter((f) => details[f.key] !== undefined)
          .map((f) => ({
            key: f.key,
            label: pick(f),
            span: f.type === 'longText' ? 2 : 1,
            children: <span data-field={f.key}>{show(f, details[f.key]!)}</span>,
          }))}
      />
      {row.source === 'sensor' && alarms.data && (
        <Table<AlarmRecord>
          style={{ marginTop: 8 }}
          size="small"
          rowKey="id"
          pagination={{ pageSize: 5, size: 'small', hideOnSinglePage: true }}
          title={() => t('sourceFields.alarms', { n: alarms.data.length })}
          dataSource={alarms.data}
          data-testid="alarm-records"
          columns={[
            { title: t('sourceFields.alarmAt'), dataIndex: 'at', render: formatTime },
            {
              title: t('sourceFields.reading'),
              key: 'reading',
              render: (_, a) => (a.reading === null ? '—' : `${a.reading}${a.unit ?? ''}`),
            },
            {
              title: t('sourceFields.outcome'),
              dataIndex: 'outcome',
              render: (o: string) => t(`sourceFields.${o}`),
            },
          ]}
        />
      )}
    </Card>
  );
}
