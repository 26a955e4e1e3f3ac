// 考评: rankings per scheme and period, a subject's breakdown with drill-down to cases, the live
// indicator figures of any subject level, bulletins (ranking, red cases) with Excel export,
// accountability items and supervision findings. One tab per view, each a nested route; the
// period, scheme and level live in the URL so a link shows what its sender saw.

import { Result, Tabs } from 'antd';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useMe } from '../../api/hooks.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../api/policy.ts';
import AccountabilityView from './AccountabilityView.tsx';
import BulletinsView from './BulletinsView.tsx';
import FiguresView from './FiguresView.tsx';
import FindingsView from './FindingsView.tsx';
import RankingView from './RankingView.tsx';
import SubjectView from './SubjectView.tsx';
import './messages.ts';

const TABS = ['ranking', 'figures', 'bulletins', 'accountability', 'findings'] as const;

export default function AssessmentPage() {
  const { t } = useI18n();
  const me = useMe();
  const may = useCan();
  const location = useLocation();
  const navigate = useNavigate();
  if (me.data && !may('console.open', { path: '/assessment' })) return <Result status="403" title="403" />;
  const segment = location.pathname.split('/')[2] ?? '';
  const active = (TABS as readonly string[]).includes(segment) ? segment : 'ranking';
  // Switching tabs keeps the period (and the scheme where it means the same thing).
  const keep = new URLSearchParams(location.search);
  for (const k of [...keep.keys()]) if (k !== 'period' && k !== 'scheme') keep.delete(k);
  const qs = keep.toString() ? `?${keep}` : '';
  return (
    <div data-testid="assessment-page">
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(`/assessment${key === 'ranking' ? '' : `/${key}`}${qs}`)}
        tabBarStyle={{
          marginBottom: 8,
          background: '#fff',
          padding: '0 12px',
          border: '1px solid #f0f0f0',
          borderRadius: 4,
        }}
        items={TABS.map((k) => ({ key: k, label: t(`as.tab.${k}`) }))}
      />
      <Routes>
        <Route index element={<RankingView />} />
        <Route path="schemes/:schemeId/subjects/:subjectId" element={<SubjectView />} />
        <Route path="figures" element={<FiguresView />} />
        <Route path="bulletins" element={<BulletinsView />} />
        <Route path="accountability" element={<AccountabilityView />} />
        <Route path="findings" element={<FindingsView />} />
        <Route path="*" element={<Navigate to="/assessment" replace />} />
      </Routes>
    </div>
  );
}
