// The frame around every workbench: navigation for the user's roles, who and where they are,
// language, live-update status, sign-out, and a sign-in dialog when the session runs out
// (the page underneath, with whatever was typed, stays as it is).

import {
  AlertOutlined,
  AppstoreOutlined,
  AuditOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  FileSearchOutlined,
  CustomerServiceOutlined,
  FormOutlined,
  LogoutOutlined,
  PhoneOutlined,
  NodeIndexOutlined,
  SendOutlined,
  SettingOutlined,
  ToolOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Layout, Menu, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import { ROLE_NAMES } from '@xiuhua/domain/workflow';
import { type ReactNode, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { onSessionExpired, post } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { LoginForm } from '../features/login/LoginPage.tsx';
import { useI18n } from '../i18n/index.tsx';
import { forgetMe } from '../shared/pwa.ts';
import { useLiveUpdates } from '../live/useLiveUpdates.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { navFor } from './nav.ts';

const ICONS: Record<string, ReactNode> = {
  '/intake': <FormOutlined />,
  '/hotline': <CustomerServiceOutlined />,
  '/callback': <PhoneOutlined />,
  '/dispatch': <SendOutlined />,
  '/handling': <ToolOutlined />,
  '/inspector': <AuditOutlined />,
  '/supervision': <AlertOutlined />,
  '/overview': <DashboardOutlined />,
  '/assessment': <TrophyOutlined />,
  '/map': <EnvironmentOutlined />,
  '/patrol': <NodeIndexOutlined />,
  '/cases': <FileSearchOutlined />,
  '/admin': <SettingOutlined />,
};

export function Shell({ me, children }: { me: Me; children: ReactNode }) {
  const { t, pick, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [expired, setExpired] = useState(false);
  const [collapsed, setCollapsed] = useState(() => window.innerWidth < 768);
  const live = useLiveUpdates(!expired);
  useEffect(() => onSessionExpired(() => setExpired(true)), []);

  const items = navFor(me.roles).map((item) => ({
    key: item.path,
    icon: ICONS[item.path],
    label: t(item.label),
  }));
  const selected = items.find((i) => location.pathname.startsWith(i.key))?.key;

  const logout = async () => {
    await post('/api/auth/logout').catch(() => undefined);
    forgetMe();
    queryClient.clear();
    navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="md"
        collapsedWidth={48}
        width={180}
        theme="dark"
      >
        <div
          style={{
            color: '#fff',
            padding: '14px 16px',
            fontWeight: 600,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
          }}
        >
          <AppstoreOutlined /> {!collapsed && t('app.short')}
        </div>
        <nav aria-label="main">
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            items={items}
            onClick={({ key }) => navigate(key)}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 16px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 12,
            borderBottom: '1px solid #f0f0f0',
            height: 48,
            lineHeight: '48px',
          }}
        >
          <Typography.Text strong ellipsis style={{ minWidth: 0 }}>
            {t('app.name')}
          </Typography.Text>
          <Space size={12} wrap={false} style={{ minWidth: 0 }}>
            <Tooltip title={live === 'open' ? t('common.live') : t('common.offline')}>
              <span data-testid="live-status" data-state={live}>
                <Badge status={live === 'open' ? 'success' : 'warning'} />
              </span>
            </Tooltip>
            <span data-testid="current-user" className="xh-hide-narrow">
              {me.displayName}{' '}
              {me.roles.map((r) => (
                <Tag key={r} color="blue" style={{ marginInlineEnd: 2 }}>
                  {pick(ROLE_NAMES[r], r)}
                </Tag>
              ))}
            </span>
            <Typography.Text type="secondary" className="xh-hide-narrow">
              {t('shell.unit')}：{me.unit.name} · {t('shell.area')}：{me.area.name}
            </Typography.Text>
            <Button size="small" onClick={() => navigate('/roster')} data-testid="roster-link">
              {t('shell.roster')}
            </Button>
            <Button
              size="small"
              onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
              data-testid="lang-switch"
            >
              {t('shell.language')}
            </Button>
            <Button size="small" icon={<LogoutOutlined />} onClick={logout} data-testid="logout">
              <span className="xh-hide-narrow">{t('shell.logout')}</span>
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 12, minWidth: 0 }}>
          <ErrorBoundary resetKey={location.pathname}>{children}</ErrorBoundary>
        </Layout.Content>
      </Layout>
      <Modal
        open={expired}
        title={t('shell.sessionExpired')}
        footer={null}
        closable={false}
        mask={{ closable: false }}
        destroyOnHidden
      >
        <LoginForm
          username={me.username}
          onSignedIn={(fresh) => {
            queryClient.setQueryData(['me'], fresh);
            setExpired(false);
            void queryClient.invalidateQueries();
          }}
        />
      </Modal>
    </Layout>
  );
}
