// /m/figures: the city's figures in real time for anyone — today's and this month's reports and
// closures, the on-time closure rate, open and overdue cases, and the same by street as bars.
// Counts only (GET /api/public/figures): nothing about any person. Refreshed every minute.

import type { PublicFigures } from '@xiuhua/server/contract';
import { useEffect, useState } from 'react';
import { defineMessages, useI18n } from '../i18n/index.tsx';
import { get } from '../api/client.ts';
import { errorText } from './errors.ts';

defineMessages({
  'c.fig.title': { zh: '城市管理实时数据', en: 'City services, live' },
  'c.fig.asOf': { zh: '数据更新于 {time}', en: 'Updated {time}' },
  'c.fig.today': { zh: '今天', en: 'Today' },
  'c.fig.month': { zh: '本月（{period}）', en: 'This month ({period})' },
  'c.fig.now': { zh: '当前在办', en: 'Open now' },
  'c.fig.reported': { zh: '上报', en: 'Reported' },
  'c.fig.closed': { zh: '办结', en: 'Closed' },
  'c.fig.timely': { zh: '按期结案率', en: 'Closed on time' },
  'c.fig.open': { zh: '办理中', en: 'In progress' },
  'c.fig.overdue': { zh: '已超时', en: 'Overdue' },
  'c.fig.byStreet': { zh: '各街道本月情况', en: 'This month by street' },
  'c.fig.legend': {
    zh: '条形长度为本月上报数，深色部分为已办结',
    en: 'Bar: reported this month; dark part: closed',
  },
  'c.fig.streetLine': {
    zh: '上报 {reported} · 办结 {closed} · 在办 {open} · 超时 {overdue}',
    en: '{reported} reported · {closed} closed · {open} open · {overdue} overdue',
  },
  'c.fig.note': {
    zh: '“按期结案率”为本月应结案件中在时限内结案的比例；数据每分钟更新，不含任何个人信息。',
    en: '“Closed on time” is the share of this month’s cases due for closure that were closed within their limit. Updated every minute; no personal data.',
  },
});

const REFRESH_MS = 60_000;

export default function FiguresPage() {
  const { t, lang } = useI18n();
  const [figures, setFigures] = useState<PublicFigures | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      get<PublicFigures>('/api/public/figures').then(
        (f) => {
          if (!live) return;
          setFigures(f);
          setError(null);
        },
        (e) => live && setError(e),
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);

  const time = (iso: string) =>
    new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en', {
      timeZone: 'Asia/Shanghai',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
  const max = Math.max(1, ...(figures?.streets.map((s) => s.reported) ?? []));

  return (
    <div className="c-page" data-testid="public-figures">
      <div>
        <h1 className="c-title">{t('c.fig.title')}</h1>
        {figures && <p className="c-muted">{t('c.fig.asOf', { time: time(figures.asOf) })}</p>}
      </div>
      {error !== null && (
        <p className="c-error" role="alert">
          {errorText(t, error)}
        </p>
      )}
      {figures === null && error === null && <p className="c-muted">…</p>}
      {figures && (
        <>
          <section className="c-card">
            <h2>{t('c.fig.today')}</h2>
            <div style={grid}>
              <Big id="today-reported" label={t('c.fig.reported')} value={figures.today.reported} />
              <Big id="today-closed" label={t('c.fig.closed')} value={figures.today.closed} />
            </div>
          </section>
          <section className="c-card">
            <h2>{t('c.fig.month', { period: figures.month.period })}</h2>
            <div style={grid}>
              <Big id="month-reported" label={t('c.fig.reported')} value={figures.month.reported} />
              <Big id="month-closed" label={t('c.fig.closed')} value={figures.month.closed} />
              <Big
                id="month-timely"
                label={t('c.fig.timely')}
                value={figures.month.timelyClosureRate === null ? '—' : `${figures.month.timelyClosureRate}%`}
                colour="#237804"
              />
            </div>
          </section>
          <section className="c-card">
            <h2>{t('c.fig.now')}</h2>
            <div style={grid}>
              <Big id="open-total" label={t('c.fig.open')} value={figures.open.total} />
              <Big
                id="open-overdue"
                label={t('c.fig.overdue')}
                value={figures.open.overdue}
                colour="#c41d1d"
              />
            </div>
          </section>
          <section className="c-card">
            <h2>{t('c.fig.byStreet')}</h2>
            <p className="c-muted">{t('c.fig.legend')}</p>
            <ul style={{ listStyle: 'none', margin: '8px 0 0', padding: 0 }} data-testid="street-bars">
              {figures.streets.map((s) => (
                <li
                  key={s.code}
                  style={{ margin: '12px 0' }}
                  data-street={s.code}
                  data-reported={s.reported}
                  data-closed={s.closed}
                  data-open={s.open}
                  data-overdue={s.overdue}
                >
                  <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                    <strong>{s.name}</strong>
                    <span className="c-muted" style={{ margin: 0 }}>
                      {s.reported}
                    </span>
                  </div>
                  <div
                    role="img"
                    aria-label={t('c.fig.streetLine', { ...s })}
                    style={{ height: 12, background: '#eef0f3', borderRadius: 6, overflow: 'hidden' }}
                  >
                    <div
                      style={{
                        width: `${(s.reported / max) * 100}%`,
                        height: '100%',
                        background: '#91caff',
                        borderRadius: 6,
                      }}
                    >
                      <div
                        style={{
                          width: s.reported > 0 ? `${(s.closed / s.reported) * 100}%` : 0,
                          height: '100%',
                          background: 'var(--c-primary)',
                          borderRadius: 6,
                        }}
                      />
                    </div>
                  </div>
                  <p className="c-muted" style={{ margin: '4px 0 0', fontSize: 13 }}>
                    {t('c.fig.streetLine', { ...s })}
                  </p>
                </li>
              ))}
            </ul>
          </section>
          <p className="c-muted" style={{ fontSize: 13 }}>
            {t('c.fig.note')}
          </p>
        </>
      )}
    </div>
  );
}

const grid = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fit, minmax(96px, 1fr))',
  gap: 12,
} as const;

function Big({
  id,
  label,
  value,
  colour,
}: {
  id: string;
  label: string;
  value: number | string;
  colour?: string;
}) {
  return (
    <div data-testid={`fig-${id}`} data-value={value}>
      <div style={{ fontSize: 32, fontWeight: 700, lineHeight: 1.2, color: colour }}>{value}</div>
      <div className="c-muted" style={{ margin: 0 }}>
        {label}
      </div>
    </div>
  );
}
