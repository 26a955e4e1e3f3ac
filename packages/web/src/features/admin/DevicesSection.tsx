// 设备: the sensor devices that raise alarms (which component each watches, where it is, which
// catalogue class each alarm type opens a case of) and the component registry (部件) they point at.
// Both are edited in the drawer the other sections use; server errors land next to their field.

import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { COMPONENT_STATUSES, DEVICE_TYPES, deviceTypeOf } from '@xiuhua/domain/channels';
import type { ComponentRow, DeviceRow } from '@xiuhua/server/contract';
import {
  Button,
  Col,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Row,
  Segmented,
  Select,
  Space,
  Switch,
  Tag,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useDeferredValue, useMemo, useState } from 'react';
import { ApiError, api, get, post } from '../../api/client.ts';
import { defineMessages, useI18n } from '../../i18n/index.tsx';
import { CataloguePicker, parseClassValue } from '../../shared/CataloguePicker.tsx';
import { applyApiError } from '../../shared/forms.ts';
import { formatTime } from '../../shared/tags.tsx';
import { useClasses } from './adminApi.ts';
import {
  AdminTable,
  editDeleteColumn,
  FormDrawer,
  includesText,
  panelStyle,
  savedText,
  Toolbar,
  UnitTreeSelect,
  useRowActions,
} from './common.tsx';
import { HistoryButton } from './HistoryDrawer.tsx';
import './messages.ts';

defineMessages({
  'admin.tab.devices': { zh: '设备', en: 'Devices' },
  'dev.devices': { zh: '传感设备', en: 'Sensor devices' },
  'dev.components': { zh: '部件', en: 'Components' },
  'dev.new': { zh: '登记设备', en: 'Register device' },
  'dev.edit': { zh: '编辑设备 {id}', en: 'Edit device {id}' },
  'dev.deviceId': { zh: '设备编号', en: 'Device id' },
  'dev.deviceId.pattern': {
    zh: '设备编号为 1–64 位字母、数字或 _ . : -',
    en: 'Device id: 1–64 letters, digits or _ . : -',
  },
  'dev.type': { zh: '设备类型', en: 'Type' },
  'dev.name': { zh: '名称', en: 'Name' },
  'dev.component': { zh: '关联部件', en: 'Component' },
  'dev.location': { zh: '位置（WGS84）', en: 'Position (WGS84)' },
  'dev.location.help': {
    zh: '不填则用关联部件的位置',
    en: 'Leave empty to use the component’s position',
  },
  'dev.lon': { zh: '经度', en: 'Longitude' },
  'dev.lat': { zh: '纬度', en: 'Latitude' },
  'dev.active': { zh: '启用', en: 'Active' },
  'dev.alarms': { zh: '报警类型 → 案件分类', en: 'Alarm type → case class' },
  'dev.alarmType': { zh: '报警类型', en: 'Alarm type' },
  'dev.alarmType.pattern': { zh: '1–40 位字母、数字或 _ . : -', en: '1–40 letters, digits or _ . : -' },
  'dev.addAlarm': { zh: '添加报警类型', en: 'Add alarm type' },
  'dev.lastAlarm': { zh: '最近报警', en: 'Last alarm' },
  'dev.count': { zh: '共 {n} 台设备', en: '{n} devices' },
  'dev.deleteConfirm': { zh: '删除设备 {id}？', en: 'Delete device {id}?' },
  'comp.new': { zh: '登记部件', en: 'Register component' },
  'comp.edit': { zh: '编辑部件 {code}', en: 'Edit component {code}' },
  'comp.code': { zh: '部件编码', en: 'Code' },
  'comp.code.help': {
    zh: '区县代码6位 + 分类代码5位 + 序号；不填则自动编号',
    en: 'County (6) + class (5) + serial; empty = next free serial',
  },
  'comp.class': { zh: '部件分类', en: 'Class' },
  'comp.name': { zh: '名称', en: 'Name' },
  'comp.area': { zh: '所在街道/社区', en: 'Street / community' },
  'comp.address': { zh: '地址', en: 'Address' },
  'comp.owner': { zh: '权属单位', en: 'Owner' },
  'comp.maintainer': { zh: '养护单位', en: 'Maintainer' },
  'comp.status': { zh: '状态', en: 'Status' },
  'comp.count': { zh: '共 {n} 个部件', en: '{n} components' },
  'comp.deleteConfirm': { zh: '删除部件 {code}？', en: 'Delete component {code}?' },
});

/** Server errors on `location`, `location.lon` … belong to the lon field of these forms. */
function mapLocationError(form: FormInstance, error: unknown, fields: readonly string[]) {
  const e =
    error instanceof ApiError && error.field?.startsWith('location')
      ? new ApiError(error.status, { ...error.body, field: error.field.endsWith('.lat') ? 'lat' : 'lon' })
      : error;
  return applyApiError(form, e, fields);
}

export default function DevicesSection() {
  const { t } = useI18n();
  const [view, setView] = useState<'devices' | 'components'>('devices');
  return (
    <div style={panelStyle} data-testid="devices-section">
      <Segmented
        style={{ marginBottom: 8 }}
        value={view}
        onChange={(v) => setView(v as typeof view)}
        options={[
          { value: 'devices', label: t('dev.devices') },
          { value: 'components', label: t('dev.components') },
        ]}
      />
      {view === 'devices' ? <Devices /> : <Components />}
    </div>
  );
}

// ------------------------------------------------------------------ devices

function Devices() {
  const { t, pick } = useI18n();
  const devices = useQuery({
    queryKey: ['admin', 'devices'],
    queryFn: () => get<DeviceRow[]>('/api/devices'),
  });
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<{ device?: DeviceRow } | null>(null);
  const { act, refresh, msg, holder } = useRowActions(['admin', 'devices']);
  const rows = (devices.data ?? []).filter((d) => includesText([d.deviceId, d.name, d.component?.code], q));
  const columns: ColumnsType<DeviceRow> = [
    { title: t('dev.deviceId'), dataIndex: 'deviceId', width: 140 },
    { title: t('dev.name'), dataIndex: 'name', ellipsis: true },
    {
      title: t('dev.type'),
      dataIndex: 'deviceType',
      width: 120,
      render: (v: string) => pick(deviceTypeOf(v), v),
    },
    {
      title: t('dev.component'),
      key: 'component',
      width: 200,
      ellipsis: true,
      render: (_, d) => (d.component ? `${d.component.code} ${d.component.name}` : '—'),
    },
    {
      title: t('dev.alarms'),
      key: 'alarms',
      render: (_, d) => (
        <Space size={4} wrap>
          {Object.entries(d.alarmClasses).map(([type, c]) => (
            <Tag key={type}>
              {type} → {c.classCode}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('dev.active'),
      dataIndex: 'active',
      width: 64,
      render: (on: boolean, d) => (
        <Switch
          size="small"
          checked={on}
          aria-label={`${d.deviceId} ${t('dev.active')}`}
          onChange={(v) => act(() => api('PATCH', `/api/devices/${d.id}`, { active: v }))}
        />
      ),
    },
    { title: t('dev.lastAlarm'), dataIndex: 'lastAlarmAt', width: 140, render: formatTime },
    editDeleteColumn(t, (d) => ({
      onEdit: () => setEditing({ device: d }),
      confirm: t('dev.deleteConfirm', { id: d.deviceId }),
      onDelete: () =>
        act(() => api('DELETE', `/api/devices/${d.id}`), `${t('admin.deleted')}：${d.deviceId}`),
      history: <HistoryButton entity="device" entityKey={d.id} title={`${d.deviceId} ${d.name}`} />,
    })),
  ];
  return (
    <>
      {holder}
      <Toolbar
        search={{ value: q, onChange: setQ }}
        count={t('dev.count', { n: devices.data?.length ?? 0 })}
        create={{ label: t('dev.new'), onClick: () => setEditing({}) }}
      />
      <AdminTable<DeviceRow>
        loading={devices.isPending}
        columns={columns}
        dataSource={rows}
        data-testid="devices-table"
      />
      {editing && (
        <DeviceEditor
          device={editing.device}
          onClosed={() => setEditing(null)}
          onSaved={(d, created) => {
            void refresh();
            void msg.success(savedText(t, created, d.deviceId));
          }}
        />
      )}
    </>
  );
}

interface DeviceValues {
  deviceId: string;
  deviceType: string;
  name: string;
  componentId?: number | null;
  lon?: number | null;
  lat?: number | null;
  active: boolean;
  alarms: { alarmType?: string; classValue?: string }[];
}
const DEVICE_FIELDS = ['deviceId', 'deviceType', 'name', 'componentId', 'lon', 'lat', 'active', 'alarms'];

/** Components to link, searched on the server by code, name or address. */
function ComponentSelect(props: {
  id?: string;
  value?: number | null;
  onChange?: (v: number | null) => void;
  initial?: DeviceRow['component'];
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const q = useDeferredValue(text.trim());
  const found = useQuery({
    queryKey: ['admin', 'components', 'pick', q],
    queryFn: () => get<{ items: ComponentRow[] }>('/api/components', { q, pageSize: 30 }),
  });
  const options = (found.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }));
  if (props.initial && !options.some((o) => o.value === props.initial!.id))
    options.unshift({ value: props.initial.id, label: `${props.initial.code} ${props.initial.name}` });
  return (
    <Select
      id={props.id}
      allowClear
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v ?? null)}
      options={options}
      loading={found.isFetching}
      placeholder={t('common.search')}
      style={{ width: '100%' }}
    />
  );
}

function DeviceEditor(props: {
  device?: DeviceRow;
  onClosed: () => void;
  onSaved: (d: DeviceRow, created: boolean) => void;
}) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<DeviceValues>();
  const d = props.device;
  const submit = async (v: DeviceValues) => {
    const alarmClasses = Object.fromEntries(
      v.alarms.flatMap((a) => {
        const cls = parseClassValue(a.classValue);
        return a.alarmType && cls ? [[a.alarmType.trim(), cls]] : [];
      }),
    );
    const hasPoint = typeof v.lon === 'number' && typeof v.lat === 'number';
    const body = {
      deviceType: v.deviceType,
      name: v.name,
      componentId: v.componentId ?? null,
      location: hasPoint ? { lon: v.lon, lat: v.lat } : null,
      active: v.active,
      alarmClasses,
    };
    const saved = d
      ? await api<DeviceRow>('PATCH', `/api/devices/${d.id}`, body)
      : await post<DeviceRow>('/api/devices', { ...body, deviceId: v.deviceId });
    props.onSaved(saved, !d);
  };
  // A new device of a known type starts with that type's usual alarm types.
  const applyTypeDefaults = (type: string) => {
    if (d) return;
    const defaults = deviceTypeOf(type)?.alarms ?? [];
    form.setFieldValue(
      'alarms',
      defaults.map((a) => ({
        alarmType: a.alarmType,
        classValue: a.target.kind === 'event' ? `event:${a.target.classCode}` : undefined,
      })),
    );
  };
  return (
    <FormDrawer<DeviceValues>
      form={form}
      title={d ? t('dev.edit', { id: d.deviceId }) : t('dev.new')}
      onClosed={props.onClosed}
      onSubmit={submit}
      fields={DEVICE_FIELDS}
      mapError={(f, e) => {
        // alarmClasses.<type>.classCode → the row of that alarm type
        if (e instanceof ApiError && e.field?.startsWith('alarmClasses.')) {
          const type = e.field.split('.')[1];
          const index = (f.getFieldValue('alarms') as DeviceValues['alarms']).findIndex(
            (a) => a.alarmType === type,
          );
          if (index >= 0) {
            f.setFields([{ name: ['alarms', index, 'classValue'], errors: [e.message] }]);
            return null;
          }
        }
        return mapLocationError(f, e, DEVICE_FIELDS);
      }}
      testId="device-editor"
      initialValues={
        d
          ? {
              deviceId: d.deviceId,
              deviceType: d.deviceType,
              name: d.name,
              componentId: d.component?.id ?? null,
              lon: d.location?.lon ?? null,
              lat: d.location?.lat ?? null,
              active: d.active,
              alarms: Object.entries(d.alarmClasses).map(([alarmType, c]) => ({
                alarmType,
                classValue: `${c.kind}:${c.classCode}`,
              })),
            }
          : { active: true, alarms: [] }
      }
    >
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            label={t('dev.deviceId')}
            name="deviceId"
            rules={[
              { required: true, message: t('common.required', { field: t('dev.deviceId') }) },
              { pattern: /^[A-Za-z0-9_.:-]{1,64}$/, message: t('dev.deviceId.pattern') },
            ]}
          >
            <Input disabled={!!d} autoFocus={!d} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            label={t('dev.type')}
            name="deviceType"
            rules={[{ required: true, message: t('common.required', { field: t('dev.type') }) }]}
          >
            <Select
              options={DEVICE_TYPES.map((x) => ({ value: x.value, label: pick(x) }))}
              onChange={applyTypeDefaults}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        label={t('dev.name')}
        name="name"
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('dev.name') }) },
          { max: 100, message: t('admin.maxLength', { field: t('dev.name'), n: 100 }) },
        ]}
      >
        <Input />
      </Form.Item>
      <Form.Item label={t('dev.component')} name="componentId">
        <ComponentSelect initial={d?.component} />
      </Form.Item>
      <Form.Item label={t('dev.location')} extra={t('dev.location.help')} style={{ marginBottom: 0 }}>
        <Row gutter={8}>
          <Col span={12}>
            <Form.Item name="lon" rules={[{ type: 'number', min: -180, max: 180 }]}>
              <InputNumber
                precision={6}
                placeholder={t('dev.lon')}
                aria-label={t('dev.lon')}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="lat" rules={[{ type: 'number', min: -90, max: 90 }]}>
              <InputNumber
                precision={6}
                placeholder={t('dev.lat')}
                aria-label={t('dev.lat')}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form.Item>
      <Form.Item label={t('dev.alarms')}>
        <Form.List name="alarms">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Row key={field.key} gutter={8} align="top">
                  <Col span={9}>
                    <Form.Item
                      name={[field.name, 'alarmType']}
                      rules={[
                        { required: true, message: t('common.required', { field: t('dev.alarmType') }) },
                        { pattern: /^[A-Za-z0-9_.:-]{1,40}$/, message: t('dev.alarmType.pattern') },
                      ]}
                    >
                      <Input placeholder={t('dev.alarmType')} aria-label={t('dev.alarmType')} />
                    </Form.Item>
                  </Col>
                  <Col span={13}>
                    <Form.Item
                      name={[field.name, 'classValue']}
                      rules={[{ required: true, message: t('common.required', { field: t('case.class') }) }]}
                    >
                      <CataloguePicker placeholder={t('case.class')} />
                    </Form.Item>
                  </Col>
                  <Col span={2}>
                    <Button
                      type="text"
                      danger
                      onClick={() => remove(field.name)}
                      aria-label={t('common.delete')}
                    >
                      ✕
                    </Button>
                  </Col>
                </Row>
              ))}
              <Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />}>
                {t('dev.addAlarm')}
              </Button>
            </>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item label={t('dev.active')} name="active" valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormDrawer>
  );
}

// ------------------------------------------------------------------ components

function Components() {
  const { t, pick } = useI18n();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const query = useDeferredValue(q.trim());
  const list = useQuery({
    queryKey: ['admin', 'components', query, status, page],
    queryFn: () =>
      get<{ total: number; items: ComponentRow[] }>('/api/components', {
        q: query,
        status,
        page,
        pageSize: 50,
      }),
  });
  const [editing, setEditing] = useState<{ component?: ComponentRow } | null>(null);
  const { act, refresh, msg, holder } = useRowActions(['admin', 'components']);
  const statusName = (s: string) =>
    pick(
      COMPONENT_STATUSES.find((x) => x.value === s),
      s,
    );
  const columns: ColumnsType<ComponentRow> = [
    { title: t('comp.code'), dataIndex: 'code', width: 170 },
    { title: t('comp.name'), dataIndex: 'name', ellipsis: true },
    { title: t('comp.class'), key: 'class', width: 150, render: (_, c) => `${c.classCode} ${c.className}` },
    {
      title: t('comp.area'),
      key: 'area',
      width: 180,
      render: (_, c) => `${c.area.streetName} / ${c.area.communityName}`,
    },
    {
      title: t('comp.maintainer'),
      key: 'maintainer',
      width: 160,
      ellipsis: true,
      render: (_, c) => c.maintainerUnit?.name ?? '—',
    },
    {
      title: t('comp.status'),
      dataIndex: 'status',
      width: 80,
      render: (s: string) => (
        <Tag color={s === 'normal' ? 'green' : s === 'retired' ? 'default' : 'orange'}>{statusName(s)}</Tag>
      ),
    },
    editDeleteColumn(t, (c) => ({
      onEdit: () => setEditing({ component: c }),
      confirm: t('comp.deleteConfirm', { code: c.code }),
      onDelete: () => act(() => api('DELETE', `/api/components/${c.id}`), `${t('admin.deleted')}：${c.code}`),
      history: <HistoryButton entity="component" entityKey={c.id} title={`${c.code} ${c.name}`} />,
    })),
  ];
  return (
    <>
      {holder}
      <Toolbar
        search={{
          value: q,
          onChange: (v) => {
            setQ(v);
            setPage(1);
          },
        }}
        filters={
          <Select
            allowClear
            placeholder={t('comp.status')}
            aria-label={t('comp.status')}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={COMPONENT_STATUSES.map((s) => ({ value: s.value, label: pick(s) }))}
            style={{ width: 120 }}
          />
        }
        count={t('comp.count', { n: list.data?.total ?? 0 })}
        create={{ label: t('comp.new'), onClick: () => setEditing({}) }}
      />
      <AdminTable<ComponentRow>
        loading={list.isPending}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 50,
          total: list.data?.total ?? 0,
          onChange: setPage,
          size: 'small',
          hideOnSinglePage: true,
          showSizeChanger: false,
        }}
        data-testid="components-table"
      />
      {editing && (
        <ComponentEditor
          component={editing.component}
          onClosed={() => setEditing(null)}
          onSaved={(c, created) => {
            void refresh();
            void msg.success(savedText(t, created, c.code));
          }}
        />
      )}
    </>
  );
}

interface ComponentValues {
  code?: string;
  classCode: string;
  name: string;
  lon: number;
  lat: number;
  address?: string;
  ownerUnitId?: number | null;
  maintainerUnitId?: number | null;
  status: string;
}
const COMPONENT_FIELDS = [
  'code',
  'classCode',
  'name',
  'lon',
  'lat',
  'address',
  'ownerUnitId',
  'maintainerUnitId',
  'status',
];

function ComponentEditor(props: {
  component?: ComponentRow;
  onClosed: () => void;
  onSaved: (c: ComponentRow, created: boolean) => void;
}) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<ComponentValues>();
  const classes = useClasses();
  const c = props.component;
  const classOptions = useMemo(
    () =>
      (classes.data ?? [])
        .filter((x) => x.kind === 'component')
        .map((x) => ({ value: x.code, label: `${x.code} ${x.name}` })),
    [classes.data],
  );
  const submit = async (v: ComponentValues) => {
    const body = {
      classCode: v.classCode,
      name: v.name,
      location: { lon: v.lon, lat: v.lat },
      address: v.address?.trim() ? v.address.trim() : null,
      ownerUnitId: v.ownerUnitId ?? null,
      maintainerUnitId: v.maintainerUnitId ?? null,
      status: v.status,
    };
    const saved = c
      ? await api<ComponentRow>('PATCH', `/api/components/${c.id}`, body)
      : await post<ComponentRow>('/api/components', {
          ...body,
          ...(v.code?.trim() ? { code: v.code.trim() } : {}),
        });
    props.onSaved(saved, !c);
  };
  return (
    <FormDrawer<ComponentValues>
      form={form}
      title={c ? t('comp.edit', { code: c.code }) : t('comp.new')}
      onClosed={props.onClosed}
      onSubmit={submit}
      fields={COMPONENT_FIELDS}
      mapError={(f, e) => mapLocationError(f, e, COMPONENT_FIELDS)}
      testId="component-editor"
      initialValues={
        c
          ? {
              code: c.code,
              classCode: c.classCode,
              name: c.name,
              lon: c.location.lon,
              lat: c.location.lat,
              address: c.address ?? '',
              ownerUnitId: c.ownerUnit?.id ?? null,
              maintainerUnitId: c.maintainerUnit?.id ?? null,
              status: c.status,
            }
          : { status: 'normal' }
      }
    >
      <Form.Item
        label={t('comp.code')}
        name="code"
        extra={c ? undefined : t('comp.code.help')}
        rules={[{ pattern: /^[0-9]{15,19}$/, message: t('comp.code.help') }]}
      >
        <Input disabled={!!c} inputMode="numeric" />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            label={t('comp.class')}
            name="classCode"
            rules={[{ required: true, message: t('common.required', { field: t('comp.class') }) }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={classOptions}
              popupMatchSelectWidth={false}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={t('comp.status')} name="status">
            <Select options={COMPONENT_STATUSES.map((s) => ({ value: s.value, label: pick(s) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        label={t('comp.name')}
        name="name"
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('comp.name') }) },
          { max: 100, message: t('admin.maxLength', { field: t('comp.name'), n: 100 }) },
        ]}
      >
        <Input autoFocus={!c} />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            label={t('dev.lon')}
            name="lon"
            rules={[
              {
                required: true,
                type: 'number',
                min: -180,
                max: 180,
                message: t('common.required', { field: t('dev.lon') }),
              },
            ]}
          >
            <InputNumber precision={6} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            label={t('dev.lat')}
            name="lat"
            rules={[
              {
                required: true,
                type: 'number',
                min: -90,
                max: 90,
                message: t('common.required', { field: t('dev.lat') }),
              },
            ]}
          >
            <InputNumber precision={6} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('comp.address')} name="address" rules={[{ max: 200 }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label={t('comp.owner')} name="ownerUnitId">
            <UnitTreeSelect allowClear />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label={t('comp.maintainer')} name="maintainerUnitId">
            <UnitTreeSelect allowClear />
          </Form.Item>
        </Col>
      </Row>
    </FormDrawer>
  );
}
