// Pieces every assessment page shows: the period picker, flag, grade and trend tags, the
// provisional/published badge, subject and indicator names in the chosen language, Excel export.

import { ArrowDownOutlined, ArrowUpOutlined, DownloadOutlined, FlagFilled } from '@ant-design/icons';
import { App, Button, DatePicker, type FormInstance, Segmented, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { useAreas, useUnits } from '../../api/hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import {
  downloadXlsx,
  type Flag,
  type IndicatorDef,
  type Results,
  type Subject,
  useIndicators,
} from './api.ts';
import {
  defaultKeyFor,
  endOf,
  keyOf,
  PICKER_KINDS,
  type PickerKind,
  periodInfo,
  startOf,
  todayCst,
} from './period.ts';
import './messages.ts';

export const fmtScore = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : String(Math.round(n * 100) / 100);
export const fmtRate = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n}%`);
export const fmtTime = (iso: string | null | undefined) =>
  iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—';
export const fmtMoney = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : n.toLocaleString('zh-CN');

/** Period kind + a picker of that kind; the key is what the API takes. */
export function PeriodPicker({
  value,
  onChange,
  kinds = PICKER_KINDS,
  id = 'assessment-period',
}: {
  value: string;
  onChange: (key: string) => void;
  kinds?: readonly PickerKind[];
  id?: string;
}) {
  const { t } = useI18n();
  const info = periodInfo(value);
  const kind = (info?.kind === 'day' ? 'custom' : (info?.kind ?? 'month')) as PickerKind;
  const today = dayjs(todayCst());
  const future = (d: dayjs.Dayjs) => d.isAfter(today, 'day');
  return (
    <Space size={6} wrap data-testid="period-picker" data-period={value}>
      {kinds.length > 1 && (
        <Segmented
          size="small"
          value={kind}
          onChange={(k) => onChange(defaultKeyFor(k as PickerKind))}
          options={kinds.map((k) => ({ label: t(`as.kind.${k}`), value: k }))}
          aria-label={t('as.period')}
        />
      )}
      {kind === 'custom' ? (
        <DatePicker.RangePicker
          id={{ start: id }}
          value={[startOf(value), endOf(value)]}
          allowClear={false}
          disabledDate={future}
          onChange={(v) => {
            if (v?.[0] && v[1]) onChange(keyOf('custom', v[0], v[1]));
          }}
          style={{ width: 240 }}
        />
      ) : (
        <DatePicker
          id={id}
          picker={
            kind === 'month' ? 'month' : kind === 'week' ? 'week' : kind === 'quarter' ? 'quarter' : 'year'
          }
          value={startOf(value)}
          allowClear={false}
          disabledDate={future}
          // Our own key, so a week reads the same (ISO week) in either language.
          format={() => value}
          onChange={(d) => {
            if (d) onChange(keyOf(kind, d));
          }}
          style={{ width: 130 }}
        />
      )}
    </Space>
  );
}

export function FlagTag({ flag }: { flag: Flag | null }) {
  const { t } = useI18n();
  if (!flag) return null;
  return (
    <Tag
      icon={<FlagFilled />}
      color={flag === 'red' ? '#cf1322' : '#262626'}
      data-flag={flag}
      style={{ marginInlineEnd: 0 }}
    >
      {t(`as.flag.${flag}`)}
    </Tag>
  );
}

const GRADE_COLOURS = ['green', 'blue', 'gold', 'orange', 'red'];

/** A grade coloured by its place in the scheme's bands (best green … worst red). */
export function GradeTag({ grade, bands }: { grade: string | null; bands?: { grade: string }[] }) {
  if (!grade) return <span>—</span>;
  const index = bands?.findIndex((b) => b.grade === grade) ?? -1;
  const n = bands?.length ?? 5;
  const colour =
    index < 0
      ? 'default'
      : GRADE_COLOURS[Math.round((index / Math.max(1, n - 1)) * (GRADE_COLOURS.length - 1))];
  return (
    <Tag color={colour} data-grade={grade} style={{ marginInlineEnd: 0 }}>
      {grade}
    </Tag>
  );
}

/** ▲▼ with the score change and, when it moved, the rank change; "new" without a previous score. */
export function Trend({
  score,
  rank,
  previous,
}: {
  score: number | null;
  rank: number | null;
  previous: { score: number | null; rank: number | null } | null;
}) {
  const { t } = useI18n();
  if (score === null) return <Typography.Text type="secondary">—</Typography.Text>;
  if (!previous || previous.score === null)
    return <Typography.Text type="secondary">{t('as.trend.new')}</Typography.Text>;
  const delta = Math.round((score - previous.score) * 100) / 100;
  const rankMoved = rank !== null && previous.rank !== null && rank !== previous.rank;
  const colour = delta > 0 ? '#389e0d' : delta < 0 ? '#cf1322' : undefined;
  return (
    <span data-trend={delta > 0 ? 'up' : delta < 0 ? 'down' : 'same'} style={{ whiteSpace: 'nowrap' }}>
      <span style={{ color: colour }}>
        {delta > 0 ? <ArrowUpOutlined /> : delta < 0 ? <ArrowDownOutlined /> : '＝'}{' '}
        {delta > 0 ? `+${delta}` : delta < 0 ? `${delta}` : '0'}
      </span>
      {rankMoved && (
        <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
          {t('as.trend.rank', { from: previous.rank!, to: rank! })}
        </Typography.Text>
      )}
    </span>
  );
}

/** Provisional (live) or published (frozen: when, by whom, the note). */
export function StatusBadge({ results }: { results: Pick<Results, 'status' | 'publication'> }) {
  const { t } = useI18n();
  const pub = results.publication;
  if (results.status === 'published' && pub)
    return (
      <Tooltip title={`${t('as.status.frozen')}${pub.note ? ` — ${pub.note}` : ''}`}>
        <Space size={4} data-testid="assessment-status" data-status="published">
          <Tag color="success" style={{ marginInlineEnd: 0 }}>
            {t('as.status.published')}
          </Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {pub.publishedBy
              ? t('as.status.publishedBy', { at: fmtTime(pub.publishedAt), by: pub.publishedBy })
              : t('as.status.publishedAt', { at: fmtTime(pub.publishedAt) })}
          </Typography.Text>
        </Space>
      </Tooltip>
    );
  return (
    <Tooltip title={t('as.status.provisionalHint')}>
      <Tag color="warning" data-testid="assessment-status" data-status="provisional">
        {t('as.status.provisional')}
      </Tag>
    </Tooltip>
  );
}

/** Names in the chosen language: units and areas have English names in the reference data. */
export function useNames() {
  const { lang, pick } = useI18n();
  const areas = useAreas();
  const units = useUnits();
  const indicators = useIndicators();
  const maps = useMemo(() => {
    const area = new Map((areas.data ?? []).map((a) => [a.code, a.nameEn]));
    const unit = new Map(
      (units.data ?? []).map((u) => [String(u.id), (u as { nameEn?: string | null }).nameEn ?? null]),
    );
    return { area, unit };
  }, [areas.data, units.data]);
  const subject = useCallback(
    (s: Pick<Subject, 'level' | 'id' | 'name'>) => {
      if (lang === 'zh') return s.name;
      const en =
        s.level === 'unit'
          ? maps.unit.get(s.id)
          : s.level === 'street' || s.level === 'community'
            ? maps.area.get(s.id)
            : null;
      return en || s.name;
    },
    [lang, maps],
  );
  const indicator = useCallback((id: string) => pick(indicators.data?.get(id), id), [indicators.data, pick]);
  const scheme = useCallback(
    (s: { name: string; nameEn?: string | null }) => (lang === 'en' && s.nameEn ? s.nameEn : s.name),
    [lang],
  );
  return { subject, indicator, scheme, indicators: indicators.data ?? new Map<string, IndicatorDef>() };
}

/** A button that downloads one of the .xlsx bulletins; a refusal shows its message. */
export function ExportButton({
  path,
  query,
  testId,
}: {
  path: string;
  query: Record<string, string | number | undefined>;
  testId: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      data-testid={testId}
      onClick={async () => {
        setBusy(true);
        try {
          await downloadXlsx(path, query);
        } catch (e) {
          message.error((e as Error).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('as.export')}
    </Button>
  );
}

/** The form's values, or null when a rule refused them (antd shows why beside the fields). */
export async function validated<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}

/** One correction in words: the month it corrects, the points, why. */
export const correctionText = (
  t: (key: string, vars?: Record<string, string | number>) => string,
  c: { correctsPeriod: string; points: number; note: string },
) =>
  t('as.correction', {
    period: c.correctsPeriod,
    points: c.points > 0 ? `+${c.points}` : c.points,
    note: c.note,
  });
