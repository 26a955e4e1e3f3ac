// Users (roles, unit, password, active) and API keys (issued for a user, shown once; revoked by id).

import { KeyOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { INTEGRATION_NAMES, INTEGRATIONS, isIntegrationAccount } from '@xiuhua/domain/policy';
import { ROLE_NAMES, ROLES, type Role } from '@xiuhua/domain/workflow';
import type { ApiKeyInput, ApiKeyIssued } from '@xiuhua/server/contract';
import {
  Alert,
  Button,
  Col,
  Form,
  Input,
  InputNumber,
  message,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { api, post } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { applyApiError } from '../../shared/forms.ts';
import { type AdminUser, useAdminUnits, useAdminUsers } from './adminApi.ts';
import { FormDrawer, includesText, panelStyle, savedText, Toolbar, UnitTreeSelect } from './common.tsx';
import { HistoryButton } from './HistoryDrawer.tsx';
import './messages.ts';

interface UserValues {
  username: string;
  displayName: string;
  password?: string;
  confirm?: string;
  unitId: number;
  roles: Role[];
  phone?: string;
  active: boolean;
}

const USER_FIELDS = ['username', 'displayName', 'password', 'unitId', 'roles', 'phone', 'active'];

interface IssuedKey {
  id: number;
  key: string;
  prefix: string;
  name: string;
  username: string;
  revoked?: boolean;
}

export default function UsersSection() {
  const { t, pick } = useI18n();
  const users = useAdminUsers();
  const units = useAdminUnits();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [editing, setEditing] = useState<{ user?: AdminUser } | null>(null);
  const [keyFor, setKeyFor] = useState<AdminUser | null>(null);
  const [issued, setIssued] = useState<IssuedKey[]>([]);
  const [msg, holder] = message.useMessage();

  const unitName = useMemo(() => {
    const m = new Map((units.data ?? []).map((u) => [u.id, u.name]));
    return (id: number) => m.get(id) ?? String(id);
  }, [units.data]);

  const rows = useMemo(
    () =>
      (users.data ?? [])
        .filter((u) => !role || u.roles.includes(role))
        .filter((u) => includesText([u.username, u.displayName, unitName(u.unitId), u.phone], q)),
    [users.data, role, q, unitName],
  );

  const revoke = async (id: number) => {
    try {
      await api('DELETE', `/api/api-keys/${id}`);
      setIssued((list) => list.map((k) => (k.id === id ? { ...k, revoked: true } : k)));
      void msg.success(t('apiKey.revoked'));
    } catch (e) {
      void msg.error((e as Error).message);
    }
  };

  const unlock = async (u: AdminUser) => {
    try {
      const r = await post<{ unlocked: boolean }>(`/api/users/${u.id}/unlock`, {});
      void (r.unlocked ? msg.success(t('user.unlocked')) : msg.info(t('user.notLocked')));
    } catch (e) {
      void msg.error((e as Error).message);
    }
  };

  const columns: ColumnsType<AdminUser> = [
    { title: t('user.username'), dataIndex: 'username', key: 'username', width: 150 },
    { title: t('user.displayName'), dataIndex: 'displayName', key: 'displayName', width: 140 },
    {
      title: t('user.unit'),
      dataIndex: 'unitId',
      key: 'unitId',
      ellipsis: true,
      render: (id: number) => unitName(id),
    },
    {
      title: t('user.roles'),
      dataIndex: 'roles',
      key: 'roles',
      render: (roles: Role[]) =>
        roles.map((r) => (
          <Tag key={r} color={r === 'admin' ? 'red' : 'blue'} style={{ marginInlineEnd: 2 }}>
            {pick(ROLE_NAMES[r], r)}
          </Tag>
        )),
    },
    {
      title: t('user.phone'),
      dataIndex: 'phone',
      key: 'phone',
      width: 130,
      render: (p: string | null) => p ?? '—',
    },
    {
      title: t('admin.active'),
      dataIndex: 'active',
      key: 'active',
      width: 70,
      render: (a: boolean) =>
        a ? <Tag color="green">{t('admin.enabled')}</Tag> : <Tag>{t('admin.disabled')}</Tag>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      render: (_, u) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Button type="link" size="small" onClick={() => setEditing({ user: u })}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" onClick={() => void unlock(u)} title={t('user.unlockHint')}>
            {t('user.unlock')}
          </Button>
          <Button
            type="link"
            size="small"
            icon={<KeyOutlined />}
            onClick={() => setKeyFor(u)}
            title={t('apiKey.issue')}
          >
            {t('apiKey.short')}
          </Button>
          <HistoryButton entity="user" entityKey={u.id} title={u.displayName} />
        </span>
      ),
    },
  ];

  return (
    <div style={panelStyle}>
      {holder}
      <Toolbar
        search={{ value: q, onChange: setQ }}
        filters={
          <Select
            allowClear
            aria-label={t('user.roles')}
            placeholder={t('user.allRoles')}
            style={{ width: 140 }}
            value={role}
            onChange={setRole}
            options={ROLES.map((r) => ({ value: r, label: pick(ROLE_NAMES[r], r) }))}
          />
        }
        count={t('user.count', { n: users.data?.length ?? 0 })}
        create={{ label: t('user.new'), onClick: () => setEditing({}) }}
      />
      <Table<AdminUser>
        rowKey="id"
        size="small"
        bordered
        loading={users.isPending}
        columns={columns}
        dataSource={rows}
        pagination={{
          pageSize: 50,
          size: 'small',
          hideOnSinglePage: true,
          showTotal: (n) => t('common.total', { n }),
        }}
        data-testid="users-table"
      />
      <ApiKeys issued={issued} onRevoke={revoke} />
      {editing && (
        <UserEditor
          user={editing.user}
          onClosed={() => setEditing(null)}
          onSaved={(u, created) =>
            void msg.success(savedText(t, created, `${u.displayName}（${u.username}）`))
          }
        />
      )}
      {keyFor && (
        <IssueKeyModal
          user={keyFor}
          onClose={() => setKeyFor(null)}
          onIssued={(k) => setIssued((list) => [k, ...list])}
        />
      )}
    </div>
  );
}

function UserEditor(props: {
  user?: AdminUser;
  onClosed: () => void;
  onSaved: (u: AdminUser, created: boolean) => void;
}) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<UserValues>();
  const queryClient = useQueryClient();
  const u = props.user;
  const initialValues: Partial<UserValues> = u
    ? {
        username: u.username,
        displayName: u.displayName,
        unitId: u.unitId,
        roles: u.roles as Role[],
        phone: u.phone ?? '',
        active: u.active,
      }
    : { active: true, roles: [] };

  const submit = async (v: UserValues) => {
    let saved: AdminUser;
    const phone = v.phone?.trim() ? v.phone.trim() : null;
    if (u) {
      const body: Record<string, unknown> = {};
      if (v.displayName !== u.displayName) body.displayName = v.displayName;
      if (v.password) body.password = v.password;
      if (v.unitId !== u.unitId) body.unitId = v.unitId;
      if ([...v.roles].sort().join() !== [...u.roles].sort().join()) body.roles = v.roles;
      if (phone !== u.phone) body.phone = phone;
      if (v.active !== u.active) body.active = v.active;
      saved = Object.keys(body).length ? await api<AdminUser>('PATCH', `/api/users/${u.id}`, body) : u;
    } else {
      saved = await post<AdminUser>('/api/users', {
        username: v.username.trim(),
        displayName: v.displayName,
        password: v.password,
        unitId: v.unitId,
        roles: v.roles,
        phone,
        active: v.active,
      });
    }
    await queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
    props.onSaved(saved, !u);
  };

  const required = (field: string) => ({ required: true, message: t('common.required', { field }) });
  return (
    <FormDrawer<UserValues>
      form={form}
      title={u ? `${t('user.edit')} · ${u.displayName}（${u.username}）` : t('user.new')}
      onClosed={props.onClosed}
      onSubmit={submit}
      fields={USER_FIELDS}
      initialValues={initialValues}
      testId="user-editor"
    >
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            label={t('user.username')}
            name="username"
            rules={[
              required(t('user.username')),
              { pattern: /^[a-z0-9_.-]{3,40}$/, message: t('user.username.pattern') },
            ]}
          >
            <Input disabled={!!u} autoFocus={!u} autoComplete="off" maxLength={40} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            label={t('user.displayName')}
            name="displayName"
            rules={[
              required(t('user.displayName')),
              { whitespace: true, message: t('common.required', { field: t('user.displayName') }) },
              { max: 50, message: t('admin.maxLength', { field: t('user.displayName'), n: 50 }) },
            ]}
          >
            <Input autoFocus={!!u} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            label={u ? t('user.newPassword') : t('user.password')}
            name="password"
            extra={u ? t('user.passwordKeep') : undefined}
            rules={[
              ...(u ? [] : [required(t('user.password'))]),
              // server auth/passwords.ts passwordProblem: 8 to 200 characters
              { min: 8, max: 200, message: t('user.password.length') },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            label={t('user.passwordConfirm')}
            name="confirm"
            dependencies={['password']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  (getFieldValue('password') ?? '') === (value ?? '')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('user.passwordMismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('user.unit')} name="unitId" rules={[required(t('user.unit'))]}>
        <UnitTreeSelect />
      </Form.Item>
      <Form.Item
        label={t('user.roles')}
        name="roles"
        rules={[{ required: true, type: 'array', min: 1, message: t('user.roles.required') }]}
      >
        <Select
          mode="multiple"
          options={ROLES.map((r) => ({ value: r, label: pick(ROLE_NAMES[r], r) }))}
          showSearch={{ optionFilterProp: 'label' }}
        />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            label={t('user.phone')}
            name="phone"
            rules={[{ pattern: /^[0-9+\- ]{3,20}$/, message: t('user.phone.pattern') }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            label={t('admin.enabled')}
            name="active"
            valuePropName="checked"
            extra={u ? t('user.deactivateHint') : undefined}
          >
            <Switch />
          </Form.Item>
        </Col>
      </Row>
    </FormDrawer>
  );
}

function IssueKeyModal(props: { user: AdminUser; onClose: () => void; onIssued: (k: IssuedKey) => void }) {
  const { t, pick } = useI18n();
  type Values = Pick<ApiKeyInput, 'name' | 'integration'>;
  const [form] = Form.useForm<Values>();
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<IssuedKey | null>(null);
  // Another system's account gets a key for one integration; a person's key acts as the person.
  const forIntegration = isIntegrationAccount(props.user);
  const submit = async ({ name, integration }: Values) => {
    setBanner(null);
    setBusy(true);
    try {
      const body: ApiKeyInput = { userId: props.user.id, name, ...(integration ? { integration } : {}) };
      const r = await post<ApiKeyIssued>('/api/api-keys', body);
      const k = { ...r, name, username: props.user.username };
      setShown(k);
      props.onIssued(k);
    } catch (e) {
      setBanner(applyApiError(form, e, ['name', 'integration']));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${t('apiKey.issue')} · ${props.user.displayName}（${props.user.username}）`}
      onCancel={props.onClose}
      destroyOnHidden
      footer={
        shown ? (
          <Button type="primary" onClick={props.onClose}>
            {t('common.confirm')}
          </Button>
        ) : (
          <Space>
            <Button onClick={props.onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => form.submit()}>
              {t('apiKey.issue')}
            </Button>
          </Space>
        )
      }
    >
      {shown ? (
        <>
          <Alert type="warning" showIcon title={t('apiKey.once')} style={{ marginBottom: 12 }} />
          <Typography.Paragraph
            copyable={{ text: shown.key }}
            code
            data-testid="issued-key"
            style={{ wordBreak: 'break-all' }}
          >
            {shown.key}
          </Typography.Paragraph>
          <Typography.Text type="secondary">
            {t('apiKey.id')}：{shown.id} · {t('apiKey.prefix')}：{shown.prefix}
          </Typography.Text>
        </>
      ) : (
        <Form form={form} layout="vertical" onFinish={submit}>
          {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} />}
          <Form.Item
            label={t('apiKey.name')}
            name="name"
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common.required', { field: t('apiKey.name') }),
              },
              { max: 100, message: t('admin.maxLength', { field: t('apiKey.name'), n: 100 }) },
            ]}
          >
            <Input autoFocus placeholder="12345 热线对接" />
          </Form.Item>
          {forIntegration && (
            <Form.Item
              label={t('apiKey.integration')}
              name="integration"
              extra={t('apiKey.integrationHelp')}
              rules={[{ required: true, message: t('common.required', { field: t('apiKey.integration') }) }]}
            >
              <Select
                data-testid="key-integration"
                options={INTEGRATIONS.map((i) => ({ value: i, label: pick(INTEGRATION_NAMES[i]) }))}
              />
            </Form.Item>
          )}
        </Form>
      )}
    </Modal>
  );
}

/** Keys issued in this session (the server never lists them again) and revocation by id. */
function ApiKeys(props: { issued: IssuedKey[]; onRevoke: (id: number) => Promise<void> }) {
  const { t } = useI18n();
  const [id, setId] = useState<number | null>(null);
  return (
    <div style={{ marginTop: 12, display: 'flex', gap: 16, alignItems: 'flex-start', flexWrap: 'wrap' }}>
      <div style={{ flex: '1 1 480px' }}>
        <Typography.Text strong>{t('apiKey.issued')}</Typography.Text>
        <Table<IssuedKey>
          rowKey="id"
          size="small"
          bordered
          style={{ marginTop: 6 }}
          dataSource={props.issued}
          pagination={false}
          locale={{ emptyText: t('common.none') }}
          columns={[
            { title: t('apiKey.id'), dataIndex: 'id', width: 80 },
            { title: t('apiKey.prefix'), dataIndex: 'prefix', width: 120 },
            { title: t('apiKey.name'), dataIndex: 'name' },
            { title: t('apiKey.forUser'), dataIndex: 'username', width: 130 },
            {
              title: t('common.actions'),
              key: 'a',
              width: 140,
              render: (_, k) => (
                <span style={{ whiteSpace: 'nowrap' }}>
                  {k.revoked ? (
                    <Tag>{t('admin.disabled')}</Tag>
                  ) : (
                    <Popconfirm title={t('apiKey.revokeConfirm')} onConfirm={() => props.onRevoke(k.id)}>
                      <Button type="link" size="small" danger>
                        {t('apiKey.revoke')}
                      </Button>
                    </Popconfirm>
                  )}
                  <HistoryButton entity="api_key" entityKey={k.id} title={`${k.name}（${k.prefix}）`} />
                </span>
              ),
            },
          ]}
        />
      </div>
      <div>
        <Typography.Text strong>{t('apiKey.revokeById')}</Typography.Text>
        <Space.Compact style={{ display: 'flex', marginTop: 6 }}>
          <InputNumber
            aria-label={t('apiKey.id')}
            placeholder={t('apiKey.id')}
            min={1}
            precision={0}
            value={id}
            onChange={(v) => setId(v)}
            style={{ width: 140 }}
          />
          <Popconfirm
            title={t('apiKey.revokeConfirm')}
            onConfirm={() => (id ? props.onRevoke(id) : undefined)}
            disabled={!id}
          >
            <Button danger disabled={!id}>
              {t('apiKey.revoke')}
            </Button>
          </Popconfirm>
        </Space.Compact>
      </div>
    </div>
  );
}
