// The admin console: one tab per reference area, each its own nested route under /admin.

import { Result, Tabs } from 'antd';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useMe } from '../../api/hooks.ts';
import { useCan } from '../../api/policy.ts';
import { useI18n } from '../../i18n/index.tsx';
import CalendarSection from './CalendarSection.tsx';
import CatalogueSection from './CatalogueSection.tsx';
import DevicesSection from './DevicesSection.tsx';
import GridSection from './GridSection.tsx';
import RoadsSection from './RoadsSection.tsx';
import RoutingSection from './RoutingSection.tsx';
import SchedulesSection from './SchedulesSection.tsx';
import SettingsSection from './SettingsSection.tsx';
import UnitsSection from './UnitsSection.tsx';
import UsersSection from './UsersSection.tsx';
import './messages.ts';

const SECTIONS = [
  { key: 'units', element: <UnitsSection /> },
  { key: 'users', element: <UsersSection /> },
  { key: 'catalogue', element: <CatalogueSection /> },
  { key: 'routing', element: <RoutingSection /> },
  { key: 'grid', element: <GridSection /> },
  { key: 'roads', element: <RoadsSection /> },
  { key: 'devices', element: <DevicesSection /> },
  { key: 'calendar', element: <CalendarSection /> },
  { key: 'schedules', element: <SchedulesSection /> },
  { key: 'settings', element: <SettingsSection /> },
] as const;

export default function AdminPage() {
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const me = useMe();
  const may = useCan();
  if (me.data && !may('console.open', { path: '/admin' }))
    return <Result status="403" title="403" subTitle={t('admin.forbidden')} />;
  const active = location.pathname.split('/')[2] ?? 'units';
  return (
    <div data-testid="admin-page">
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(`/admin/${key}`)}
        size="middle"
        tabBarStyle={{
          marginBottom: 8,
          background: '#fff',
          padding: '0 12px',
          border: '1px solid #f0f0f0',
          borderRadius: 4,
        }}
        items={SECTIONS.map((s) => ({ key: s.key, label: t(`admin.tab.${s.key}`) }))}
        aria-label={t('admin.title')}
      />
      <Routes>
        <Route index element={<Navigate to="units" replace />} />
        {SECTIONS.map((s) => (
          <Route key={s.key} path={s.key} element={s.element} />
        ))}
        <Route path="*" element={<Navigate to="/admin/units" replace />} />
      </Routes>
    </div>
  );
}
