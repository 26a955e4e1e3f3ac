// Small pieces every table shows: state, warning colour, deadline.

import { STATE_NAMES, type CaseState } from '@xiuhua/domain/workflow';
import { Tag } from 'antd';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import type { Case, Colour } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';

dayjs.extend(relativeTime);

const STATE_COLOURS: Partial<Record<CaseState, string>> = {
  reported: 'purple',
  verifying: 'geekblue',
  accepted: 'cyan',
  filed: 'blue',
  dispatched: 'gold',
  handling: 'processing',
  postponement_requested: 'magenta',
  returned: 'volcano',
  suspended: 'default',
  checking: 'lime',
  to_close: 'green',
  closed: 'success',
  rejected: 'default',
  merged: 'default',
};

/** A state as the API gives it: a case state, shown as itself should a newer server send another. */
export function StateTag({ state }: { state: string }) {
  const { pick } = useI18n();
  const known = state as CaseState;
  return (
    <Tag color={STATE_COLOURS[known]} data-state={state}>
      {pick(STATE_NAMES[known], state)}
    </Tag>
  );
}

export const COLOUR_HEX: Record<Colour, string> = {
  blue: '#1677ff',
  yellow: '#fadb14',
  orange: '#fa8c16',
  red: '#f5222d',
};

/** A small round swatch, as in the map's points (legends, tables). */
export function Dot({ colour }: { colour: string }) {
  return (
    <span
      aria-hidden
      style={{
        display: 'inline-block',
        width: 10,
        height: 10,
        borderRadius: 5,
        marginInlineEnd: 6,
        background: colour,
        border: '1px solid rgba(0,0,0,.15)',
      }}
    />
  );
}

/** A warning colour as the API gives it (one of Colour, or null when no clock runs). */
export function ColourDot({ colour }: { colour: string | null }) {
  const { t } = useI18n();
  if (!colour) return <span>—</span>;
  return (
    <span data-colour={colour} style={{ whiteSpace: 'nowrap' }}>
      <Dot colour={COLOUR_HEX[colour as Colour]} />
      {t(`colour.${colour}`)}
    </span>
  );
}

/** 暂定: the deadline rests on a provisional calendar year (docs/calendar.md). */
export function ProvisionalTag({ provisional }: { provisional?: boolean | undefined }) {
  const { t } = useI18n();
  if (!provisional) return null;
  return (
    <Tag
      color="warning"
      title={t('case.provisional.hint')}
      data-testid="provisional-tag"
      style={{ marginInline: 4 }}
    >
      {t('case.provisional')}
    </Tag>
  );
}

/** The running deadline: absolute time, with time left or overdue; 暂定 on a provisional year. */
export function Due({ row }: { row: Pick<Case, 'dueAt' | 'colour' | 'state' | 'provisional'> }) {
  const { lang } = useI18n();
  if (!row.dueAt) return <span>—</span>;
  const due = dayjs(row.dueAt);
  const late = due.isBefore(dayjs());
  const rel = due.locale(lang === 'zh' ? 'zh-cn' : 'en').fromNow();
  return (
    // a native title, not an antd Tooltip: this renders in every row of long queues
    <span
      title={due.format('YYYY-MM-DD HH:mm')}
      style={{ color: late ? COLOUR_HEX.red : undefined, whiteSpace: 'nowrap' }}
    >
      {due.format('MM-DD HH:mm')} <small>({rel})</small>
      <ProvisionalTag provisional={row.provisional} />
    </span>
  );
}

export function formatTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—';
}
