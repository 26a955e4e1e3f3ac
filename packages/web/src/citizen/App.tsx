// The portal's frame: a header with the language switch, the page for the path, a bottom bar.

import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { HttpsNote } from '../shared/HttpsNote.tsx';
import { Home } from './Home.tsx';
import { DonePage, ReportPage } from './ReportPage.tsx';
import { Link, usePath } from './router.tsx';
import { TrackPage } from './TrackPage.tsx';
import './messages.ts';

const MapPage = lazy(() => import('./MapView.tsx').then((mod) => ({ default: mod.PublicMap })));
const FiguresPage = lazy(() => import('./FiguresPage.tsx'));

export function CitizenApp() {
  const { t, lang, setLang } = useI18n();
  const path = usePath();
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = `${t('c.title')} · ${lang === 'zh' ? '城市管理' : 'City services'}`;
  }, [lang, t]);

  const track = /^\/t\/([^/]+)$/.exec(path);
  const done = /^\/done\/([^/]+)$/.exec(path);
  let page: ReactNode;
  let tab: 'report' | 'track' | 'map' | 'figures' = 'track';
  if (path === '/report' || done) {
    page = done ? <DonePage code={decodeURIComponent(done[1]!)} /> : <ReportPage />;
    tab = 'report';
  } else if (track) page = <TrackPage code={decodeURIComponent(track[1]!)} />;
  else if (path === '/map') {
    page = (
      <Suspense fallback={<p className="c-muted c-pad">…</p>}>
        <MapPage />
      </Suspense>
    );
    tab = 'map';
  } else if (path === '/figures') {
    page = (
      <Suspense fallback={<p className="c-muted c-pad">…</p>}>
        <FiguresPage />
      </Suspense>
    );
    tab = 'figures';
  } else page = <Home />;

  return (
    <div className="c-app">
      <header className="c-header">
        <Link to="/m/" className="c-brand">
          <span className="c-logo" aria-hidden="true">
            拍
          </span>
          {t('c.title')}
        </Link>
        <button
          type="button"
          className="c-lang"
          aria-label={t('c.langLabel')}
          onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
        >
          {t('c.lang')}
        </button>
      </header>
      <main className="c-main">
        <HttpsNote />
        {page}
      </main>
      <nav className="c-tabs" aria-label={t('c.title')}>
        <Link to="/m/report" aria-current={tab === 'report' ? 'page' : undefined}>
          {t('c.nav.report')}
        </Link>
        <Link to="/m/" aria-current={tab === 'track' ? 'page' : undefined}>
          {t('c.nav.track')}
        </Link>
        <Link to="/m/map" aria-current={tab === 'map' ? 'page' : undefined}>
          {t('c.nav.map')}
        </Link>
        <Link to="/m/figures" aria-current={tab === 'figures' ? 'page' : undefined}>
          {t('c.nav.figures')}
        </Link>
      </nav>
    </div>
  );
}
