// Taking a report (a hotline call, a walk-in, a leader's instruction): class, place, what and who.
// The place can be typed (lon/lat) or clicked on the map; the cell, community and street show at
// once. Possible duplicates nearby are listed before anything is saved. The draft is kept in the
// browser until the report is stored, so nothing typed is lost to a reload or a failed request.

import {
  Alert,
  Button,
  Col,
  Form,
  Input,
  InputNumber,
  List,
  Row,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, post } from '../../api/client.ts';
import type { CaseSource } from '@xiuhua/domain/workflow';
import { type NearbyCase, useNearbyCases, useResolvedPoint } from '../../api/hooks.ts';
import type { Case, Photo } from '../../api/types.ts';
import { defineMessages, useI18n } from '../../i18n/index.tsx';
import { CataloguePicker, parseClassValue } from '../../shared/CataloguePicker.tsx';
import { applyApiError } from '../../shared/forms.ts';
import { PhotoInput, photosReady, uploadedPhotos } from '../../shared/PhotoInput.tsx';
import { randomId } from '../../shared/random-id.ts';
import { StateTag } from '../../shared/tags.tsx';
import type { PlaceHit } from '../hotline/api.ts';
import { PlaceSearch } from '../hotline/PlaceSearch.tsx';
import { detailsFor, SOURCE_FIELD_NAMES, SourceFields } from './SourceFields.tsx';

const MapPicker = lazy(() => import('../../shared/MapPicker.tsx'));

export const intakeMessages = defineMessages({
  'intake.new': { zh: '登记新案件', en: 'New report' },
  'intake.lon': { zh: '经度', en: 'Longitude' },
  'intake.lat': { zh: '纬度', en: 'Latitude' },
  'intake.placeSearch': { zh: '地址搜索', en: 'Find an address' },
  'intake.placePlaceholder': {
    zh: '街道、社区、道路、地标（名称、拼音首字母）',
    en: 'Street, community, road, landmark (name or pinyin initials)',
  },
  'intake.pickOnMap': {
    zh: '在地图上点击选择位置，或直接输入经纬度',
    en: 'Click the map or type the coordinates',
  },
  'intake.resolved': {
    zh: '{street} / {community} · 网格 {cell}',
    en: '{street} / {community} · cell {cell}',
  },
  'intake.outside': { zh: '该位置不在任何单元网格内', en: 'This point is in no unit cell' },
  'intake.duplicates': {
    zh: '附近同类未结案件（可能重复）',
    en: 'Open cases of this class nearby (possible duplicates)',
  },
  'intake.noDuplicates': { zh: '附近没有同类未结案件', en: 'No open case of this class nearby' },
  'intake.meters': { zh: '{m} 米', en: '{m} m' },
  'intake.reporterName': { zh: '联系人', en: 'Contact name' },
  'intake.reporterPhone': { zh: '联系电话', en: 'Contact phone' },
  'intake.phoneInvalid': { zh: '电话号码格式不正确', en: 'Not a phone number' },
  'intake.created': { zh: '已登记：{number}', en: 'Recorded: {number}' },
  'intake.descriptionShort': { zh: '问题描述至少 2 个字', en: 'At least 2 characters' },
  'intake.merge': { zh: '并入此案', en: 'Merge into this' },
  'intake.positionRequired': { zh: '请选择或输入位置', en: 'Pick or type the position' },
});

export interface ReportValues {
  source: string;
  classValue: string;
  description: string;
  address?: string;
  lon?: number;
  lat?: number;
  reporterName?: string;
  reporterPhone?: string;
  photos?: Photo[];
  sourceDetails?: Record<string, unknown>;
}

const DRAFT_KEY = 'xh.draft.intake';
const FIELDS = [
  'source',
  'classValue',
  'description',
  'address',
  'lon',
  'lat',
  'reporterName',
  'reporterPhone',
  'photos',
  ...SOURCE_FIELD_NAMES,
];
// The channels a desk operator types in (survey findings included); the others (citizen app,
// Open311, sensors) arrive through their own intake.
const DESK_SOURCES: CaseSource[] = [
  'hotline',
  'walk_in',
  'leader_instruction',
  'media',
  'petition',
  'online_opinion',
  'police_transfer',
  'survey',
  'inspector',
];

export function NewReportForm({ onCreated }: { onCreated: (row: Case) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<ReportValues>();
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [picked, setPicked] = useState<PlaceHit | null>(null);
  // one key per report: a retried submit returns the same case instead of a second one
  const [idempotencyKey, setIdempotencyKey] = useState(randomId);
  const lon = Form.useWatch('lon', form);
  const lat = Form.useWatch('lat', form);
  const classValue = Form.useWatch('classValue', form);
  const source = Form.useWatch('source', form);
  const point = typeof lon === 'number' && typeof lat === 'number' ? { lon, lat } : null;

  const initialValues = useMemo<Partial<ReportValues>>(() => {
    try {
      return { source: 'hotline', ...JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? '{}') };
    } catch {
      return { source: 'hotline' };
    }
  }, []);

  const resolved = useResolvedPoint(point);
  const parsedClass = parseClassValue(classValue);
  // by class code alone, of either kind (the hotline desk narrows by kind too)
  const nearby = useNearbyCases(point, parsedClass);

  useEffect(() => {
    if (resolved.error instanceof ApiError && resolved.error.status === 422) {
      form.setFields([{ name: 'lon', errors: [t('intake.outside')] }]);
    }
  }, [resolved.error, form, t]);

  const submit = async (values: ReportValues) => {
    setBanner(null);
    const cls = parseClassValue(values.classValue);
    const sourceDetails = detailsFor(values.source, values.sourceDetails);
    setBusy(true);
    try {
      const created = await post<Case>(
        '/api/cases',
        {
          source: values.source,
          kind: cls?.kind,
          classCode: cls?.classCode,
          description: values.description,
          location: { lon: values.lon, lat: values.lat },
          ...(values.address ? { address: values.address } : {}),
          ...(values.reporterName || values.reporterPhone
            ? {
                reporter: {
                  ...(values.reporterName ? { name: values.reporterName } : {}),
                  ...(values.reporterPhone ? { phone: values.reporterPhone } : {}),
                },
              }
            : {}),
          ...(uploadedPhotos(values.photos).length ? { photos: uploadedPhotos(values.photos) } : {}),
          ...(sourceDetails ? { sourceDetails } : {}),
        },
        { 'idempotency-key': idempotencyKey },
      );
      sessionStorage.removeItem(DRAFT_KEY);
      form.resetFields();
      form.setFieldsValue({ source: values.source });
      setIdempotencyKey(randomId());
      onCreated(created);
    } catch (e) {
      setBanner(applyApiError(form, renameField(e), FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<ReportValues>
      form={form}
      name="report"
      layout="vertical"
      initialValues={initialValues}
      onFinish={submit}
      onValuesChange={(_, all) => sessionStorage.setItem(DRAFT_KEY, JSON.stringify(all))}
      data-testid="new-report-form"
    >
      {banner && <Alert type="error" title={banner} showIcon style={{ marginBottom: 12 }} role="alert" />}
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item label={t('case.source')} name="source" rules={[{ required: true }]}>
            <Select options={DESK_SOURCES.map((s) => ({ value: s, label: t(`source.${s}`) }))} />
          </Form.Item>
          <SourceFields source={source} />
          <Form.Item
            label={t('case.class')}
            name="classValue"
            rules={[{ required: true, message: t('common.required', { field: t('case.class') }) }]}
          >
            <CataloguePicker placeholder="0101 / 井盖 / jg" autoFocus />
          </Form.Item>
          <Form.Item
            label={t('case.description')}
            name="description"
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common.required', { field: t('case.description') }),
              },
              { min: 2, message: t('intake.descriptionShort') },
              { max: 2000 },
            ]}
          >
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item label={t('intake.placeSearch')} htmlFor="intake-place">
            <PlaceSearch
              id="intake-place"
              value={picked?.id}
              picked={picked}
              placeholder={t('intake.placePlaceholder')}
              onPick={(hit) => {
                setPicked(hit);
                form.setFieldsValue({ lon: hit.location.lon, lat: hit.location.lat, address: hit.name });
                form.setFields([{ name: 'lon', errors: [] }]);
                sessionStorage.setItem(DRAFT_KEY, JSON.stringify(form.getFieldsValue()));
              }}
            />
          </Form.Item>
          <Form.Item label={t('case.address')} name="address" rules={[{ max: 200 }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Row gutter={8}>
            <Col span={12}>
              <Form.Item
                label={t('intake.lon')}
                name="lon"
                rules={[
                  { required: true, message: t('intake.positionRequired') },
                  { type: 'number', min: 73, max: 136 },
                ]}
              >
                <InputNumber precision={6} step={0.0001} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                label={t('intake.lat')}
                name="lat"
                rules={[
                  { required: true, message: t('intake.positionRequired') },
                  { type: 'number', min: 3, max: 54 },
                ]}
              >
                <InputNumber precision={6} step={0.0001} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <div data-testid="resolved-area" style={{ minHeight: 22, marginTop: -12, marginBottom: 12 }}>
            {resolved.data && (
              <Typography.Text type="success">
                {t('intake.resolved', {
                  street: resolved.data.names.street,
                  community: resolved.data.names.community,
                  cell: resolved.data.cellCode,
                })}
              </Typography.Text>
            )}
          </div>
          <Row gutter={8}>
            <Col span={12}>
              <Form.Item label={t('intake.reporterName')} name="reporterName" rules={[{ max: 50 }]}>
                <Input maxLength={50} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                label={t('intake.reporterPhone')}
                name="reporterPhone"
                rules={[{ pattern: /^[0-9+\- ]{3,20}$/, message: t('intake.phoneInvalid') }]}
              >
                <Input maxLength={20} inputMode="tel" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label={t('common.photos')} name="photos" rules={[photosReady(t)]}>
            <PhotoInput />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text type="secondary">{t('intake.pickOnMap')}</Typography.Text>
          <Suspense fallback={<Spin />}>
            <MapPicker
              value={point}
              follow
              onPick={(p) => {
                form.setFieldsValue({ lon: Number(p.lon.toFixed(6)), lat: Number(p.lat.toFixed(6)) });
                form.setFields([{ name: 'lon', errors: [] }]);
                sessionStorage.setItem(DRAFT_KEY, JSON.stringify(form.getFieldsValue()));
              }}
            />
          </Suspense>
          <DuplicateList
            title={t('intake.duplicates')}
            items={point && parsedClass ? nearby.data : undefined}
          />
        </Col>
      </Row>
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="submit-report">
          {t('common.submit')}
        </Button>
      </Space>
    </Form>
  );
}

/** The API's field names → this form's. */
function renameField(error: unknown): unknown {
  if (!(error instanceof ApiError) || !error.field) return error;
  const field = error.field
    .replace(/^(classCode|kind)$/, 'classValue')
    .replace(/^location(\..*)?$/, 'lon')
    .replace(/^reporter\.name$/, 'reporterName')
    .replace(/^reporter\.phone$/, 'reporterPhone');
  return new ApiError(error.status, { ...error.body, field });
}

export function DuplicateList({
  title,
  items,
  onMerge,
}: {
  title: string;
  items: NearbyCase[] | undefined;
  onMerge?: (target: NearbyCase) => void;
}) {
  const { t } = useI18n();
  if (!items) return null;
  return (
    <List
      size="small"
      header={<strong>{title}</strong>}
      dataSource={items}
      rowKey="id"
      locale={{ emptyText: t('intake.noDuplicates') }}
      data-testid="duplicates"
      renderItem={(d) => (
        <List.Item
          actions={
            onMerge
              ? [
                  <Button key="merge" size="small" onClick={() => onMerge(d)} data-testid="merge-into">
                    {t('intake.merge')}
                  </Button>,
                ]
              : []
          }
        >
          <Space size={6} wrap>
            <Link to={`/cases/${d.id}`}>{d.number}</Link>
            <StateTag state={d.state} />
            <span>{d.description.slice(0, 30)}</span>
            <Typography.Text type="secondary">
              {t('intake.meters', { m: Math.round(d.distanceM) })}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}
