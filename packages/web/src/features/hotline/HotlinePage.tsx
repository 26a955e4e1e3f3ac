// 热线受理: the 12345/962000 operator's desk, built for a live call and the keyboard. The number
// (typed, or passed by the telephony system as ?phone=&callId=) brings up the caller's history;
// Enter answers and moves to the address search; picking a place sets the position and moves to
// the class; the class moves to the description. Same-class open cases nearby are shown before
// anything is saved ("是同一问题" records the call against one). The first reply is picked from a
// template, edited and recorded with its time. The call ends as a case, a repeat report, a
// consultation, a hand-over to 110 or an invalid call. A reload mid-call keeps the call and what
// was typed.

import { useQuery } from '@tanstack/react-query';
import { normalizePhone, POLICE_CATEGORIES } from '@xiuhua/domain/channels';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Drawer,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { useCase, useNearbyCases, useResolvedPoint } from '../../api/hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { CaseSummary } from '../../shared/CaseSummary.tsx';
import { CataloguePicker, parseClassValue } from '../../shared/CataloguePicker.tsx';
import { applyApiError } from '../../shared/forms.ts';
import { ColourDot, formatTime, StateTag } from '../../shared/tags.tsx';
import { type Call, type CaseBrief, hotlineApi, type PlaceHit, type PoliceCategory } from './api.ts';
import { REPLY_TEMPLATES } from './messages.ts';
import { PlaceSearch } from './PlaceSearch.tsx';

const MapPicker = lazy(() => import('../../shared/MapPicker.tsx'));

interface Values {
  phone?: string;
  line: '12345' | '962000';
  place?: string;
  lon?: number;
  lat?: number;
  address?: string;
  classValue?: string;
  description?: string;
  reporterName?: string;
  reply?: string;
}

const FORM = 'hotline';
const DRAFT_KEY = 'xh.draft.hotline';
const FIELDS = ['phone', 'place', 'address', 'classValue', 'description', 'reporterName', 'reply'];

/** Focus a form field by name (antd gives each control the id `<form>_<name>`). */
const focusField = (name: string) =>
  setTimeout(() => (document.getElementById(`${FORM}_${name}`) as HTMLElement | null)?.focus(), 0);

/** The API's field names → this form's. */
function renameField(error: unknown): unknown {
  if (!(error instanceof ApiError) || !error.field) return error;
  const field = error.field
    .replace(/^(classCode|kind)$/, 'classValue')
    .replace(/^location(\..*)?$/, 'place')
    .replace(/^callerPhone$/, 'phone')
    .replace(/^firstReply$/, 'reply')
    .replace(/^text$/, 'reply');
  return new ApiError(error.status, { ...error.body, field });
}

interface Draft {
  callId: number | null;
  values: Partial<Values>;
  picked: PlaceHit | null;
}

function readDraft(): Draft | null {
  try {
    return JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? 'null') as Draft | null;
  } catch {
    return null;
  }
}

export default function HotlinePage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const [params] = useSearchParams();
  const draft = useMemo(readDraft, []);
  const [call, setCall] = useState<Call | null>(null);
  const [picked, setPicked] = useState<PlaceHit | null>(draft?.picked ?? null);
  const [result, setResult] = useState<{ text: string; caseId?: number } | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [openCase, setOpenCase] = useState<number | null>(null);
  const [transferOpen, setTransferOpen] = useState(false);
  const nextRef = useRef<HTMLButtonElement>(null);

  const phone = Form.useWatch('phone', form);
  const lon = Form.useWatch('lon', form);
  const lat = Form.useWatch('lat', form);
  const classValue = Form.useWatch('classValue', form);
  const point = typeof lon === 'number' && typeof lat === 'number' ? { lon, lat } : null;
  const parsedClass = parseClassValue(classValue);

  // ------------------------------------------------------------ queries
  // The server's normal form, so every spelling of a number shares one lookup.
  const typed = normalizePhone(phone ?? '') ?? '';
  const lookupPhone = useDeferredValue(typed.replace(/\D/g, '').length >= 7 ? typed : '');
  const history = useQuery({
    queryKey: ['hotline', 'lookup', lookupPhone],
    queryFn: () => hotlineApi.lookup(lookupPhone),
    enabled: lookupPhone !== '',
    retry: false,
  });
  const resolved = useResolvedPoint(point);
  const nearby = useNearbyCases(point, parsedClass);

  // ------------------------------------------------------------ the call
  const saveDraft = useCallback(
    (callId: number | null = call?.id ?? null, hit: PlaceHit | null = picked) => {
      sessionStorage.setItem(
        DRAFT_KEY,
        JSON.stringify({ callId, values: form.getFieldsValue(), picked: hit } satisfies Draft),
      );
    },
    [call, picked, form],
  );

  // A reload mid-call: the call (if still open) and what was typed come back.
  useEffect(() => {
    if (draft?.callId) {
      hotlineApi
        .call(draft.callId)
        .then((c) => {
          if (c.outcome === null) setCall(c);
          else sessionStorage.removeItem(DRAFT_KEY);
        })
        .catch(() => sessionStorage.removeItem(DRAFT_KEY));
    }
    // The telephony system may open the desk with the caller's number.
    const fromCti = params.get('phone');
    if (fromCti && !draft) form.setFieldsValue({ phone: fromCti });
    focusField(draft ? 'place' : 'phone');
  }, [draft, form, params]);

  const ensureCall = async (): Promise<Call> => {
    if (call) return call;
    const values = form.getFieldsValue();
    try {
      const started = await hotlineApi.start(values.phone?.trim() || undefined, values.line ?? '12345');
      setCall(started);
      saveDraft(started.id);
      return started;
    } catch (e) {
      setBanner(applyApiError(form, renameField(e), FIELDS));
      throw e;
    }
  };

  const answer = async () => {
    await ensureCall().catch(() => undefined);
    focusField('place');
  };

  const done = (text: string, caseId?: number) => {
    sessionStorage.removeItem(DRAFT_KEY);
    setResult({ text, ...(caseId ? { caseId } : {}) });
    setBanner(null);
    message.success(text);
  };
  // Once the call is done, Enter starts the next one.
  useEffect(() => {
    if (result) nextRef.current?.focus();
  }, [result]);

  const run = async (what: string, fn: () => Promise<void>) => {
    setBusy(what);
    setBanner(null);
    try {
      await fn();
    } catch (e) {
      setBanner(applyApiError(form, renameField(e), FIELDS));
    } finally {
      setBusy(null);
    }
  };

  const reply = () => (form.getFieldValue('reply') as string | undefined)?.trim() || undefined;

  const recordReply = () =>
    run('reply', async () => {
      const text = reply();
      if (!text) {
        form.setFields([{ name: 'reply', errors: [t('common.required', { field: t('hotline.reply') })] }]);
        focusField('reply');
        return;
      }
      const c = await ensureCall();
      setCall(await hotlineApi.firstReply(c.id, text));
    });

  const createCase = () =>
    run('case', async () => {
      let values: Values;
      try {
        values = await form.validateFields();
      } catch {
        return;
      }
      const cls = parseClassValue(values.classValue)!;
      const c = await ensureCall();
      const res = await hotlineApi.createCase(c.id, {
        kind: cls.kind,
        classCode: cls.classCode,
        description: values.description!.trim(),
        location: { lon: values.lon!, lat: values.lat! },
        ...(values.address?.trim() ? { address: values.address.trim() } : {}),
        ...(values.reporterName?.trim() ? { reporterName: values.reporterName.trim() } : {}),
        ...(reply() ? { firstReply: reply() } : {}),
      });
      setCall(res.call);
      done(t('hotline.created', { number: res.case.number }), res.case.id);
    });

  const link = (target: { id: number; number: string }) =>
    run('link', async () => {
      const c = await ensureCall();
      const res = await hotlineApi.link(c.id, target.id, reply());
      setCall(res.call);
      setOpenCase(null);
      done(t('hotline.linked', { number: res.case.number }), res.case.id);
    });

  const complete = (outcome: 'consultation' | 'invalid') =>
    run(outcome, async () => {
      const c = await ensureCall();
      setCall(await hotlineApi.complete(c.id, outcome, reply()));
      done(t('hotline.completed', { outcome: t(`outcome.${outcome}`) }));
    });

  const next = () => {
    sessionStorage.removeItem(DRAFT_KEY);
    form.resetFields();
    setCall(null);
    setPicked(null);
    setResult(null);
    setBanner(null);
    setOpenCase(null);
    focusField('phone');
  };

  // ------------------------------------------------------------ keys
  const cases = history.data?.cases ?? [];
  const keys = useRef({ createCase, recordReply, next, cases, result });
  keys.current = { createCase, recordReply, next, cases, result };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const k = keys.current;
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && !k.result) {
        e.preventDefault();
        void k.createCase();
      } else if (e.altKey && /^Digit[1-9]$/.test(e.code)) {
        const target = k.cases[Number(e.code.slice(5)) - 1];
        if (target) {
          e.preventDefault();
          setOpenCase(target.id);
        }
      } else if (e.altKey && e.code === 'KeyR' && !k.result) {
        e.preventDefault();
        void k.recordReply();
      } else if (e.altKey && e.code === 'KeyN') {
        e.preventDefault();
        k.next();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const pickPlace = (hit: PlaceHit) => {
    setPicked(hit);
    form.setFieldsValue({ place: hit.id, lon: hit.location.lon, lat: hit.location.lat, address: hit.name });
    form.setFields([{ name: 'place', errors: [] }]);
    saveDraft(undefined, hit);
    focusField('classValue');
  };

  const locked = result !== null;
  const duplicates = point && parsedClass && !locked ? nearby.data : undefined;

  return (
    <Row gutter={12}>
      <Col xs={24} xl={11}>
        <Card
          size="small"
          title={t('hotline.title')}
          extra={
            call ? (
              <Tag color={call.outcome ? 'default' : 'green'} data-testid="call-status">
                {call.outcome
                  ? t(`outcome.${call.outcome}`)
                  : t('hotline.inCall', { id: call.id, time: dayjs(call.startedAt).format('HH:mm:ss') })}
              </Tag>
            ) : null
          }
        >
          {result && (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="hotline-result"
              title={result.text}
              action={
                <Button ref={nextRef} type="primary" onClick={next} data-testid="next-call">
                  {t('hotline.next')}
                </Button>
              }
            />
          )}
          {banner && <Alert type="error" title={banner} showIcon role="alert" style={{ marginBottom: 12 }} />}
          <Form<Values>
            form={form}
            name={FORM}
            layout="vertical"
            disabled={locked}
            initialValues={{ line: '12345', ...(draft?.values ?? {}) }}
            onValuesChange={(changed) => {
              if (changed.classValue) focusField('description');
              saveDraft();
            }}
            data-testid="hotline-form"
          >
            <Row gutter={8}>
              <Col span={16}>
                <Form.Item
                  label={t('hotline.phone')}
                  name="phone"
                  rules={[
                    { max: 30, message: t('hotline.phoneInvalid') },
                    {
                      validator: async (_, v?: string) => {
                        if (v?.trim() && !normalizePhone(v)) throw new Error(t('hotline.phoneInvalid'));
                      },
                    },
                  ]}
                >
                  <Input
                    inputMode="tel"
                    maxLength={30}
                    placeholder={t('hotline.phonePlaceholder')}
                    onPressEnter={(e) => {
                      e.preventDefault();
                      void answer();
                    }}
                    addonAfter={
                      <Button
                        type="link"
                        size="small"
                        onClick={() => void answer()}
                        disabled={!!call || locked}
                        data-testid="answer"
                      >
                        {t('hotline.start')}
                      </Button>
                    }
                  />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label={t('hotline.line')} name="line">
                  <Select disabled={!!call} options={[{ value: '12345' }, { value: '962000' }]} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={8}>
              <Col span={14}>
                <Form.Item
                  label={t('hotline.place')}
                  name="place"
                  rules={[
                    {
                      validator: async () => {
                        const v = form.getFieldsValue(['lon', 'lat']);
                        if (typeof v.lon !== 'number' || typeof v.lat !== 'number')
                          throw new Error(t('hotline.placeRequired'));
                      },
                    },
                  ]}
                  extra={
                    <span data-testid="resolved-area">
                      {resolved.data &&
                        t('hotline.position', {
                          street: resolved.data.names.street,
                          community: resolved.data.names.community,
                          cell: resolved.data.cellCode,
                        })}
                    </span>
                  }
                >
                  <PlaceSearch
                    picked={picked}
                    onPick={pickPlace}
                    placeholder={t('hotline.placePlaceholder')}
                  />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item label={t('hotline.addressDetail')} name="address" rules={[{ max: 200 }]}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="lon" hidden>
              <Input />
            </Form.Item>
            <Form.Item name="lat" hidden>
              <Input />
            </Form.Item>
            <Form.Item
              label={t('case.class')}
              name="classValue"
              rules={[{ required: true, message: t('common.required', { field: t('case.class') }) }]}
            >
              <CataloguePicker placeholder="暴露垃圾 / bllj / 06010" />
            </Form.Item>
            <Form.Item
              label={t('case.description')}
              name="description"
              rules={[
                { required: true, whitespace: true, message: t('hotline.descriptionRequired') },
                { min: 2, message: t('hotline.descriptionShort') },
              ]}
            >
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
            <Row gutter={8}>
              <Col span={8}>
                <Form.Item label={t('hotline.reporterName')} name="reporterName" rules={[{ max: 50 }]}>
                  <Input maxLength={50} />
                </Form.Item>
              </Col>
              <Col span={16}>
                <Form.Item label={t('hotline.replyTemplate')}>
                  <Select
                    id={`${FORM}_template`}
                    showSearch={{ optionFilterProp: 'label' }}
                    placeholder={t('hotline.replyTemplate')}
                    options={REPLY_TEMPLATES.map((x) => ({
                      value: x.key,
                      label: `${t(`template.${x.key}`)} · ${x.text}`,
                    }))}
                    onChange={(key: string) => {
                      form.setFieldsValue({ reply: REPLY_TEMPLATES.find((x) => x.key === key)?.text ?? '' });
                      saveDraft();
                      focusField('reply');
                    }}
                    value={null}
                  />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item
              label={t('hotline.reply')}
              name="reply"
              rules={[{ max: 1000 }]}
              extra={
                call?.firstReplyAt ? (
                  <Typography.Text type="success" data-testid="reply-recorded">
                    {t('hotline.replyRecorded', { time: dayjs(call.firstReplyAt).format('HH:mm:ss') })}
                  </Typography.Text>
                ) : null
              }
            >
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
            <Space wrap>
              <Button
                type="primary"
                onClick={() => void createCase()}
                loading={busy === 'case'}
                data-testid="create-case"
              >
                {t('hotline.createCase')}
              </Button>
              <Button
                onClick={() => void recordReply()}
                loading={busy === 'reply'}
                data-testid="record-reply"
              >
                {t('hotline.replyRecord')}
              </Button>
              <Button
                onClick={() => void complete('consultation')}
                loading={busy === 'consultation'}
                data-testid="consultation"
              >
                {t('hotline.consultation')}
              </Button>
              <Button danger onClick={() => setTransferOpen(true)} data-testid="to-110">
                {t('hotline.to110')}
              </Button>
              <Button onClick={() => void complete('invalid')} loading={busy === 'invalid'}>
                {t('hotline.invalid')}
              </Button>
            </Space>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
            {t('hotline.shortcuts')}
          </Typography.Paragraph>
        </Card>
      </Col>
      <Col xs={24} xl={13}>
        <CallerHistory
          loading={history.isFetching}
          phone={lookupPhone}
          data={
            history.data && {
              cases: history.data.cases,
              calls: history.data.calls.filter((c) => c.id !== call?.id), // not this call
            }
          }
          onOpen={(id) => setOpenCase(id)}
        />
        {duplicates && (
          <Card size="small" style={{ marginTop: 12 }} data-testid="duplicates">
            {duplicates.length === 0 ? (
              <Typography.Text type="secondary">{t('hotline.noDuplicates')}</Typography.Text>
            ) : (
              <>
                <Alert
                  type="warning"
                  showIcon
                  title={t('hotline.duplicates', { n: duplicates.length })}
                  data-testid="duplicate-warning"
                />
                <List
                  size="small"
                  dataSource={duplicates}
                  rowKey="id"
                  renderItem={(d) => (
                    <List.Item
                      actions={[
                        <Button
                          key="same"
                          size="small"
                          disabled={locked}
                          loading={busy === 'link'}
                          onClick={() => void link(d)}
                          data-testid="same-problem"
                        >
                          {t('hotline.same')}
                        </Button>,
                      ]}
                    >
                      <Space size={6} wrap>
                        <Typography.Link onClick={() => setOpenCase(d.id)}>{d.number}</Typography.Link>
                        <StateTag state={d.state} />
                        <span>{d.description.slice(0, 40)}</span>
                        <Typography.Text type="secondary">
                          {t('hotline.meters', { m: d.distanceM })}
                        </Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              </>
            )}
          </Card>
        )}
        <Card size="small" style={{ marginTop: 12 }}>
          <Suspense fallback={<Spin />}>
            <MapPicker
              value={point}
              follow
              height={300}
              onPick={(p) => {
                if (locked) return;
                setPicked(null);
                form.setFieldsValue({
                  place: undefined,
                  lon: Number(p.lon.toFixed(6)),
                  lat: Number(p.lat.toFixed(6)),
                });
                form.setFields([{ name: 'place', errors: [] }]);
                saveDraft(undefined, null);
              }}
            />
          </Suspense>
        </Card>
      </Col>
      <CaseDrawer
        caseId={openCase}
        onClose={() => setOpenCase(null)}
        onSame={locked ? undefined : (row) => void link(row)}
      />
      <TransferModal
        open={transferOpen}
        description={form.getFieldValue('description') as string | undefined}
        onCancel={() => setTransferOpen(false)}
        onSubmit={async (category, matter) => {
          const c = await ensureCall();
          const values = form.getFieldsValue();
          const res = await hotlineApi.transfer110(c.id, {
            category,
            description: matter,
            ...(values.address?.trim() ? { address: values.address.trim() } : {}),
            ...(point ? { location: point } : {}),
          });
          setCall(res.call);
          setTransferOpen(false);
          done(t('hotline.transferred', { status: t(`transfer.${res.transfer.status}`) }));
        }}
      />
    </Row>
  );
}

function CallerHistory({
  phone,
  data,
  loading,
  onOpen,
}: {
  phone: string;
  data: { cases: CaseBrief[]; calls: Call[] } | undefined;
  loading: boolean;
  onOpen: (caseId: number) => void;
}) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('hotline.history')} loading={loading && !data} data-testid="caller-history">
      {!phone || !data ? (
        <Typography.Text type="secondary">{t('hotline.historyHint')}</Typography.Text>
      ) : data.cases.length === 0 && data.calls.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hotline.historyEmpty')} />
      ) : (
        <>
          <Typography.Text strong>{t('hotline.earlierCases')}</Typography.Text>
          <List
            size="small"
            dataSource={data.cases}
            rowKey="id"
            renderItem={(c, i) => (
              <List.Item data-testid="history-case" data-case-id={c.id}>
                <Space size={6} wrap>
                  {i < 9 && <Tag>Alt+{i + 1}</Tag>}
                  <Typography.Link onClick={() => onOpen(c.id)}>{c.number}</Typography.Link>
                  <StateTag state={c.state} />
                  <ColourDot colour={c.colour} />
                  <span>{c.className}</span>
                  <Typography.Text type="secondary">{c.description.slice(0, 30)}</Typography.Text>
                  <Typography.Text type="secondary">{formatTime(c.reportedAt)}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
          {data.calls.length > 0 && (
            <>
              <Typography.Text strong>{t('hotline.earlierCalls')}</Typography.Text>
              <List
                size="small"
                dataSource={data.calls}
                rowKey="id"
                renderItem={(c) => (
                  <List.Item data-testid="history-call">
                    <Space size={6} wrap>
                      <span>{formatTime(c.startedAt)}</span>
                      <Tag>{t(`outcome.${c.outcome ?? 'open'}`)}</Tag>
                      {c.caseNumber && <span>{c.caseNumber}</span>}
                      <Typography.Text type="secondary">{c.operator.name}</Typography.Text>
                      {c.firstReply && (
                        <Typography.Text type="secondary">“{c.firstReply.slice(0, 30)}”</Typography.Text>
                      )}
                    </Space>
                  </List.Item>
                )}
              />
            </>
          )}
        </>
      )}
    </Card>
  );
}

function CaseDrawer({
  caseId,
  onClose,
  onSame,
}: {
  caseId: number | null;
  onClose: () => void;
  onSame?: (row: { id: number; number: string }) => void;
}) {
  const { t } = useI18n();
  const query = useCase(caseId ?? undefined);
  return (
    <Drawer open={caseId !== null} onClose={onClose} size="large" title={query.data?.number} destroyOnHidden>
      {query.data ? (
        <>
          <CaseSummary row={query.data} />
          {onSame && (
            <Button
              type="primary"
              style={{ marginTop: 12 }}
              onClick={() => onSame(query.data!)}
              data-testid="drawer-same-problem"
              autoFocus
            >
              {t('hotline.same')}
            </Button>
          )}
        </>
      ) : (
        <Spin />
      )}
    </Drawer>
  );
}

function TransferModal({
  open,
  description,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  description: string | undefined;
  onCancel: () => void;
  onSubmit: (category: PoliceCategory, matter: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ category: PoliceCategory; matter: string }>();
  const [busy, setBusy] = useState(false);
  const [banner, setBanner] = useState<string | null>(null);
  return (
    <Modal
      open={open}
      title={t('hotline.to110')}
      onCancel={onCancel}
      destroyOnHidden
      okText={t('hotline.to110')}
      okButtonProps={{ danger: true, loading: busy, 'data-testid': 'to-110-submit' } as never}
      onOk={async () => {
        const v = await form.validateFields();
        setBusy(true);
        setBanner(null);
        try {
          await onSubmit(v.category, v.matter.trim());
        } catch (e) {
          setBanner(
            applyApiError(
              form,
              e instanceof ApiError && e.field === 'description'
                ? new ApiError(e.status, { ...e.body, field: 'matter' })
                : e,
              ['category', 'matter'],
            ),
          );
        } finally {
          setBusy(false);
        }
      }}
    >
      {banner && <Alert type="error" title={banner} showIcon role="alert" style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ category: 'police', matter: description ?? '' }}
      >
        <Form.Item label={t('hotline.category')} name="category" rules={[{ required: true }]}>
          <Select autoFocus options={POLICE_CATEGORIES.map((c) => ({ value: c, label: t(`police.${c}`) }))} />
        </Form.Item>
        <Form.Item
          label={t('hotline.matter')}
          name="matter"
          rules={[{ required: true, whitespace: true, min: 2, message: t('hotline.descriptionRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
