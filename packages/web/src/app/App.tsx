// Routes. Every workbench is its own chunk, so the first screen loads only what it shows.

import { App as AntApp, ConfigProvider, Spin, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useMe } from '../api/hooks.ts';
import { LoginPage } from '../features/login/LoginPage.tsx';
import { useI18n } from '../i18n/index.tsx';
import { landingFor } from './nav.ts';
import { Shell } from './Shell.tsx';

const IntakePage = lazy(() => import('../features/intake/IntakePage.tsx'));
const HotlinePage = lazy(() => import('../features/hotline/HotlinePage.tsx'));
const CallbackPage = lazy(() => import('../features/hotline/CallbackPage.tsx'));
const DispatchPage = lazy(() => import('../features/dispatch/DispatchPage.tsx'));
const HandlingPage = lazy(() => import('../features/handling/HandlingPage.tsx'));
const InspectorPage = lazy(() => import('../features/inspector/InspectorPage.tsx'));
const TrackPage = lazy(() => import('../features/inspector/TrackPage.tsx'));
const SupervisionPage = lazy(() => import('../features/supervision/SupervisionPage.tsx'));
const CasesPage = lazy(() => import('../features/cases/CasesPage.tsx'));
const CaseDetailPage = lazy(() => import('../features/case/CaseDetailPage.tsx'));
const MapPage = lazy(() => import('../features/map/MapPage.tsx'));
const OverviewPage = lazy(() => import('../features/overview/OverviewPage.tsx'));
const AssessmentPage = lazy(() => import('../features/assessment/AssessmentPage.tsx'));
const AdminPage = lazy(() => import('../features/admin/AdminPage.tsx'));
const RosterPage = lazy(() => import('../features/roster/RosterPage.tsx'));

export function App() {
  const { lang } = useI18n();
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: { borderRadius: 4 },
        components: { Table: { cellPaddingBlockSM: 4 } },
      }}
      componentSize="middle"
    >
      <AntApp>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/*" element={<Authenticated />} />
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}

function Page({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Spin style={{ margin: 48 }} />}>{children}</Suspense>;
}

function Authenticated() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Spin fullscreen />;
  if (me.isError || !me.data) {
    const next = location.pathname + location.search;
    return (
      <Navigate to={`/login${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />
    );
  }
  return (
    <Shell me={me.data}>
      <Routes>
        <Route index element={<Navigate to={landingFor(me.data.roles)} replace />} />
        <Route
          path="intake"
          element={
            <Page>
              <IntakePage />
            </Page>
          }
        />
        <Route
          path="hotline"
          element={
            <Page>
              <HotlinePage />
            </Page>
          }
        />
        <Route
          path="callback"
          element={
            <Page>
              <CallbackPage />
            </Page>
          }
        />
        <Route
          path="dispatch"
          element={
            <Page>
              <DispatchPage />
            </Page>
          }
        />
        <Route
          path="handling"
          element={
            <Page>
              <HandlingPage />
            </Page>
          }
        />
        <Route
          path="inspector"
          element={
            <Page>
              <InspectorPage />
            </Page>
          }
        />
        <Route
          path="patrol"
          element={
            <Page>
              <TrackPage />
            </Page>
          }
        />
        <Route
          path="supervision"
          element={
            <Page>
              <SupervisionPage />
            </Page>
          }
        />
        <Route
          path="cases"
          element={
            <Page>
              <CasesPage />
            </Page>
          }
        />
        <Route
          path="cases/:id"
          element={
            <Page>
              <CaseDetailPage />
            </Page>
          }
        />
        {/* every staff member's: their unit's duty roster (its head edits it) */}
        {['roster', 'roster/:unitId'].map((path) => (
          <Route
            key={path}
            path={path}
            element={
              <Page>
                <RosterPage />
              </Page>
            }
          />
        ))}
        <Route
          path="map"
          element={
            <Page>
              <MapPage />
            </Page>
          }
        />
        <Route
          path="overview"
          element={
            <Page>
              <OverviewPage />
            </Page>
          }
        />
        <Route
          path="assessment/*"
          element={
            <Page>
              <AssessmentPage />
            </Page>
          }
        />
        <Route
          path="admin/*"
          element={
            <Page>
              <AdminPage />
            </Page>
          }
        />
        <Route path="*" element={<Navigate to={landingFor(me.data.roles)} replace />} />
      </Routes>
    </Shell>
  );
}
