import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, post } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import { landingFor } from '../../app/nav.ts';
import { defineMessages, useI18n } from '../../i18n/index.tsx';

defineMessages({
  'login.title': { zh: '数字化城市管理平台', en: 'Digital city management' },
  'login.username': { zh: '用户名', en: 'Username' },
  'login.password': { zh: '密码', en: 'Password' },
  'login.submit': { zh: '登录', en: 'Sign in' },
  'login.invalid': { zh: '用户名或密码错误', en: 'Wrong username or password' },
  'login.tooMany': { zh: '尝试次数过多，请稍后再试', en: 'Too many attempts; try again shortly' },
});

interface Credentials {
  username: string;
  password: string;
}

/** The sign-in form, used by the login page and by the session-expired dialog. */
export function LoginForm({ onSignedIn, username }: { onSignedIn: (me: Me) => void; username?: string }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await post<Me>('/api/auth/login', values));
    } catch (e) {
      const status = e instanceof ApiError ? e.status : 0;
      setError(
        status === 401
          ? t('login.invalid')
          : status === 429
            ? t('login.tooMany')
            : String((e as Error).message),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<Credentials> layout="vertical" onFinish={submit} initialValues={{ username }} requiredMark={false}>
      {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} role="alert" />}
      <Form.Item
        label={t('login.username')}
        name="username"
        rules={[{ required: true, message: t('common.required', { field: t('login.username') }) }]}
      >
        {/* Signing in again after the session ran out is for the same user (the page holds their
            work), and keys typed while the dialog opened must not land in this field. */}
        <Input
          prefix={<UserOutlined />}
          autoComplete="username"
          autoFocus={!username}
          readOnly={!!username}
        />
      </Form.Item>
      <Form.Item
        label={t('login.password')}
        name="password"
        rules={[{ required: true, message: t('common.required', { field: t('login.password') }) }]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" autoFocus={!!username} />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy}>
        {t('login.submit')}
      </Button>
    </Form>
  );
}

export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const signedIn = (me: Me) => {
    queryClient.setQueryData(['me'], me);
    const next = params.get('next');
    navigate(next?.startsWith('/') && !next.startsWith('//') ? next : landingFor(me.roles), {
      replace: true,
    });
  };
  return (
    <main
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        background: 'linear-gradient(160deg, #e6f4ff 0%, #f5f5f5 60%)',
      }}
    >
      <Card style={{ width: 380, maxWidth: '92vw' }}>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          {t('app.name')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.title')}</Typography.Paragraph>
        <LoginForm onSignedIn={signedIn} />
        <Button
          type="link"
          onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          style={{ marginTop: 8, padding: 0 }}
        >
          {t('shell.language')}
        </Button>
      </Card>
    </main>
  );
}
