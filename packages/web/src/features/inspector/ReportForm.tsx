// 随手上报: a new problem in a few taps — photo, GPS, class, done. Nothing is sent from here: the
// report goes into the outbox (photos as blobs, an idempotency key made now) and the outbox sends
// it when the network allows, so the same form works on a good network, a bad one or none.
// A report the server refused comes back here to be fixed (same key: nothing exists under it).

import { AimOutlined, CameraOutlined, DeleteOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { type Catalogue, findClasses, type MinorClass } from '@xiuhua/domain/catalogue';
import type { NearbyComponent } from '@xiuhua/server/contract';
import { Alert, App, Button, Card, Col, Input, List, Row, Space, Spin, Tag, Typography } from 'antd';
import { lazy, Suspense, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { get } from '../../api/client.ts';
import type { CatalogueClass } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import {
  type GeoProblem,
  geolocationBlocked,
  geoProblemKey,
  locate as readPosition,
} from '../../shared/geolocation.ts';
import { amend, enqueue, type OutboxItem, type OutboxPhoto, photoBlob } from '../../shared/outbox.ts';
import type { ReportPayload } from './background.ts';
import { type FrequentClass, useCatalogueList, useFrequentClasses, useOnline } from './hooks.ts';
import './messages.ts';

const MapPicker = lazy(() => import('../../shared/MapPicker.tsx'));

const MAX_PHOTOS = 9;

type Position = { lon: number; lat: number; source: 'gps' | 'map'; accuracy?: number };

interface PickedClass {
  kind: 'component' | 'event';
  code: string;
  name: string;
}

/** A photo on the form: a new file, or one kept from the refused report being fixed. */
type FormPhoto =
  | { kind: 'new'; file: File; preview: string }
  | { kind: 'kept'; photo: OutboxPhoto; preview: string };

export function ReportForm({
  owner,
  fixing,
  onQueued,
}: {
  owner: number;
  /** A refused report to fix and send again. */
  fixing?: OutboxItem;
  onQueued: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const online = useOnline();
  const previous = fixing?.payload as ReportPayload | undefined;
  const [photos, setPhotos] = useState<FormPhoto[]>([]);
  const [position, setPosition] = useState<Position | null>(
    previous
      ? {
          lon: previous.location.lon,
          lat: previous.location.lat,
          source: previous.positionSource,
          accuracy: previous.accuracy,
        }
      : null,
  );
  const [locating, setLocating] = useState(false);
  const [gpsError, setGpsError] = useState<GeoProblem | null>(null);
  // Without geolocation (plain HTTP, no GPS) the map is the way to place the report.
  const [mapOpen, setMapOpen] = useState(() => !fixing && geolocationBlocked() !== null);
  const [picked, setPicked] = useState<PickedClass | null>(
    previous ? { kind: previous.kind, code: previous.classCode, name: previous.className } : null,
  );
  const [componentRef, setComponentRef] = useState(previous?.componentRef ?? '');
  const [description, setDescription] = useState(
    previous && previous.description !== previous.className ? previous.description : '',
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  // Previews of the kept photos of a refused report.
  useEffect(() => {
    if (!fixing) return;
    let alive = true;
    void (async () => {
      const kept: FormPhoto[] = [];
      for (const photo of fixing.photos) {
        const blob = await photoBlob(photo.key);
        if (blob) kept.push({ kind: 'kept', photo, preview: URL.createObjectURL(blob) });
      }
      if (alive) setPhotos(kept);
    })();
    return () => {
      alive = false;
    };
  }, [fixing]);
  // Object URLs hold the image in memory until revoked.
  const previews = useRef<string[]>([]);
  previews.current = photos.map((p) => p.preview);
  useEffect(
    () => () => {
      for (const u of previews.current) URL.revokeObjectURL(u);
    },
    [],
  );

  const locate = (fresh = false) => {
    setLocating(true);
    setGpsError(null);
    readPosition(
      (fix) => {
        setLocating(false);
        setPosition({ lon: fix.lon, lat: fix.lat, source: 'gps', accuracy: Math.round(fix.accuracy) });
      },
      (problem) => {
        setLocating(false);
        setGpsError(problem);
        setMapOpen(true);
      },
      // Asked again by the user: a new fix, not the last one.
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: fresh ? 0 : 30_000 },
    );
  };
  // A new report starts by locating; a fixed one keeps its position.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on opening the form
  useEffect(() => {
    if (!fixing) locate();
  }, []);

  const addFiles = (files: FileList | null) => {
    if (!files) return;
    const room = MAX_PHOTOS - photos.length;
    if (files.length > room) void message.warning(t('report.tooManyPhotos', { n: MAX_PHOTOS }));
    const added = [...files]
      .slice(0, Math.max(0, room))
      .map((file) => ({ kind: 'new' as const, file, preview: URL.createObjectURL(file) }));
    setPhotos((list) => [...list, ...added]);
  };
  const removePhoto = (index: number) => {
    setPhotos((list) => {
      const gone = list[index];
      if (gone) URL.revokeObjectURL(gone.preview);
      return list.filter((_, i) => i !== index);
    });
  };

  const submit = async () => {
    setProblem(null);
    if (photos.length === 0) return setProblem(t('report.photoRequired'));
    if (!position) return setProblem(t('report.noPosition'));
    if (!picked) return setProblem(t('report.noClass'));
    const payload: ReportPayload = {
      kind: picked.kind,
      classCode: picked.code,
      className: picked.name,
      // "a few taps": the class name says enough when nothing is typed
      description: description.trim().length >= 2 ? description.trim() : picked.name,
      location: { lon: position.lon, lat: position.lat, crs: 'WGS84' },
      positionSource: position.source,
      ...(position.accuracy !== undefined ? { accuracy: position.accuracy } : {}),
      ...(componentRef.trim() ? { componentRef: componentRef.trim() } : {}),
    };
    const files = photos.flatMap((p) => (p.kind === 'new' ? [p.file] : []));
    setSaving(true);
    try {
      if (fixing) {
        const kept = photos.flatMap((p) => (p.kind === 'kept' ? [p.photo] : []));
        await amend(fixing.id, payload, kept, files);
      } else {
        await enqueue('report', owner, payload, files);
      }
      void message.success(online ? t('report.saved') : t('report.queued'));
      onQueued();
    } catch (e) {
      // IndexedDB full or unavailable (private mode): say so, keep the form.
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="report-form">
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Card size="small" title={t('report.photos')}>
          <Space wrap size={8}>
            {photos.map((p, i) => (
              <div key={p.preview} style={{ position: 'relative' }}>
                <img
                  src={p.preview}
                  alt={t('report.photos')}
                  style={{ width: 88, height: 88, objectFit: 'cover', borderRadius: 4, display: 'block' }}
                  data-testid="report-photo"
                />
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('report.removePhoto')}
                  onClick={() => removePhoto(i)}
                  style={{ position: 'absolute', top: 2, right: 2 }}
                />
              </div>
            ))}
            {photos.length < MAX_PHOTOS && (
              <Button
                style={{ width: 88, height: 88 }}
                icon={<CameraOutlined style={{ fontSize: 24 }} />}
                onClick={() => fileInput.current?.click()}
              >
                <div style={{ fontSize: 12 }}>{t('report.takePhoto')}</div>
              </Button>
            )}
          </Space>
          <input
            ref={fileInput}
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            hidden
            data-testid="report-photo-input"
            onChange={(e) => {
              addFiles(e.target.files);
              e.target.value = '';
            }}
          />
        </Card>

        <Card size="small" title={t('report.position')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <div data-testid="report-position" data-source={position?.source ?? ''}>
              {locating ? (
                <Spin size="small" />
              ) : position ? (
                <Typography.Text>
                  <EnvironmentOutlined />{' '}
                  {position.source === 'gps'
                    ? t('report.located', { accuracy: position.accuracy ?? '?' })
                    : t('report.pickedOnMap')}{' '}
                  <Typography.Text type="secondary">
                    {position.lon.toFixed(6)}, {position.lat.toFixed(6)}
                  </Typography.Text>
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">
                  {locating ? t('report.locating') : t('report.noPosition')}
                </Typography.Text>
              )}
            </div>
            {gpsError && (
              <Alert
                type="warning"
                showIcon
                message={t(geoProblemKey(gpsError))}
                data-testid="report-gps-problem"
              />
            )}
            <Space wrap>
              {geolocationBlocked() === null && (
                <Button icon={<AimOutlined />} onClick={() => locate(true)} loading={locating}>
                  {t('report.relocate')}
                </Button>
              )}
              <Button icon={<EnvironmentOutlined />} onClick={() => setMapOpen((o) => !o)}>
                {t('report.pickOnMap')}
              </Button>
            </Space>
            {mapOpen && (
              <Suspense fallback={<Spin />}>
                <MapPicker
                  height={260}
                  follow
                  value={position}
                  onPick={(p) => setPosition({ lon: p.lon, lat: p.lat, source: 'map' })}
                />
              </Suspense>
            )}
          </Space>
        </Card>

        <Card size="small" title={t('report.class')}>
          <ClassChooser owner={owner} value={picked} onChange={setPicked} lang={lang} />
        </Card>

        {picked?.kind === 'component' && (
          <Card size="small" title={t('report.component')}>
            <ComponentField
              value={componentRef}
              onChange={setComponentRef}
              position={position}
              classCode={picked.code}
              online={online}
            />
          </Card>
        )}

        <Card size="small" title={t('report.description')}>
          <Input.TextArea
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            placeholder={t('report.descriptionHint')}
            autoSize={{ minRows: 2, maxRows: 5 }}
            maxLength={2000}
            aria-label={t('report.description')}
          />
        </Card>

        {problem && <Alert type="error" showIcon message={problem} data-testid="report-problem" />}
        <Button
          type="primary"
          size="large"
          block
          onClick={submit}
          loading={saving}
          data-testid="report-submit"
        >
          {fixing ? t('report.amend') : t('report.submit')}
        </Button>
      </Space>
    </div>
  );
}

/** The inspector's frequent classes as big buttons; any other class by search, on the phone. */
function ClassChooser({
  owner,
  value,
  onChange,
  lang,
}: {
  owner: number;
  value: PickedClass | null;
  onChange: (c: PickedClass) => void;
  lang: 'zh' | 'en';
}) {
  const { t } = useI18n();
  const frequent = useFrequentClasses(owner);
  const all = useCatalogueList();
  const [text, setText] = useState('');
  const q = useDeferredValue(text);
  const name = (c: { name: string; nameEn?: unknown }) =>
    lang === 'en' && typeof c.nameEn === 'string' && c.nameEn ? c.nameEn : c.name;
  const matches = useMemo(() => {
    if (!all.data || !q.trim()) return [];
    // The matcher reads kind, code, name and keywords: the class list from the server has them.
    const catalogue = { majors: [], minors: all.data as unknown as MinorClass[] } as unknown as Catalogue;
    return findClasses(catalogue, q, { limit: 12 }).map((m) => m.minor as unknown as CatalogueClass);
  }, [all.data, q]);
  const isPicked = (c: { kind: string; code: string }) => value?.kind === c.kind && value.code === c.code;
  const buttons: FrequentClass[] = frequent.data ?? [];
  const pickedIsQuick = value && buttons.some(isPicked);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Row gutter={[8, 8]}>
        {buttons.map((c) => (
          <Col span={12} key={`${c.kind}:${c.code}`}>
            <Button
              block
              size="large"
              type={isPicked(c) ? 'primary' : 'default'}
              onClick={() => onChange({ kind: c.kind, code: c.code, name: c.name })}
              data-testid="quick-class"
              data-code={c.code}
              style={{ height: 48, whiteSpace: 'normal', lineHeight: 1.2 }}
            >
              {name(c)}
            </Button>
          </Col>
        ))}
      </Row>
      {value && !pickedIsQuick && (
        <Tag color="blue" data-testid="picked-class">
          {value.code} {value.name}
        </Tag>
      )}
      <Input.Search
        allowClear
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('report.otherClass')}
        aria-label={t('report.otherClass')}
        loading={all.isFetching && !all.data}
      />
      {matches.length > 0 && (
        <List
          size="small"
          bordered
          dataSource={matches}
          renderItem={(c) => (
            <List.Item
              onClick={() => {
                onChange({ kind: c.kind, code: c.code, name: c.name });
                setText('');
              }}
              style={{ cursor: 'pointer' }}
              data-testid="class-match"
            >
              <Space>
                <Tag color={c.kind === 'component' ? 'blue' : 'green'}>{t(`case.kind.${c.kind}`)}</Tag>
                {c.code} {name(c)}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}

/** Component code: typed, or picked from the registry's components near the position (online). */
function ComponentField({
  value,
  onChange,
  position,
  classCode,
  online,
}: {
  value: string;
  onChange: (v: string) => void;
  position: Position | null;
  classCode: string;
  online: boolean;
}) {
  const { t } = useI18n();
  const nearby = useQuery({
    queryKey: ['components', 'nearby', position?.lon, position?.lat, classCode],
    queryFn: () =>
      get<NearbyComponent[]>('/api/components/nearby', {
        lon: position!.lon,
        lat: position!.lat,
        radius: 100,
        classCode,
      }),
    enabled: online && position !== null,
    retry: false,
    staleTime: 60_000,
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input
        value={value}
        onChange={(e) => onChange(e.target.value)}
        maxLength={64}
        placeholder="310112…"
        aria-label={t('report.component')}
      />
      {(nearby.data?.length ?? 0) > 0 && (
        <List
          size="small"
          header={t('report.nearbyComponents')}
          dataSource={nearby.data}
          renderItem={(c) => (
            <List.Item onClick={() => onChange(c.code)} style={{ cursor: 'pointer' }}>
              <Space>
                {value === c.code && <Tag color="blue">✓</Tag>}
                {c.name} <Typography.Text type="secondary">{c.code}</Typography.Text>
                <Typography.Text type="secondary">{c.distanceM} m</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}
