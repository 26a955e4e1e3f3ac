// Routing rules: which unit a case goes to, by kind/class, area and level. The precedence is
// explained above the table, and a trial panel runs the domain's own ranking (explainMatches)
// on the rules as stored, so an admin can see why a case would go where it goes.

import { useQueryClient } from '@tanstack/react-query';
import { explainMatches, type RoutingRule, suggestDefaultUnit } from '@xiuhua/domain/routing';
import { Alert, Col, Collapse, Form, Input, InputNumber, Row, Select, Switch, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { api, post } from '../../api/client.ts';
import { useAreas } from '../../api/hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import {
  type Kind,
  type RoutingRuleRow,
  useAdminUnits,
  useClasses,
  useMajors,
  useRules,
} from './adminApi.ts';
import {
  AdminTable,
  AreaTreeSelect,
  editDeleteColumn,
  FormDrawer,
  includesText,
  panelStyle,
  savedText,
  Toolbar,
  UnitTreeSelect,
  useAreaName,
  useRowActions,
} from './common.tsx';
import { HistoryButton } from './HistoryDrawer.tsx';
import './messages.ts';

const LEVELS = ['community', 'street', 'district', 'city'] as const;
type Level = (typeof LEVELS)[number];

interface RuleValues {
  label?: string;
  kind?: Kind | null;
  classCode?: string | null;
  areaCode?: string | null;
  level?: Level | null;
  unitId: number;
  priority: number;
  enabled: boolean;
}
const RULE_FIELDS = ['label', 'kind', 'classCode', 'areaCode', 'level', 'unitId', 'priority', 'enabled'];

/** Class display names keyed like the routing domain expects (`event:06010`, `event:06`). */
function useClassNames() {
  const classes = useClasses();
  const majors = useMajors();
  return useMemo(() => {
    const names: Record<string, string> = {};
    for (const m of majors.data ?? []) names[`${m.kind}:${m.code}`] = m.name;
    for (const c of classes.data ?? []) names[`${c.kind}:${c.code}`] = c.name;
    return names;
  }, [classes.data, majors.data]);
}

export default function RoutingSection() {
  const { t } = useI18n();
  const rules = useRules();
  const units = useAdminUnits();
  const areaName = useAreaName();
  const classNames = useClassNames();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<{ rule?: RoutingRuleRow } | null>(null);
  const { act, msg, holder } = useRowActions(['admin', 'rules']);

  const unitName = useMemo(() => {
    const m = new Map((units.data ?? []).map((u) => [u.id, u.name]));
    return (id: number) => m.get(id) ?? String(id);
  }, [units.data]);

  const classText = (r: Pick<RoutingRuleRow, 'kind' | 'classCode'>) => {
    if (!r.classCode)
      return r.kind ? `${t(`case.kind.${r.kind}`)} · ${t('rule.anyClass')}` : t('rule.anyClass');
    const name = classNames[`${r.kind}:${r.classCode}`];
    return `${r.kind ? t(`case.kind.${r.kind}`) : ''} ${r.classCode}${name ? ` ${name}` : ''}`;
  };

  const rows = (rules.data ?? []).filter((r) =>
    includesText([r.ruleId, r.label, r.classCode, classText(r), areaName(r.areaCode), unitName(r.unitId)], q),
  );

  const patch = (r: RoutingRuleRow, body: Partial<RuleValues>) =>
    act(() => api('PATCH', `/api/routing-rules/${r.id}`, body));

  const columns: ColumnsType<RoutingRuleRow> = [
    { title: t('rule.id'), dataIndex: 'ruleId', key: 'id', width: 80, sorter: (a, b) => a.id - b.id },
    {
      title: t('rule.label'),
      dataIndex: 'label',
      key: 'label',
      ellipsis: true,
      render: (l: string | null) => l ?? '—',
    },
    { title: t('rule.class'), key: 'class', width: 220, ellipsis: true, render: (_, r) => classText(r) },
    {
      title: t('rule.area'),
      dataIndex: 'areaCode',
      key: 'area',
      width: 150,
      render: (c: string | null) => (c ? areaName(c) : t('rule.anywhere')),
    },
    {
      title: t('rule.level'),
      dataIndex: 'level',
      key: 'level',
      width: 80,
      render: (l: string | null) => (l ? t(`level.${l}`) : t('admin.any')),
    },
    {
      title: t('rule.unit'),
      dataIndex: 'unitId',
      key: 'unit',
      width: 200,
      ellipsis: true,
      render: (id: number) => unitName(id),
    },
    {
      title: t('rule.priority'),
      dataIndex: 'priority',
      key: 'priority',
      width: 90,
      align: 'right',
      sorter: (a, b) => a.priority - b.priority,
    },
    {
      title: t('rule.enabled'),
      dataIndex: 'enabled',
      key: 'enabled',
      width: 64,
      render: (on: boolean, r) => (
        <Switch
          size="small"
          checked={on}
          aria-label={`${r.ruleId} ${t('rule.enabled')}`}
          onChange={(v) => patch(r, { enabled: v })}
        />
      ),
    },
    editDeleteColumn(t, (r) => ({
      onEdit: () => setEditing({ rule: r }),
      confirm: t('rule.deleteConfirm', { id: r.ruleId }),
      onDelete: () =>
        act(() => api('DELETE', `/api/routing-rules/${r.id}`), `${t('admin.deleted')}：${r.ruleId}`),
      history: <HistoryButton entity="routing_rule" entityKey={r.id} title={r.label ?? r.ruleId} />,
    })),
  ];

  return (
    <div style={panelStyle}>
      {holder}
      <Alert
        type="info"
        showIcon
        title={t('rule.precedenceTitle')}
        description={t('rule.precedence')}
        style={{ marginBottom: 8 }}
      />
      <Collapse
        size="small"
        style={{ marginBottom: 8 }}
        items={[
          {
            key: 'trial',
            label: t('rule.trial'),
            children: <Trial rules={rules.data ?? []} classNames={classNames} />,
          },
        ]}
      />
      <Toolbar
        search={{ value: q, onChange: setQ }}
        count={t('rule.count', { n: rules.data?.length ?? 0 })}
        create={{ label: t('rule.new'), onClick: () => setEditing({}) }}
      />
      <AdminTable<RoutingRuleRow>
        loading={rules.isPending}
        columns={columns}
        dataSource={rows}
        data-testid="rules-table"
      />
      {editing && (
        <RuleEditor
          rule={editing.rule}
          onClosed={() => setEditing(null)}
          onSaved={(r, created) => void msg.success(savedText(t, created, r.ruleId))}
        />
      )}
    </div>
  );
}

function RuleEditor(props: {
  rule?: RoutingRuleRow;
  onClosed: () => void;
  onSaved: (r: RoutingRuleRow, created: boolean) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<RuleValues>();
  const queryClient = useQueryClient();
  const classes = useClasses();
  const majors = useMajors();
  const r = props.rule;
  const kind = Form.useWatch('kind', form) ?? r?.kind ?? null;
  const classOptions = useMemo(() => {
    if (!kind) return [];
    return [
      ...(majors.data ?? [])
        .filter((m) => m.kind === kind)
        .map((m) => ({ value: m.code, label: `${m.code} ${m.name}` })),
      ...(classes.data ?? [])
        .filter((c) => c.kind === kind)
        .map((c) => ({ value: c.code, label: `${c.code} ${c.name}` })),
    ].sort((a, b) => a.value.localeCompare(b.value));
  }, [kind, classes.data, majors.data]);

  const submit = async (v: RuleValues) => {
    const body = {
      label: v.label?.trim() ? v.label.trim() : null,
      kind: v.kind ?? null,
      classCode: v.classCode ?? null,
      areaCode: v.areaCode ?? null,
      level: v.level ?? null,
      unitId: v.unitId,
      priority: v.priority ?? 0,
      enabled: v.enabled,
    };
    const saved = r
      ? await api<RoutingRuleRow>('PATCH', `/api/routing-rules/${r.id}`, body)
      : await post<RoutingRuleRow>('/api/routing-rules', body);
    await queryClient.invalidateQueries({ queryKey: ['admin', 'rules'] });
    props.onSaved(saved, !r);
  };

  return (
    <FormDrawer<RuleValues>
      form={form}
      title={r ? t('rule.edit', { id: r.ruleId }) : t('rule.new')}
      onClosed={props.onClosed}
      onSubmit={submit}
      fields={RULE_FIELDS}
      testId="rule-editor"
      initialValues={
        r
          ? {
              label: r.label ?? '',
              // stored through the rule's request schema, so one of the domain's kinds and levels
              kind: r.kind as Kind | null,
              classCode: r.classCode,
              areaCode: r.areaCode,
              level: r.level as Level | null,
              unitId: r.unitId,
              priority: r.priority,
              enabled: r.enabled,
            }
          : { priority: 0, enabled: true, kind: null, classCode: null, level: null, areaCode: null }
      }
    >
      <Form.Item
        label={t('rule.label')}
        name="label"
        rules={[{ max: 100, message: t('admin.maxLength', { field: t('rule.label'), n: 100 }) }]}
      >
        <Input autoFocus />
      </Form.Item>
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item label={t('rule.kind')} name="kind">
            <Select
              allowClear
              placeholder={t('rule.anyKind')}
              options={(['component', 'event'] as const).map((k) => ({
                value: k,
                label: t(`case.kind.${k}`),
              }))}
              onChange={() => form.setFieldValue('classCode', null)}
            />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item
            label={t('rule.class')}
            name="classCode"
            dependencies={['kind']}
            rules={[
              { pattern: /^[0-9]{2}([0-9]{3})?$/, message: t('rule.class.pattern') },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  value && !getFieldValue('kind')
                    ? Promise.reject(new Error(t('rule.class.needsKind')))
                    : Promise.resolve(),
              }),
            ]}
          >
            <Select
              allowClear
              disabled={!kind}
              placeholder={t('rule.anyClass')}
              showSearch={{ optionFilterProp: 'label' }}
              options={classOptions}
              popupMatchSelectWidth={false}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={14}>
          <Form.Item label={t('rule.area')} name="areaCode">
            <AreaTreeSelect
              allowClear
              placeholder={t('rule.anywhere')}
              levels={['district', 'street', 'community']}
            />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item label={t('rule.level')} name="level">
            <Select
              allowClear
              placeholder={t('admin.any')}
              options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        label={t('rule.unit')}
        name="unitId"
        rules={[{ required: true, message: t('common.required', { field: t('rule.unit') }) }]}
      >
        <UnitTreeSelect />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label={t('rule.priority')} name="priority" extra={t('rule.priority.help')}>
            <InputNumber min={-1000} max={1000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={t('rule.enabled')} name="enabled" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
    </FormDrawer>
  );
}

/** "Where would this case go?" — the domain's ranking over the stored rules, then the fallback. */
function Trial(props: { rules: RoutingRuleRow[]; classNames: Record<string, string> }) {
  const { t } = useI18n();
  const classes = useClasses();
  const units = useAdminUnits();
  const areas = useAreas();
  const areaName = useAreaName();
  const [classKey, setClassKey] = useState<string | undefined>();
  const [areaCode, setAreaCode] = useState<string | null>(null);
  const [level, setLevel] = useState<Level | null>(null);

  const result = useMemo(() => {
    if (!classKey || !areaCode) return null;
    const [kind, classCode] = classKey.split(':') as [Kind, string];
    const unitName = new Map((units.data ?? []).map((u) => [u.id, u.name]));
    const rules: RoutingRule[] = props.rules.map((r) => ({
      id: r.ruleId,
      label: r.label ?? undefined,
      classCode: r.classCode,
      kind: r.kind as Kind | null,
      areaCode: r.areaCode,
      level: r.level as Level | null,
      unitId: String(r.unitId),
      unitName: unitName.get(r.unitId) ?? String(r.unitId),
      priority: r.priority,
      enabled: r.enabled,
    }));
    const areaNames = Object.fromEntries((areas.data ?? []).map((a) => [a.code, a.name]));
    const names = { classes: props.classNames, areas: areaNames };
    const query = {
      kind,
      classCode,
      level,
      areaPath: {
        districtCode: areaCode.slice(0, 6),
        streetCode: areaCode.length >= 9 ? areaCode.slice(0, 9) : null,
        communityCode: areaCode.length >= 12 ? areaCode.slice(0, 12) : null,
      },
    };
    const matches = explainMatches(rules, query, names);
    const cls = (classes.data ?? []).find((c) => c.kind === kind && c.code === classCode);
    const fallback =
      matches.length === 0 && cls
        ? suggestDefaultUnit(
            query,
            {
              defaultUnitType: cls.defaultUnitType,
              units: (units.data ?? [])
                .filter((u) => u.active && u.unitType)
                .map((u) => ({
                  id: String(u.id),
                  name: u.name,
                  unitType: u.unitType!,
                  areaCode: u.areaCode,
                })),
            },
            names,
          )
        : null;
    return { matches, fallback };
  }, [classKey, areaCode, level, props.rules, props.classNames, units.data, areas.data, classes.data]);

  return (
    <div>
      <Row gutter={8} style={{ marginBottom: 8 }}>
        <Col flex="320px">
          <Select
            aria-label={t('rule.trial.class')}
            placeholder={t('rule.trial.class')}
            style={{ width: '100%' }}
            value={classKey}
            onChange={setClassKey}
            showSearch={{ optionFilterProp: 'label' }}
            options={(classes.data ?? []).map((c) => ({
              value: `${c.kind}:${c.code}`,
              label: `${t(`case.kind.${c.kind}`)} ${c.code} ${c.name}`,
            }))}
          />
        </Col>
        <Col flex="280px">
          <AreaTreeSelect
            aria-label={t('rule.trial.area')}
            placeholder={t('rule.trial.area')}
            value={areaCode}
            onChange={setAreaCode}
            levels={['district', 'street', 'community']}
          />
        </Col>
        <Col flex="140px">
          <Select
            allowClear
            aria-label={t('rule.level')}
            placeholder={t('rule.level')}
            style={{ width: '100%' }}
            value={level}
            onChange={(v) => setLevel(v ?? null)}
            options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))}
          />
        </Col>
      </Row>
      {result &&
        (result.matches.length > 0 ? (
          <Table
            size="small"
            bordered
            pagination={false}
            showHeader={false}
            rowKey={(m) => m.rule.id}
            data-testid="trial-result"
            dataSource={result.matches}
            columns={[
              {
                key: 'rank',
                width: 80,
                render: (_, _m, i) => (
                  <Tag color={i === 0 ? 'green' : 'default'}>
                    {i === 0 ? t('rule.trial.winner') : t('rule.trial.also')}
                  </Tag>
                ),
              },
              { key: 'why', render: (_, m) => m.explanation },
              { key: 'priority', width: 100, render: (_, m) => `${t('rule.priority')} ${m.rule.priority}` },
            ]}
          />
        ) : result.fallback ? (
          <Alert
            type="warning"
            showIcon
            title={t('rule.trial.fallback')}
            description={result.fallback.explanation}
          />
        ) : (
          <Alert type="error" showIcon title={t('rule.trial.none')} description={areaName(areaCode)} />
        ))}
    </div>
  );
}
