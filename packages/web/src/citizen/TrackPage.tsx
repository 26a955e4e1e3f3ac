// Following a report: its public stage, the unit handling it, before and after photos, the
// milestones, and — once it is closed — the rating (unsatisfied sends it back to be fixed).

import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import {
  type Milestone,
  type PublicPhoto,
  type Report,
  rateReport,
  type Satisfaction,
  type Stage,
  trackReport,
} from './api.ts';
import { errorText } from './errors.ts';
import { formatCode } from './mine.ts';

/** The usual path of a report; the bar shows how far it got. */
const PATH: Stage[] = ['submitted', 'accepted', 'filed', 'handling', 'closed'];
const SATISFACTIONS: Satisfaction[] = ['satisfied', 'basically_satisfied', 'unsatisfied'];

export function StageBadge({ stage }: { stage: Stage }) {
  const { t } = useI18n();
  return <span className={`c-badge c-badge-${stage}`}>{t(`c.stage.${stage}`)}</span>;
}

function Photos({ photos, label, large }: { photos: PublicPhoto[]; label: string; large?: boolean }) {
  if (photos.length === 0) return null;
  return (
    <div className={large ? 'c-photos c-photos-large' : 'c-photos'}>
      {photos.map((p, i) => (
        <a key={p.url} href={p.url} target="_blank" rel="noreferrer" className="c-photo">
          <img src={large ? p.url : p.thumbUrl} alt={`${label} ${i + 1}`} loading="lazy" />
        </a>
      ))}
    </div>
  );
}

export function TrackPage({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setReport(await trackReport(code));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 404 ? t('c.report.notFound') : errorText(t, e));
    } finally {
      setLoading(false);
    }
  }, [code, t]);

  useEffect(() => {
    void load();
    // Back to the tab: the unit may have moved it on meanwhile.
    const onVisible = () => document.visibilityState === 'visible' && void load();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [load]);

  const pick = (pair: { zh: string; en: string }) => (lang === 'zh' ? pair.zh : pair.en);
  const unitName = (u?: { name: string; nameEn: string | null } | null) =>
    u ? (lang === 'en' && u.nameEn ? u.nameEn : u.name) : '';
  const when = (iso: string) =>
    new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en', {
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
  const milestoneText = (ms: Milestone) =>
    t(`c.ms.${ms.kind}`, {
      unit: unitName(ms.unit),
      satisfaction: ms.satisfaction ? t(`c.rate.${ms.satisfaction}`) : '',
    });

  if (!report)
    return (
      <div className="c-page">
        <p className="c-code">{formatCode(code)}</p>
        {loading ? (
          <p className="c-muted">…</p>
        ) : (
          <p className="c-error" role="alert">
            {error}
          </p>
        )}
      </div>
    );

  const shown = report.mergedStage ?? report.stage;
  const reached = PATH.indexOf(shown);
  return (
    <div className="c-page" data-testid="track" data-stage={report.stage}>
      <section className="c-card">
        <div className="c-row c-between">
          <div>
            <p className="c-muted">{t('c.report.code')}</p>
            <p className="c-code c-code-small">{formatCode(report.trackingCode)}</p>
          </div>
          <StageBadge stage={report.stage} />
        </div>
        <h1 className="c-title">{pick(report.category)}</h1>
        {reached >= 0 && (
          <ol className="c-steps" aria-label={t('c.report.timeline')}>
            {PATH.map((s, i) => (
              <li
                key={s}
                className={i <= reached ? 'done' : ''}
                aria-current={i === reached ? 'step' : undefined}
              >
                {t(`c.stage.${s}`)}
              </li>
            ))}
          </ol>
        )}
        {report.stage === 'rejected' && <p className="c-notice">{t('c.stage.rejectedHint')}</p>}
        {report.mergedStage && <p className="c-notice">{t('c.stage.mergedHint')}</p>}
        <dl className="c-facts">
          <dt>{t('c.report.submittedAt')}</dt>
          <dd>{when(report.submittedAt)}</dd>
          {report.address && (
            <>
              <dt>{t('c.report.address')}</dt>
              <dd>{report.address}</dd>
            </>
          )}
          {report.unit && (
            <>
              <dt>{t('c.report.unit')}</dt>
              <dd>{unitName(report.unit)}</dd>
            </>
          )}
        </dl>
        <button type="button" className="c-btn c-btn-small" onClick={() => void load()} disabled={loading}>
          {t('c.report.refresh')}
        </button>
      </section>

      {report.afterPhotos.length > 0 && (
        <section className="c-card" data-testid="after-photos">
          <h2>{t('c.report.after')}</h2>
          <Photos photos={report.afterPhotos} label={t('c.report.after')} large />
        </section>
      )}

      {(report.canRate || report.rating) && <Rating report={report} onRated={setReport} />}

      {report.photos.length > 0 && (
        <section className="c-card">
          <h2>{t('c.report.before')}</h2>
          <Photos photos={report.photos} label={t('c.report.before')} />
        </section>
      )}

      <section className="c-card">
        <h2>{t('c.report.timeline')}</h2>
        <ol className="c-timeline">
          {[...report.milestones].reverse().map((ms) => (
            <li key={`${ms.kind}-${ms.at}-${ms.unit?.name ?? ''}`}>
              <span className="c-timeline-what">{milestoneText(ms)}</span>
              <time className="c-muted" dateTime={ms.at}>
                {when(ms.at)}
              </time>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function Rating({ report, onRated }: { report: Report; onRated: (r: Report) => void }) {
  const { t } = useI18n();
  const [choice, setChoice] = useState<Satisfaction | null>(null);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (report.rating && !report.canRate)
    return (
      <section className="c-card">
        <p className="c-ok" data-testid="rated">
          {t('c.rate.thanks', { satisfaction: t(`c.rate.${report.rating.satisfaction}`) })}
        </p>
      </section>
    );

  const send = async () => {
    if (!choice) return;
    setSending(true);
    setError(null);
    try {
      onRated(await rateReport(report.trackingCode, choice, comment.trim() || undefined));
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="c-card" aria-labelledby="rate-h" data-testid="rating">
      <h2 id="rate-h">{t('c.rate.title')}</h2>
      <fieldset className="c-chips" aria-labelledby="rate-h">
        {SATISFACTIONS.map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={choice === s}
            className={`c-chip c-rate-${s}`}
            onClick={() => setChoice(s)}
          >
            {t(`c.rate.${s}`)}
          </button>
        ))}
      </fieldset>
      {choice === 'unsatisfied' && <p className="c-muted">{t('c.rate.unsatisfiedHint')}</p>}
      <label className="c-label" htmlFor="rate-comment">
        {t('c.rate.comment')}
      </label>
      <textarea
        id="rate-comment"
        className="c-input"
        rows={2}
        maxLength={500}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
      />
      {error && (
        <p className="c-error" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        className="c-btn c-btn-primary"
        disabled={!choice || sending}
        onClick={() => void send()}
      >
        {t('c.rate.send')}
      </button>
    </section>
  );
}
