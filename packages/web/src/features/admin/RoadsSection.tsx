// Roads: what the city's road network holds — the counts, the roads with their class, street,
// segments and length, the zones and the key places — read-only. Segments, zones and key places
// are imported from GeoJSON through POST /api/roads/import or `xiuhua import-roads` (docs/geo.md).

import { Col, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { RoadsList } from '@xiuhua/server/contract';
import { defineMessages, useI18n } from '../../i18n/index.tsx';
import { useRoads } from './adminApi.ts';
import { panelStyle, useAreaName } from './common.tsx';
import { HistoryButton } from './HistoryDrawer.tsx';
import './messages.ts';

defineMessages({
  'admin.tab.roads': { zh: '道路路段', en: 'Roads' },
  'roads.title': { zh: '道路、路段、管控区域与重点区域', en: 'Roads, segments, zones and key places' },
  'roads.help': {
    zh: '路段、管控区域和重点区域以 GeoJSON 导入（POST /api/roads/import 或 xiuhua import-roads），案件位置据此确定所在路段。',
    en: 'Segments, zones and key places are imported as GeoJSON (POST /api/roads/import or xiuhua import-roads); a case position resolves to its segment from them.',
  },
  'roads.count.roads': { zh: '道路', en: 'Roads' },
  'roads.count.segments': { zh: '路段', en: 'Segments' },
  'roads.count.zones': { zh: '管控区域', en: 'Zones' },
  'roads.count.keyPlaces': { zh: '重点区域', en: 'Key places' },
  'roads.distance': { zh: '归属路段距离（米）', en: 'Segment distance (m)' },
  'roads.name': { zh: '名称', en: 'Name' },
  'roads.code': { zh: '编码', en: 'Code' },
  'roads.class': { zh: '道路等级', en: 'Class' },
  'roads.street': { zh: '街道', en: 'Street' },
  'roads.segments': { zh: '路段数', en: 'Segments' },
  'roads.length': { zh: '长度（米）', en: 'Length (m)' },
  'roads.type': { zh: '类型', en: 'Type' },
  'roads.import': { zh: '道路导入', en: 'Road import' },
});

type Road = RoadsList['roads'][number];
type Area = RoadsList['zones'][number];

export default function RoadsSection() {
  const { t, lang } = useI18n();
  const roads = useRoads();
  const areaName = useAreaName();
  const counts = roads.data?.counts;
  const roadColumns: ColumnsType<Road> = [
    { title: t('roads.name'), dataIndex: 'name' },
    { title: t('roads.code'), dataIndex: 'code', width: 140 },
    { title: t('roads.class'), dataIndex: 'classLabel', width: 100, render: (c: string) => <Tag>{c}</Tag> },
    { title: t('roads.street'), dataIndex: 'streetCode', render: (c: string | null) => areaName(c) },
    { title: t('roads.segments'), dataIndex: 'segments', width: 90, align: 'right' },
    {
      title: t('roads.length'),
      dataIndex: 'lengthM',
      width: 110,
      align: 'right',
      render: (m: number) => Math.round(m),
    },
  ];
  const areaColumns: ColumnsType<Area> = [
    { title: t('roads.name'), dataIndex: 'name' },
    { title: t('roads.code'), dataIndex: 'code', width: 140 },
    {
      title: t('roads.type'),
      dataIndex: 'type',
      width: 140,
      render: (_: string, a: Area) => <Tag>{a.typeName[lang]}</Tag>,
    },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="roads-section">
      <div style={panelStyle}>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('roads.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('roads.help')}</Typography.Paragraph>
        <Row gutter={24} align="middle">
          {(['roads', 'segments', 'zones', 'keyPlaces'] as const).map((k) => (
            <Col key={k}>
              <Statistic title={t(`roads.count.${k}`)} value={counts?.[k] ?? 0} loading={roads.isLoading} />
            </Col>
          ))}
          <Col>
            <Statistic
              title={t('roads.distance')}
              value={roads.data?.distanceM ?? 0}
              loading={roads.isLoading}
            />
          </Col>
          <Col>
            <HistoryButton entity="roads" entityKey="import" title={t('roads.import')} />
          </Col>
        </Row>
      </div>
      <div style={panelStyle}>
        <Table<Road>
          rowKey="id"
          size="small"
          loading={roads.isLoading}
          columns={roadColumns}
          dataSource={roads.data?.roads ?? []}
          pagination={{ pageSize: 20, showSizeChanger: false }}
        />
      </div>
      <Row gutter={12}>
        <Col span={12}>
          <div style={panelStyle}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('roads.count.zones')}
            </Typography.Title>
            <Table<Area>
              rowKey="id"
              size="small"
              columns={areaColumns}
              dataSource={roads.data?.zones ?? []}
              pagination={false}
            />
          </div>
        </Col>
        <Col span={12}>
          <div style={panelStyle}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('roads.count.keyPlaces')}
            </Typography.Title>
            <Table<Area>
              rowKey="id"
              size="small"
              columns={areaColumns}
              dataSource={roads.data?.keyPlaces ?? []}
              pagination={{ pageSize: 10, showSizeChanger: false }}
            />
          </div>
        </Col>
      </Row>
    </Space>
  );
}
