// The case list as CSV for Excel: UTF-8 with a BOM (so the Chinese opens right), the warning colour
// and state in words, times as China Standard Time (the city's clock, whatever the browser's).

import type { Case } from '../../api/types.ts';
import type { Translate } from '../../i18n/index.tsx';

/** `YYYY-MM-DD HH:mm` in China Standard Time; empty for none. */
export function cstMinute(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** China Standard Time: UTC+8 all year. */
const CST_OFFSET_MS = 8 * 3600 * 1000;

const cell = (v: string) => `"${v.replaceAll('"', '""')}"`;

export function casesCsv(rows: Case[], t: Translate): string {
  const header = [
    t('case.number'),
    t('case.class'),
    t('case.area'),
    t('case.state'),
    t('case.colour'),
    t('case.unit'),
    t('case.due'),
    t('case.provisional'),
    t('case.description'),
  ];
  const lines = rows.map((r) =>
    [
      r.number,
      r.className,
      `${r.area.streetName} ${r.area.communityName}`,
      r.stateName,
      r.colour ? t(`colour.${r.colour}`) : '',
      r.assigneeUnit?.name ?? '',
      cstMinute(r.dueAt),
      r.provisional ? t('case.provisional') : '',
      r.description,
    ]
      .map(cell)
      .join(','),
  );
  return `\uFEFF${header.map(cell).join(',')}\n${lines.join('\n')}\n`;
}
