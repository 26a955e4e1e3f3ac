// Grid: import unit cells from a GeoJSON file (read in the browser, posted as JSON, with its
// coordinate system) and show what was rejected and why; responsibility grids (责任网格) with
// their cells and inspectors.

import { can } from '@xiuhua/domain/policy';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Col,
  Form,
  Input,
  message,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { applyApiError } from '../../shared/forms.ts';
import {
  type GridImportReport,
  type GridRejection,
  type ResponsibilityGrid,
  useAdminUsers,
  useResponsibilityGrids,
  useStreetCells,
} from './adminApi.ts';
import { AreaTreeSelect, FormDrawer, includesText, panelStyle, Toolbar, useAreaName } from './common.tsx';
import { HistoryButton } from './HistoryDrawer.tsx';
import './messages.ts';

const CRS = ['WGS84', 'GCJ02', 'BD09'] as const;

interface PickedFile {
  name: string;
  collection?: { type: 'FeatureCollection'; features: unknown[] };
  error?: string;
}

export default function GridSection() {
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <GridImport />
      <ResponsibilityGrids />
    </Space>
  );
}

/** A file picker that reads the GeoJSON in the browser; the form validates what it found. */
function GeoJsonFileInput(props: {
  id?: string;
  value?: PickedFile | null;
  onChange?: (v: PickedFile | null) => void;
}) {
  const { t } = useI18n();
  const read = async (file: File) => {
    let picked: PickedFile = { name: file.name };
    try {
      const json = JSON.parse(await file.text()) as { type?: unknown; features?: unknown };
      if (json?.type !== 'FeatureCollection' || !Array.isArray(json.features))
        picked = { ...picked, error: t('grid.file.notCollection') };
      else picked = { ...picked, collection: json as PickedFile['collection'] };
    } catch (e) {
      picked = { ...picked, error: t('grid.file.badJson', { message: (e as Error).message }) };
    }
    props.onChange?.(picked);
  };
  return (
    <Space>
      <Upload
        accept=".json,.geojson,application/geo+json,application/json"
        showUploadList={false}
        maxCount={1}
        beforeUpload={(file) => {
          void read(file);
          return false; // never upload: the JSON is posted with the CRS below
        }}
      >
        <Button id={props.id} icon={<UploadOutlined />}>
          {t('grid.file.choose')}
        </Button>
      </Upload>
      {props.value && (
        <Typography.Text type={props.value.error ? 'danger' : undefined} data-testid="grid-file">
          {props.value.collection
            ? t('grid.file.features', { name: props.value.name, n: props.value.collection.features.length })
            : props.value.name}
        </Typography.Text>
      )}
    </Space>
  );
}

function GridImport() {
  const { t } = useI18n();
  const [form] = Form.useForm<{ file: PickedFile | null; crs: (typeof CRS)[number] }>();
  const [report, setReport] = useState<GridImportReport | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const queryClient = useQueryClient();

  const submit = async (v: { file: PickedFile | null; crs: (typeof CRS)[number] }) => {
    setBanner(null);
    setBusy(true);
    try {
      const r = await post<GridImportReport>('/api/grid/import', {
        crs: v.crs,
        collection: v.file!.collection,
      });
      setReport(r);
      if (r.imported > 0) await queryClient.invalidateQueries({ queryKey: ['admin', 'cells'] });
    } catch (e) {
      setBanner(applyApiError(form, e, ['crs', 'collection']));
    } finally {
      setBusy(false);
    }
  };

  const columns: ColumnsType<GridRejection> = [
    {
      title: t('grid.index'),
      dataIndex: 'index',
      width: 90,
      render: (i: number) => (i < 0 ? '—' : `#${i + 1}`),
    },
    { title: t('grid.code'), dataIndex: 'code', width: 170, render: (c: string | null) => c ?? '—' },
    {
      title: t('grid.reasonCode'),
      dataIndex: 'reasonCode',
      width: 150,
      render: (c: string) => (
        <Tag color="red" title={c}>
          {t(`reject.${c}`) === `reject.${c}` ? c : t(`reject.${c}`)}
        </Tag>
      ),
    },
    { title: t('grid.reason'), dataIndex: 'reason' },
  ];

  return (
    <div style={panelStyle}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('grid.import')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('grid.help')}
      </Typography.Paragraph>
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 8 }} role="alert" />}
      <Form form={form} layout="inline" initialValues={{ crs: 'WGS84', file: null }} onFinish={submit}>
        <Form.Item
          label={t('grid.file')}
          name="file"
          rules={[
            {
              validator: (_, v: PickedFile | null) =>
                !v
                  ? Promise.reject(new Error(t('grid.file.required')))
                  : v.error
                    ? Promise.reject(new Error(v.error))
                    : Promise.resolve(),
            },
          ]}
        >
          <GeoJsonFileInput />
        </Form.Item>
        <Form.Item label={t('grid.crs')} name="crs">
          <Select
            style={{ width: 260 }}
            options={CRS.map((c) => ({ value: c, label: t(`grid.crs.${c}`) }))}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="grid-import">
            {t('grid.run')}
          </Button>
        </Form.Item>
        <Form.Item>
          <HistoryButton block entity="grid_cells" entityKey="import" title={t('grid.import')} />
        </Form.Item>
      </Form>
      {report && (
        <div style={{ marginTop: 12 }} data-testid="grid-report">
          <Space size={32} style={{ marginBottom: 8 }}>
            <Statistic
              title={t('grid.imported')}
              value={report.imported}
              styles={{ content: { color: '#389e0d' } }}
            />
            <Statistic
              title={t('grid.rejected')}
              value={report.rejected.length}
              styles={{ content: { color: report.rejected.length ? '#cf1322' : undefined } }}
            />
          </Space>
          {report.rejected.length > 0 && (
            <Table<GridRejection>
              rowKey={(r) => `${r.index}:${r.reasonCode}`}
              size="small"
              bordered
              columns={columns}
              dataSource={report.rejected}
              pagination={{ pageSize: 20, size: 'small', hideOnSinglePage: true }}
              data-testid="grid-rejections"
            />
          )}
        </div>
      )}
    </div>
  );
}

interface RGridValues {
  code: string;
  name: string;
  gridType: ResponsibilityGrid['gridType'];
  streetCode: string;
  cellCodes: string[];
  inspectorIds: number[];
}

function ResponsibilityGrids() {
  const { t } = useI18n();
  const grids = useResponsibilityGrids();
  const users = useAdminUsers();
  const areaName = useAreaName();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<{ grid?: ResponsibilityGrid } | null>(null);
  const [msg, holder] = message.useMessage();
  const userName = useMemo(() => {
    const m = new Map((users.data ?? []).map((u) => [u.id, u.displayName]));
    return (id: number) => m.get(id) ?? String(id);
  }, [users.data]);

  const rows = (grids.data ?? []).filter((g) =>
    includesText([g.code, g.name, areaName(g.streetCode), ...g.inspectorIds.map(userName)], q),
  );
  const columns: ColumnsType<ResponsibilityGrid> = [
    { title: t('rgrid.code'), dataIndex: 'code', width: 150 },
    { title: t('rgrid.name'), dataIndex: 'name', ellipsis: true },
    { title: t('rgrid.type'), dataIndex: 'gridType', width: 90, render: (g: string) => t(`rgrid.type.${g}`) },
    { title: t('rgrid.street'), dataIndex: 'streetCode', width: 130, render: areaName },
    {
      title: t('rgrid.cellCount'),
      dataIndex: 'cellCodes',
      width: 100,
      align: 'right',
      render: (c: string[]) => c.length,
    },
    {
      title: t('rgrid.inspectors'),
      dataIndex: 'inspectorIds',
      width: 220,
      render: (ids: number[]) => (ids.length ? ids.map(userName).join('、') : '—'),
    },
    {
      title: t('common.actions'),
      key: 'a',
      width: 110,
      render: (_, g) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Button type="link" size="small" onClick={() => setEditing({ grid: g })}>
            {t('common.edit')}
          </Button>
          <HistoryButton entity="responsibility_grid" entityKey={g.code} title={g.name} />
        </span>
      ),
    },
  ];
  return (
    <div style={panelStyle}>
      {holder}
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('rgrid.title')}
      </Typography.Title>
      <Toolbar
        search={{ value: q, onChange: setQ }}
        count={t('common.total', { n: grids.data?.length ?? 0 })}
        actions={
          <Button icon={<PlusOutlined />} onClick={() => setEditing({})}>
            {t('rgrid.new')}
          </Button>
        }
      />
      <Table<ResponsibilityGrid>
        rowKey="id"
        size="small"
        bordered
        loading={grids.isPending}
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 20, size: 'small', hideOnSinglePage: true }}
      />
      {editing && (
        <RGridEditor
          grid={editing.grid}
          onClosed={() => setEditing(null)}
          onSaved={(code) => void msg.success(`${t('admin.saved')}：${code}`)}
        />
      )}
    </div>
  );
}

function RGridEditor(props: {
  grid?: ResponsibilityGrid;
  onClosed: () => void;
  onSaved: (code: string) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<RGridValues>();
  const queryClient = useQueryClient();
  const users = useAdminUsers();
  const g = props.grid;
  const streetCode = Form.useWatch('streetCode', form) ?? g?.streetCode;
  const cells = useStreetCells(streetCode);
  // Whoever may be given inspection tasks by name (the policy's rule) may hold a grid.
  const inspectors = (users.data ?? []).filter((u) => can(null, 'case.assignInspector', u));

  const submit = async (v: RGridValues) => {
    await post('/api/responsibility-grids', { ...v, code: v.code.trim(), name: v.name.trim() });
    await queryClient.invalidateQueries({ queryKey: ['admin', 'rgrids'] });
    props.onSaved(v.code);
  };

  return (
    <FormDrawer<RGridValues>
      form={form}
      title={g ? t('rgrid.edit', { code: g.code }) : t('rgrid.new')}
      onClosed={props.onClosed}
      onSubmit={submit}
      fields={['code', 'name', 'gridType', 'streetCode', 'cellCodes', 'inspectorIds']}
      initialValues={g ? { ...g } : { gridType: 'residential', cellCodes: [], inspectorIds: [] }}
      size={640}
    >
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item
            label={t('rgrid.code')}
            name="code"
            rules={[
              { required: true, message: t('common.required', { field: t('rgrid.code') }) },
              { pattern: /^[0-9A-Za-z-]{3,30}$/, message: t('rgrid.code.pattern') },
            ]}
          >
            <Input disabled={!!g} autoFocus={!g} />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item
            label={t('rgrid.name')}
            name="name"
            rules={[
              { required: true, whitespace: true, message: t('common.required', { field: t('rgrid.name') }) },
              { max: 100, message: t('admin.maxLength', { field: t('rgrid.name'), n: 100 }) },
            ]}
          >
            <Input />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item label={t('rgrid.type')} name="gridType" rules={[{ required: true }]}>
            <Select
              options={(['residential', 'business', 'institutional'] as const).map((x) => ({
                value: x,
                label: t(`rgrid.type.${x}`),
              }))}
            />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item
            label={t('rgrid.street')}
            name="streetCode"
            rules={[{ required: true, message: t('common.required', { field: t('rgrid.street') }) }]}
          >
            <AreaTreeSelect levels={['street']} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        label={t('rgrid.cells')}
        name="cellCodes"
        dependencies={['streetCode']}
        rules={[
          { required: true, type: 'array', min: 1, message: t('rgrid.cells.required') },
          ({ getFieldValue }) => ({
            validator: (_, v: string[] | undefined) =>
              v?.some((c) => !c.startsWith(getFieldValue('streetCode') ?? ''))
                ? Promise.reject(new Error(t('rgrid.cells.outside')))
                : Promise.resolve(),
          }),
        ]}
      >
        <Select
          mode="multiple"
          loading={cells.isFetching}
          showSearch={{ optionFilterProp: 'value' }}
          maxTagCount="responsive"
          options={(cells.data ?? []).map((c) => ({ value: c.code, label: c.code }))}
        />
      </Form.Item>
      <Form.Item label={t('rgrid.inspectors')} name="inspectorIds">
        <Select
          mode="multiple"
          showSearch={{ optionFilterProp: 'label' }}
          options={inspectors.map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
        />
      </Form.Item>
    </FormDrawer>
  );
}
