// The first screen: one big button to report, a box to track a code, this phone's reports.

import { type FormEvent, useEffect, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { type Stage, trackReport } from './api.ts';
import { forgetReport, formatCode, type MyReport, myReports } from './mine.ts';
import { Link, navigate } from './router.tsx';
import { StageBadge } from './TrackPage.tsx';

const CODE_RE = /^[2-9A-HJ-NP-Z]{10}$/;

export function Home() {
  const { t, lang } = useI18n();
  const [typed, setTyped] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [mine, setMine] = useState<MyReport[]>(myReports);
  const [stages, setStages] = useState<Record<string, Stage>>({});

  // Each saved report's current stage (a handful of small requests; errors just leave it blank).
  useEffect(() => {
    let live = true;
    for (const r of mine.slice(0, 10)) {
      trackReport(r.code).then(
        (report) => live && setStages((s) => ({ ...s, [r.code]: report.stage })),
        () => {},
      );
    }
    return () => {
      live = false;
    };
  }, [mine]);

  const onTrack = (e: FormEvent) => {
    e.preventDefault();
    const code = typed.toUpperCase().replace(/[\s-]/g, '');
    if (!CODE_RE.test(code)) {
      setInvalid(true);
      return;
    }
    navigate(`/m/t/${code}`);
  };

  return (
    <div className="c-page">
      <section className="c-hero">
        <p className="c-hero-text">{t('c.subtitle')}</p>
        <Link to="/m/report" className="c-btn c-btn-primary c-btn-big" data-testid="start-report">
          {t('c.home.cta')}
        </Link>
        <p className="c-muted">{t('c.home.ctaHint')}</p>
      </section>
      <p className="c-notice" role="note">
        {t('c.home.emergency')}
      </p>

      <section className="c-card">
        <h2>{t('c.track.title')}</h2>
        <form className="c-row" onSubmit={onTrack} noValidate>
          <label className="c-sr" htmlFor="track-code">
            {t('c.report.code')}
          </label>
          <input
            id="track-code"
            className="c-input c-code-input"
            value={typed}
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            maxLength={14}
            placeholder={t('c.track.placeholder')}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? 'track-error' : undefined}
            onChange={(e) => {
              setTyped(e.target.value);
              setInvalid(false);
            }}
          />
          <button type="submit" className="c-btn">
            {t('c.track.go')}
          </button>
        </form>
        {invalid && (
          <p id="track-error" className="c-error" role="alert">
            {t('c.track.invalid')}
          </p>
        )}
      </section>

      <section className="c-card">
        <h2>{t('c.mine.title')}</h2>
        {mine.length === 0 ? (
          <p className="c-muted">{t('c.mine.empty')}</p>
        ) : (
          <ul className="c-list" data-testid="my-reports">
            {mine.map((r) => (
              <li key={r.code}>
                <Link to={`/m/t/${r.code}`} className="c-list-main">
                  <span className="c-list-title">{lang === 'zh' ? r.category.zh : r.category.en}</span>
                  <span className="c-muted">
                    {formatCode(r.code)} · {new Date(r.at).toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en')}
                  </span>
                </Link>
                {stages[r.code] && <StageBadge stage={stages[r.code]!} />}
                <button
                  type="button"
                  className="c-icon-btn"
                  aria-label={`${t('c.mine.forget')} ${formatCode(r.code)}`}
                  onClick={() => {
                    forgetReport(r.code);
                    setMine(myReports());
                  }}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
