// Units: the organisation tree (centres, departments, branches, squads, street offices…), with
// kind, responsible-unit type and area; create, edit, deactivate.

import { useQueryClient } from '@tanstack/react-query';
import { Button, Col, Form, Input, message, Row, Select, Switch, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { UNIT_KINDS, UNIT_SIDES, type UnitSide } from '@xiuhua/domain/workflow';
import { api } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { type AdminUnit, type UnitInput, useAdminUnits, useAdminUsers, useSchedules } from './adminApi.ts';
import {
  AreaTreeSelect,
  FormDrawer,
  includesText,
  panelStyle,
  savedText,
  Toolbar,
  UnitTreeSelect,
  useAreaName,
  useUnitTypeName,
  useUnitTypeOptions,
} from './common.tsx';
import { HistoryButton } from './HistoryDrawer.tsx';
import './messages.ts';

type UnitRow = AdminUnit & { children?: UnitRow[] };

/** The form: a unit's request body, with `active` always set. */
type UnitValues = UnitInput & { active: boolean };

const UNIT_FIELDS = [
  'code',
  'name',
  'nameEn',
  'kind',
  'side',
  'dualRole',
  'unitType',
  'parentId',
  'areaCode',
  'active',
  'scheduleId',
  'headUserId',
];

export default function UnitsSection() {
  const { t } = useI18n();
  const units = useAdminUnits();
  const areaName = useAreaName();
  const typeName = useUnitTypeName();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<string | undefined>();
  const [editing, setEditing] = useState<{ unit?: AdminUnit; parent?: AdminUnit } | null>(null);
  const [msg, holder] = message.useMessage();

  const byId = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u])), [units.data]);
  const filtering = q.trim() !== '' || kind !== undefined;
  const rows = useMemo<UnitRow[]>(() => {
    const list = units.data ?? [];
    if (filtering) {
      return list
        .filter((u) => !kind || u.kind === kind)
        .filter((u) =>
          includesText([u.name, u.code, u.nameEn, areaName(u.areaCode), typeName(u.unitType)], q),
        )
        .sort((a, b) => a.id - b.id);
    }
    // the organisation tree when nothing narrows the list
    const nodes = new Map<number, UnitRow>(list.map((u) => [u.id, { ...u }]));
    const roots: UnitRow[] = [];
    for (const u of [...list].sort((a, b) => a.id - b.id)) {
      const node = nodes.get(u.id)!;
      const parent = u.parentId ? nodes.get(u.parentId) : undefined;
      if (parent) {
        parent.children ??= [];
        parent.children.push(node);
      } else roots.push(node);
    }
    return roots;
  }, [units.data, q, kind, filtering, areaName, typeName]);

  const columns: ColumnsType<UnitRow> = [
    { title: t('unit.name'), dataIndex: 'name', key: 'name', ellipsis: true },
    { title: t('unit.code'), dataIndex: 'code', key: 'code', width: 150 },
    {
      title: t('unit.kind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 110,
      render: (k: string) => t(`unitKind.${k}`),
    },
    {
      title: t('unit.side'),
      dataIndex: 'side',
      key: 'side',
      width: 100,
      render: (side: UnitSide, u: UnitRow) => (
        <>
          {t(`unitSide.${side}`)}
          {u.dualRole && <Tag style={{ marginLeft: 4 }}>{t('unit.dualRole.tag')}</Tag>}
        </>
      ),
    },
    { title: t('unit.type'), dataIndex: 'unitType', key: 'unitType', width: 150, render: typeName },
    { title: t('unit.area'), dataIndex: 'areaCode', key: 'areaCode', width: 140, render: areaName },
    {
      title: t('unit.parent'),
      dataIndex: 'parentId',
      key: 'parentId',
      width: 200,
      ellipsis: true,
      render: (id: number | null) => (id ? (byId.get(id)?.name ?? id) : '—'),
    },
    {
      title: t('admin.active'),
      dataIndex: 'active',
      key: 'active',
      width: 70,
      render: (a: boolean) =>
        a ? <Tag color="green">{t('admin.enabled')}</Tag> : <Tag>{t('admin.disabled')}</Tag>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      render: (_, u) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Button type="link" size="small" onClick={() => setEditing({ unit: u })}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" onClick={() => setEditing({ parent: u })}>
            {t('unit.addChild')}
          </Button>
          <HistoryButton entity="unit" entityKey={u.id} title={u.name} />
        </span>
      ),
    },
  ];

  return (
    <div style={panelStyle}>
      {holder}
      <Toolbar
        search={{ value: q, onChange: setQ }}
        filters={
          <Select
            allowClear
            aria-label={t('unit.kind')}
            placeholder={t('unit.kind')}
            style={{ width: 140 }}
            value={kind}
            onChange={setKind}
            options={UNIT_KINDS.map((k) => ({ value: k, label: t(`unitKind.${k}`) }))}
          />
        }
        count={t('unit.count', { n: units.data?.length ?? 0 })}
        create={{ label: t('unit.new'), onClick: () => setEditing({}) }}
      />
      <Table<UnitRow>
        rowKey="id"
        size="small"
        bordered
        loading={units.isPending}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ y: 'calc(100vh - 260px)' }}
        expandable={filtering ? undefined : { defaultExpandAllRows: true, indentSize: 18 }}
        key={filtering ? 'flat' : `tree-${units.data?.length ?? 0}`}
        data-testid="units-table"
      />
      {editing && (
        <UnitEditor
          unit={editing.unit}
          parent={editing.parent}
          onClosed={() => setEditing(null)}
          onSaved={(u, created) => void msg.success(savedText(t, created, u.name))}
        />
      )}
    </div>
  );
}

function UnitEditor(props: {
  unit?: AdminUnit;
  parent?: AdminUnit;
  onClosed: () => void;
  onSaved: (u: AdminUnit, created: boolean) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<UnitValues>();
  const queryClient = useQueryClient();
  const typeOptions = useUnitTypeOptions();
  const schedules = useSchedules();
  const users = useAdminUsers();
  const u = props.unit;
  // the unit's head keeps its roster: one of the unit's active users (or whoever it names now)
  const headOptions = (users.data ?? [])
    .filter((x) => u && x.unitId === u.id && (x.active || x.id === u.headUserId))
    .map((x) => ({ value: x.id, label: `${x.displayName}（${x.username}）` }));
  const initialValues: Partial<UnitValues> = u
    ? {
        code: u.code,
        name: u.name,
        nameEn: u.nameEn ?? '',
        kind: u.kind as UnitValues['kind'], // the server answers a kind from the same list
        unitType: u.unitType,
        parentId: u.parentId,
        areaCode: u.areaCode,
        active: u.active,
        side: u.side,
        dualRole: u.dualRole,
        scheduleId: u.scheduleId,
        headUserId: u.headUserId,
      }
    : {
        parentId: props.parent?.id ?? null,
        areaCode: props.parent?.areaCode,
        active: true,
        dualRole: false,
      };

  const submit = async (v: UnitValues) => {
    let saved: AdminUnit;
    if (u) {
      // only what changed, so a PATCH never rewrites a field nobody touched
      const body: Record<string, unknown> = {};
      if (v.name !== u.name) body.name = v.name;
      if ((v.nameEn ?? '') !== (u.nameEn ?? '')) body.nameEn = v.nameEn ?? '';
      if (v.kind !== u.kind) body.kind = v.kind;
      if ((v.unitType ?? null) !== u.unitType) body.unitType = v.unitType ?? null;
      if ((v.parentId ?? null) !== u.parentId) body.parentId = v.parentId ?? null;
      if (v.areaCode !== u.areaCode) body.areaCode = v.areaCode;
      if (v.active !== u.active) body.active = v.active;
      if (v.side && v.side !== u.side) body.side = v.side;
      if (v.dualRole !== u.dualRole) body.dualRole = v.dualRole;
      if (v.scheduleId !== undefined && v.scheduleId !== u.scheduleId) body.scheduleId = v.scheduleId;
      if ((v.headUserId ?? null) !== u.headUserId) body.headUserId = v.headUserId ?? null;
      saved = Object.keys(body).length ? await api<AdminUnit>('PATCH', `/api/units/${u.id}`, body) : u;
    } else {
      saved = await api<AdminUnit>('POST', '/api/units', {
        code: v.code.trim(),
        name: v.name,
        ...(v.nameEn ? { nameEn: v.nameEn } : {}),
        kind: v.kind,
        unitType: v.unitType ?? null,
        parentId: v.parentId ?? null,
        areaCode: v.areaCode,
        active: v.active,
        ...(v.side ? { side: v.side } : {}),
        dualRole: v.dualRole ?? false,
        ...(v.scheduleId !== undefined ? { scheduleId: v.scheduleId } : {}),
      });
    }
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['admin', 'units'] }),
      queryClient.invalidateQueries({ queryKey: ['units'] }),
    ]);
    props.onSaved(saved, !u);
  };

  const required = (field: string) => ({ required: true, message: t('common.required', { field }) });
  return (
    <FormDrawer<UnitValues>
      form={form}
      title={
        u
          ? `${t('unit.edit')} · ${u.name}`
          : props.parent
            ? `${t('unit.addChild')} · ${props.parent.name}`
            : t('unit.new')
      }
      onClosed={props.onClosed}
      onSubmit={submit}
      fields={UNIT_FIELDS}
      initialValues={initialValues}
      testId="unit-editor"
    >
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            label={t('unit.code')}
            name="code"
            rules={[
              required(t('unit.code')),
              { pattern: /^[A-Za-z0-9_-]{2,40}$/, message: t('unit.code.pattern') },
            ]}
          >
            <Input disabled={!!u} maxLength={40} autoFocus={!u} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={t('unit.kind')} name="kind" rules={[required(t('unit.kind'))]}>
            <Select options={UNIT_KINDS.map((k) => ({ value: k, label: t(`unitKind.${k}`) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        label={t('unit.name')}
        name="name"
        rules={[
          required(t('unit.name')),
          { whitespace: true, message: t('common.required', { field: t('unit.name') }) },
          { max: 100, message: t('admin.maxLength', { field: t('unit.name'), n: 100 }) },
        ]}
      >
        <Input autoFocus={!!u} />
      </Form.Item>
      <Form.Item
        label={t('unit.nameEn')}
        name="nameEn"
        rules={[{ max: 200, message: t('admin.maxLength', { field: t('unit.nameEn'), n: 200 }) }]}
      >
        <Input />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label={t('unit.type')} name="unitType">
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={typeOptions} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={t('unit.area')} name="areaCode" rules={[required(t('unit.area'))]}>
            <AreaTreeSelect />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        label={t('unit.parent')}
        name="parentId"
        rules={[
          {
            validator: (_, value) =>
              u && value === u.id ? Promise.reject(new Error(t('unit.selfParent'))) : Promise.resolve(),
          },
        ]}
      >
        <UnitTreeSelect allowClear excludeId={u?.id} />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label={t('unit.side')} name="side" extra={t('unit.side.help')}>
            <Select
              allowClear
              placeholder={t('unit.side.default')}
              options={UNIT_SIDES.map((side) => ({ value: side, label: t(`unitSide.${side}`) }))}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            label={t('unit.dualRole')}
            name="dualRole"
            valuePropName="checked"
            extra={t('unit.dualRole.help')}
          >
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('unit.schedule')} name="scheduleId" extra={t('unit.schedule.help')}>
        <Select
          allowClear
          options={(schedules.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          placeholder={t('unit.schedule.default')}
        />
      </Form.Item>
      {u && (
        <Form.Item label={t('unit.head')} name="headUserId" extra={t('unit.head.help')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={users.isPending}
            options={headOptions}
            placeholder={t('unit.head.none')}
          />
        </Form.Item>
      )}
      <Form.Item label={t('admin.enabled')} name="active" valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormDrawer>
  );
}
