// The class catalogue: 187 minor classes with their standards, urgency, clock, whether a
// report-back needs an after-photo, default unit type and A/B/C limits. An edit is stored as a new version (open cases keep the version they were
// filed under); the history of a class lists every version.

import { HistoryOutlined } from '@ant-design/icons';
import { REPORT_BACK_PHOTO } from '@xiuhua/domain/catalogue';
import { useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Col,
  Descriptions,
  Form,
  type FormInstance,
  Input,
  message,
  Modal,
  Radio,
  Row,
  Select,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { applyApiError } from '../../shared/forms.ts';
import {
  type AreaLimits,
  type CatalogueClassRow,
  type Kind,
  type TimeLimit,
  type TimeUnit,
  useClasses,
  useClassHistory,
  useMajors,
} from './adminApi.ts';
import {
  comparable,
  FormDrawer,
  includesText,
  NATURAL_UNITS,
  panelStyle,
  TimeLimitInput,
  Toolbar,
  useLimitsText,
  useUnitTypeName,
  useUnitTypeOptions,
  WORKING_UNITS,
} from './common.tsx';
import { HistoryButton } from './HistoryDrawer.tsx';
import './messages.ts';

const AREAS = ['A', 'B', 'C'] as const;
type AreaClass = (typeof AREAS)[number];
const URGENCY_COLOURS = { normal: 'default', urgent: 'orange', emergency: 'red' } as const;

interface ClassValues {
  note: string;
  name: string;
  nameEn: string;
  keywords: string[];
  filingStandard: string;
  closureStandard: string;
  urgency: CatalogueClassRow['urgency'];
  clock: CatalogueClassRow['clock'];
  reportBackPhoto: CatalogueClassRow['reportBackPhoto'];
  defaultUnitType: string;
  active: boolean;
  limits: Record<AreaClass, { handle?: Partial<TimeLimit> | null; sign?: Partial<TimeLimit> | null }>;
}

const LIMIT_FIELDS = AREAS.flatMap((a) => [`limits.${a}.handle`, `limits.${a}.sign`]);
const CLASS_FIELDS = [
  'note',
  'name',
  'nameEn',
  'keywords',
  'filingStandard',
  'closureStandard',
  'urgency',
  'clock',
  'reportBackPhoto',
  'defaultUnitType',
  'active',
  ...LIMIT_FIELDS,
];

export default function CatalogueSection() {
  const { t, lang } = useI18n();
  const classes = useClasses();
  const majors = useMajors();
  const limitsText = useLimitsText();
  const typeName = useUnitTypeName();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<Kind | undefined>();
  const [major, setMajor] = useState<string | undefined>();
  const [urgency, setUrgency] = useState<string | undefined>();
  const [editing, setEditing] = useState<CatalogueClassRow | null>(null);
  const [history, setHistory] = useState<CatalogueClassRow | null>(null);
  const [msg, holder] = message.useMessage();

  const majorName = useMemo(() => {
    const m = new Map(
      (majors.data ?? []).map((x) => [`${x.kind}:${x.code}`, lang === 'en' ? x.nameEn : x.name]),
    );
    return (k: string, code: string) => m.get(`${k}:${code}`) ?? code;
  }, [majors.data, lang]);

  const rows = useMemo(
    () =>
      (classes.data ?? [])
        .filter((c) => !kind || c.kind === kind)
        .filter((c) => !major || `${c.kind}:${c.majorCode}` === major)
        .filter((c) => !urgency || c.urgency === urgency)
        .filter((c) => includesText([c.code, c.name, c.nameEn, ...c.keywords], q))
        .sort((a, b) => (a.kind === b.kind ? a.code.localeCompare(b.code) : a.kind === 'component' ? -1 : 1)),
    [classes.data, kind, major, urgency, q],
  );

  const columns: ColumnsType<CatalogueClassRow> = [
    {
      title: t('cat.kind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 64,
      render: (k: Kind) => <Tag color={k === 'component' ? 'geekblue' : 'cyan'}>{t(`case.kind.${k}`)}</Tag>,
    },
    { title: t('cat.code'), dataIndex: 'code', key: 'code', width: 76 },
    {
      title: t('cat.name'),
      dataIndex: 'name',
      key: 'name',
      ellipsis: true,
      render: (name: string, c) =>
        c.active ? (
          name
        ) : (
          <span>
            {name} <Tag data-testid="class-inactive">{t('cat.inactive')}</Tag>
          </span>
        ),
    },
    {
      title: t('cat.major'),
      key: 'major',
      width: 140,
      ellipsis: true,
      render: (_, c) => `${c.majorCode} ${majorName(c.kind, c.majorCode)}`,
    },
    {
      title: t('cat.urgency'),
      dataIndex: 'urgency',
      key: 'urgency',
      width: 84,
      render: (u: keyof typeof URGENCY_COLOURS) => <Tag color={URGENCY_COLOURS[u]}>{t(`urgency.${u}`)}</Tag>,
    },
    {
      title: t('cat.clock'),
      dataIndex: 'clock',
      key: 'clock',
      width: 70,
      render: (c: string) => t(`clock.${c}`),
    },
    {
      title: t('cat.unitType'),
      dataIndex: 'defaultUnitType',
      key: 'unitType',
      width: 120,
      ellipsis: true,
      render: typeName,
    },
    {
      title: t('cat.limitsShort'),
      key: 'limits',
      width: 170,
      render: (_, c) => limitsText(c.limits),
    },
    {
      title: t('cat.version'),
      dataIndex: 'version',
      key: 'version',
      width: 56,
      align: 'center',
      render: (v: number) => (
        <span data-testid="class-version">{v > 1 ? <Tag color="gold">v{v}</Tag> : `v${v}`}</span>
      ),
    },
    {
      title: t('cat.validFrom'),
      dataIndex: 'validFrom',
      key: 'validFrom',
      width: 100,
      render: (d: string) => dayjs(d).format('YYYY-MM-DD'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_, c) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Button type="link" size="small" onClick={() => setEditing(c)}>
            {t('common.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            icon={<HistoryOutlined />}
            onClick={() => setHistory(c)}
            aria-label={t('cat.history')}
          />
          <HistoryButton
            entity="catalogue_class"
            entityKey={`${c.kind}:${c.code}`}
            title={`${c.code} ${c.name}`}
          />
        </span>
      ),
    },
  ];

  const majorOptions = (majors.data ?? [])
    .filter((m) => !kind || m.kind === kind)
    .map((m) => ({
      value: `${m.kind}:${m.code}`,
      label: `${t(`case.kind.${m.kind}`)} ${m.code} ${lang === 'en' ? m.nameEn : m.name}`,
    }));

  return (
    <div style={panelStyle}>
      {holder}
      <Toolbar
        search={{
          value: q,
          onChange: setQ,
          placeholder: t('cat.searchPlaceholder'),
          width: 260,
        }}
        filters={
          <>
            <Select
              allowClear
              aria-label={t('cat.kind')}
              placeholder={t('cat.kind')}
              style={{ width: 100 }}
              value={kind}
              onChange={(k) => {
                setKind(k);
                setMajor(undefined);
              }}
              options={(['component', 'event'] as const).map((k) => ({
                value: k,
                label: t(`case.kind.${k}`),
              }))}
            />
            <Select
              allowClear
              aria-label={t('cat.major')}
              placeholder={t('cat.major')}
              style={{ width: 220 }}
              value={major}
              onChange={setMajor}
              options={majorOptions}
              showSearch={{ optionFilterProp: 'label' }}
              popupMatchSelectWidth={false}
            />
            <Select
              allowClear
              aria-label={t('cat.urgency')}
              placeholder={t('cat.urgency')}
              style={{ width: 100 }}
              value={urgency}
              onChange={setUrgency}
              options={(['normal', 'urgent', 'emergency'] as const).map((u) => ({
                value: u,
                label: t(`urgency.${u}`),
              }))}
            />
          </>
        }
        count={
          rows.length === (classes.data?.length ?? 0)
            ? t('cat.count', { n: rows.length })
            : `${rows.length} / ${t('cat.count', { n: classes.data?.length ?? 0 })}`
        }
      />
      <Table<CatalogueClassRow>
        rowKey="id"
        size="small"
        bordered
        loading={classes.isPending}
        columns={columns}
        dataSource={rows}
        scroll={{ x: 1100 }}
        expandable={{
          // the standards are long: shown under the row on demand
          expandedRowRender: (c) => (
            <Descriptions
              size="small"
              column={1}
              bordered
              styles={{ label: { width: 120 } }}
              items={[
                { key: 'f', label: t('cat.filing'), children: c.filingStandard },
                { key: 'c', label: t('cat.closure'), children: c.closureStandard },
                {
                  key: 'p',
                  label: t('cat.reportBackPhoto'),
                  children: t(`cat.reportBackPhoto.${c.reportBackPhoto}`),
                },
                { key: 'k', label: t('cat.keywords'), children: c.keywords.join('、') || '—' },
                { key: 'e', label: t('cat.nameEn'), children: c.nameEn ?? '—' },
                ...(c.changeNote ? [{ key: 'n', label: t('cat.note'), children: c.changeNote }] : []),
              ]}
            />
          ),
        }}
        pagination={{
          defaultPageSize: 20,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          size: 'small',
          showTotal: (n) => t('common.total', { n }),
        }}
        data-testid="classes-table"
      />
      {editing && (
        <ClassEditor
          cls={editing}
          onClosed={() => setEditing(null)}
          onSaved={(c) => void msg.success(`${c.code} ${c.name}：${t('cat.newVersion', { v: c.version })}`)}
        />
      )}
      {history && <HistoryModal cls={history} onClose={() => setHistory(null)} />}
    </div>
  );
}

function toFormLimits(stored: CatalogueClassRow['limits']): ClassValues['limits'] {
  // The API gives the limits as stored; they were checked (A, B, C → AreaLimits) when written.
  const limits = stored as Partial<Record<AreaClass, AreaLimits>>;
  const out = {} as ClassValues['limits'];
  for (const a of AREAS) out[a] = { handle: limits[a]?.handle ?? null, sign: limits[a]?.sign ?? null };
  return out;
}

const SWITCH_CLOCK: Record<TimeUnit, TimeUnit> = {
  workMinute: 'minute',
  workHour: 'hour',
  workDay: 'day',
  minute: 'workMinute',
  hour: 'workHour',
  day: 'workDay',
};

/**
 * The server checks the edit as a one-class catalogue and lists problems by path
 * (`- minors[0].limits.B.handle must not be shorter than A.handle`): put each next to its field.
 */
function catalogueErrorToFields(form: FormInstance<ClassValues>, error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'INVALID_CATALOGUE')
    return applyApiError(form, error, CLASS_FIELDS);
  const unplaced: string[] = [];
  const byField = new Map<string, string[]>();
  for (const line of error.message.split('\n').slice(1)) {
    const m = /^- minors\[0\]\.(\S+) (.*)$/.exec(line);
    const path = m?.[1]?.replace(/\[\d+\]/g, '');
    const parts = path?.split('.') ?? [];
    let field: string | undefined;
    for (let n = parts.length; n > 0 && !field; n--) {
      const candidate = parts.slice(0, n).join('.');
      if (CLASS_FIELDS.includes(candidate)) field = candidate;
    }
    if (field && m) byField.set(field, [...(byField.get(field) ?? []), `${m[1]} ${m[2]}`]);
    else unplaced.push(line.replace(/^- /, ''));
  }
  form.setFields([...byField].map(([f, errors]) => ({ name: f.split('.') as never, errors })));
  return unplaced.length ? unplaced.join('\n') : byField.size ? null : error.message;
}

function ClassEditor(props: {
  cls: CatalogueClassRow;
  onClosed: () => void;
  onSaved: (c: CatalogueClassRow) => void;
}) {
  const { t } = useI18n();
  const c = props.cls;
  const [form] = Form.useForm<ClassValues>();
  const queryClient = useQueryClient();
  const typeOptions = useUnitTypeOptions();
  const clock = Form.useWatch('clock', form) ?? c.clock;
  const units = clock === 'natural' ? NATURAL_UNITS : WORKING_UNITS;

  const submit = async (v: ClassValues) => {
    const limits = {} as Record<AreaClass, AreaLimits>;
    for (const a of AREAS) {
      const handle = v.limits[a].handle as TimeLimit;
      const sign = v.limits[a].sign;
      limits[a] = { handle, ...(sign?.amount ? { sign: sign as TimeLimit } : {}) };
    }
    const saved = await api<CatalogueClassRow>('PUT', `/api/catalogue/classes/${c.kind}/${c.code}`, {
      note: v.note.trim(),
      name: v.name.trim(),
      nameEn: v.nameEn.trim(),
      keywords: v.keywords,
      filingStandard: v.filingStandard.trim(),
      closureStandard: v.closureStandard.trim(),
      urgency: v.urgency,
      clock: v.clock,
      reportBackPhoto: v.reportBackPhoto,
      defaultUnitType: v.defaultUnitType,
      active: v.active,
      limits,
    });
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['admin', 'catalogue'] }),
      queryClient.invalidateQueries({ queryKey: ['catalogue'] }),
    ]);
    props.onSaved(saved);
  };

  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('common.required', { field }),
  });
  const max = (field: string, n: number) => ({ max: n, message: t('admin.maxLength', { field, n }) });

  /** A ≤ B ≤ C and sign ≤ handle, as parseCatalogue checks them. */
  const limitRule =
    (area: AreaClass, step: 'handle' | 'sign') =>
    ({ getFieldValue }: Pick<FormInstance, 'getFieldValue'>) => ({
      validator: (_: unknown, value: Partial<TimeLimit> | null) => {
        if (step === 'handle' && !value?.amount) return Promise.reject(new Error(t('cat.amount.positive')));
        if (!value?.amount) return Promise.resolve();
        const own = comparable(value as TimeLimit)!;
        const i = AREAS.indexOf(area);
        const tighter = i > 0 ? comparable(getFieldValue(['limits', AREAS[i - 1]!, step])) : null;
        if (tighter !== null && own < tighter) return Promise.reject(new Error(t('cat.order')));
        if (step === 'sign') {
          const handle = comparable(getFieldValue(['limits', area, 'handle']));
          if (handle !== null && own > handle) return Promise.reject(new Error(t('cat.signLonger')));
        }
        return Promise.resolve();
      },
    });

  return (
    <FormDrawer<ClassValues>
      form={form}
      title={t('cat.edit', { code: c.code, name: c.name })}
      size={720}
      onClosed={props.onClosed}
      onSubmit={submit}
      fields={CLASS_FIELDS}
      mapError={catalogueErrorToFields}
      testId="class-editor"
      initialValues={{
        note: '',
        name: c.name,
        nameEn: c.nameEn ?? '',
        keywords: c.keywords,
        filingStandard: c.filingStandard,
        closureStandard: c.closureStandard,
        urgency: c.urgency,
        clock: c.clock,
        reportBackPhoto: c.reportBackPhoto,
        defaultUnitType: c.defaultUnitType,
        active: c.active,
        limits: toFormLimits(c.limits),
      }}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t(`case.kind.${c.kind}`)} · {c.code} · {t('cat.version')} v{c.version}
      </Typography.Paragraph>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            label={t('cat.name')}
            name="name"
            rules={[required(t('cat.name')), max(t('cat.name'), 40)]}
          >
            <Input />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            label={t('cat.nameEn')}
            name="nameEn"
            rules={[required(t('cat.nameEn')), max(t('cat.nameEn'), 100)]}
          >
            <Input />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        label={t('cat.keywords')}
        name="keywords"
        extra={t('cat.keywords.help')}
        rules={[
          {
            validator: (_, value: string[] | undefined) => {
              if ((value?.length ?? 0) > 40) return Promise.reject(new Error(t('cat.keywords.tooMany')));
              if (value?.some((k) => [...k].length > 30))
                return Promise.reject(new Error(t('cat.keywords.tooLong')));
              return Promise.resolve();
            },
          },
        ]}
      >
        <Select mode="tags" tokenSeparators={[',', '，']} aria-label={t('cat.keywords')} />
      </Form.Item>
      <Form.Item
        label={t('cat.filing')}
        name="filingStandard"
        rules={[required(t('cat.filing')), max(t('cat.filing'), 1000)]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
      <Form.Item
        label={t('cat.closure')}
        name="closureStandard"
        rules={[required(t('cat.closure')), max(t('cat.closure'), 1000)]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
      <Row gutter={12}>
        <Col span={6}>
          <Form.Item label={t('cat.urgency')} name="urgency" rules={[{ required: true }]}>
            <Select
              options={(['normal', 'urgent', 'emergency'] as const).map((u) => ({
                value: u,
                label: t(`urgency.${u}`),
              }))}
            />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item label={t('cat.clock')} name="clock" rules={[{ required: true }]}>
            <Select
              options={(['working', 'natural'] as const).map((k) => ({ value: k, label: t(`clock.${k}`) }))}
              onChange={(next: string) => {
                // limits follow the clock: 4 workHours ↔ 4 hours
                const limits = form.getFieldValue('limits') as ClassValues['limits'];
                const moved = {} as ClassValues['limits'];
                for (const a of AREAS) {
                  const conv = (l?: Partial<TimeLimit> | null) =>
                    l?.unit && (next === 'natural') !== NATURAL_UNITS.includes(l.unit)
                      ? { ...l, unit: SWITCH_CLOCK[l.unit] }
                      : l;
                  moved[a] = { handle: conv(limits[a].handle), sign: conv(limits[a].sign) };
                }
                form.setFieldValue('limits', moved);
              }}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={t('cat.unitType')} name="defaultUnitType" rules={[{ required: true }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={typeOptions} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('cat.reportBackPhoto')} name="reportBackPhoto" rules={[{ required: true }]}>
        <Radio.Group
          options={REPORT_BACK_PHOTO.map((p) => ({ value: p, label: t(`cat.reportBackPhoto.${p}`) }))}
        />
      </Form.Item>
      <Form.Item label={t('cat.active')} name="active" valuePropName="checked" extra={t('cat.active.help')}>
        <Switch aria-label={t('cat.active')} />
      </Form.Item>
      <Typography.Text strong>{t('cat.limits')}</Typography.Text>
      <Row gutter={12} style={{ marginTop: 8 }}>
        {AREAS.map((a) => (
          <Col span={8} key={a}>
            <Form.Item
              label={t('cat.handle', { area: a })}
              name={['limits', a, 'handle']}
              required
              dependencies={AREAS.map((x) => ['limits', x, 'handle'])}
              rules={[limitRule(a, 'handle')]}
            >
              <TimeLimitInput units={units} aria-label={t('cat.handle', { area: a })} />
            </Form.Item>
            <Form.Item
              label={t('cat.sign', { area: a })}
              name={['limits', a, 'sign']}
              dependencies={[['limits', a, 'handle'], ...AREAS.map((x) => ['limits', x, 'sign'])]}
              rules={[limitRule(a, 'sign')]}
            >
              <TimeLimitInput
                units={units}
                allowEmpty
                placeholder={t('cat.signOptional')}
                aria-label={t('cat.sign', { area: a })}
              />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Form.Item
        label={t('cat.note')}
        name="note"
        extra={t('cat.note.help')}
        rules={[required(t('cat.note')), max(t('cat.note'), 500)]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
    </FormDrawer>
  );
}

function HistoryModal(props: { cls: CatalogueClassRow; onClose: () => void }) {
  const { t } = useI18n();
  const c = props.cls;
  const history = useClassHistory(c.kind, c.code, true);
  const limitsText = useLimitsText();
  const typeName = useUnitTypeName();
  return (
    <Modal
      open
      title={t('cat.historyOf', { code: c.code, name: c.name })}
      onCancel={props.onClose}
      footer={null}
      width={1000}
      destroyOnHidden
    >
      <Table<CatalogueClassRow>
        rowKey="id"
        size="small"
        bordered
        loading={history.isPending}
        dataSource={history.data ?? []}
        pagination={false}
        data-testid="class-history"
        columns={[
          { title: t('cat.version'), dataIndex: 'version', width: 56, render: (v: number) => `v${v}` },
          {
            title: t('cat.validFrom'),
            dataIndex: 'validFrom',
            width: 140,
            render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm'),
          },
          {
            title: t('admin.active'),
            dataIndex: 'supersededAt',
            width: 140,
            render: (d: string | null) =>
              d ? dayjs(d).format('YYYY-MM-DD HH:mm') : <Tag color="green">{t('admin.enabled')}</Tag>,
          },
          { title: t('cat.name'), dataIndex: 'name', width: 120 },
          {
            title: t('cat.active'),
            dataIndex: 'active',
            width: 72,
            render: (a: boolean) => (a ? t('admin.enabled') : <Tag>{t('cat.inactive')}</Tag>),
          },
          {
            title: t('cat.urgency'),
            dataIndex: 'urgency',
            width: 64,
            render: (u: string) => t(`urgency.${u}`),
          },
          { title: t('cat.unitType'), dataIndex: 'defaultUnitType', width: 110, render: typeName },
          {
            title: t('cat.limitsShort'),
            key: 'limits',
            width: 200,
            render: (_, r) => limitsText(r.limits),
          },
          { title: t('cat.note'), dataIndex: 'changeNote', render: (n: string | null) => n ?? '—' },
        ]}
      />
    </Modal>
  );
}
