// A unit's duty roster (值班表): who is on duty now, the weekly shifts with their people and the
// dated exceptions. The unit's head (or an admin) edits it in a form (RosterForm.tsx); everyone
// else reads it. The page shows the user's own unit, or the unit in the address (/roster/12).

import { useQuery } from '@tanstack/react-query';
import type * as contract from '@xiuhua/server/contract';
import { Button, Card, Empty, List, message, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { get } from '../../api/client.ts';
import { useMe } from '../../api/hooks.ts';
import { useCan } from '../../api/policy.ts';
import { defineMessages, useI18n } from '../../i18n/index.tsx';
import { WEEKDAY_NAMES } from '../../shared/weekdays.ts';
import { formatTime } from '../../shared/tags.tsx';
import RosterForm from './RosterForm.tsx';

defineMessages({
  'roster.title': { zh: '值班表', en: 'Duty roster' },
  'roster.onDuty': { zh: '当前在岗', en: 'On duty now' },
  'roster.nobody': { zh: '当前无人在岗', en: 'Nobody on duty now' },
  'roster.shifts': { zh: '每周班次', en: 'Weekly shifts' },
  'roster.exceptions': { zh: '调班与节假日值班', en: 'Exceptions and holiday duty' },
  'roster.shift': { zh: '班次', en: 'Shift' },
  'roster.days': { zh: '星期', en: 'Weekdays' },
  'roster.hours': { zh: '时间', en: 'Hours' },
  'roster.people': { zh: '人员', en: 'People' },
  'roster.date': { zh: '日期', en: 'Date' },
  'roster.holidays.off': { zh: '法定节假日不排班', en: 'No shifts on public holidays' },
  'roster.holidays.on': { zh: '法定节假日照常排班', en: 'Shifts run on public holidays' },
  'roster.edit': { zh: '编辑值班表', en: 'Edit roster' },
  'roster.saved': { zh: '值班表已保存', en: 'Roster saved' },
  'roster.readOnly': {
    zh: '仅本单位负责人或系统管理员可编辑',
    en: 'Only the unit’s head or an admin may edit',
  },
});

export default function RosterPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const may = useCan();
  const params = useParams();
  const unitId = Number(params.unitId ?? me.data?.unit.id);
  const roster = useQuery({
    queryKey: ['roster', unitId],
    queryFn: () => get<contract.DutyRoster>(`/api/units/${unitId}/roster`),
    enabled: Number.isInteger(unitId),
  });
  const onDuty = useQuery({
    queryKey: ['roster', unitId, 'on-duty'],
    queryFn: () => get<contract.OnDuty>(`/api/units/${unitId}/on-duty`),
    enabled: Number.isInteger(unitId),
  });
  const [editing, setEditing] = useState(false);
  const [msg, holder] = message.useMessage();
  if (roster.isPending) return <Spin />;
  if (!roster.data) return <Empty />;
  const r = roster.data;
  const person = (id: string) => r.names[id] ?? `#${id}`;
  const canEdit = may('roster.edit', { headUserId: r.headUserId === null ? null : String(r.headUserId) });
  const days = (ds: number[]) => ds.map((d) => WEEKDAY_NAMES[lang][d]).join(lang === 'zh' ? '、' : ', ');
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="roster-page">
      {holder}
      <Card
        size="small"
        title={`${t('roster.title')} · ${me.data?.unit.id === unitId ? me.data.unit.name : `#${unitId}`}`}
        extra={
          canEdit ? (
            <Button onClick={() => setEditing(true)} disabled={editing} data-testid="roster-edit">
              {t('roster.edit')}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t('roster.readOnly')}</Typography.Text>
          )
        }
      >
        <Typography.Paragraph>
          <Tag>{t(`roster.holidays.${r.holidays}`)}</Tag>
        </Typography.Paragraph>
        <Typography.Title level={5}>{t('roster.onDuty')}</Typography.Title>
        {(onDuty.data?.people.length ?? 0) === 0 ? (
          <Typography.Text type="secondary">{t('roster.nobody')}</Typography.Text>
        ) : (
          <List
            size="small"
            data-testid="on-duty"
            dataSource={onDuty.data!.people}
            renderItem={(p) => (
              <List.Item>
                {p.displayName} · {p.shiftName} ({formatTime(p.from)} – {formatTime(p.to)})
              </List.Item>
            )}
          />
        )}
      </Card>
      {editing && (
        <RosterForm
          unitId={unitId}
          roster={r}
          onSaved={() => {
            setEditing(false);
            void msg.success(t('roster.saved'));
          }}
          onCancel={() => setEditing(false)}
        />
      )}
      <Card size="small" title={t('roster.shifts')}>
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={r.shifts}
          columns={[
            { title: t('roster.shift'), dataIndex: 'name' },
            { title: t('roster.days'), dataIndex: 'weekdays', render: days },
            { title: t('roster.hours'), render: (_, s) => `${s.start}–${s.end}` },
            {
              title: t('roster.people'),
              dataIndex: 'people',
              render: (ps: string[]) => ps.map(person).join('、'),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('roster.exceptions')}>
        <Table
          size="small"
          rowKey={(e) => `${e.date}-${e.shift}`}
          pagination={false}
          dataSource={r.exceptions}
          columns={[
            { title: t('roster.date'), dataIndex: 'date' },
            { title: t('roster.shift'), dataIndex: 'shift' },
            {
              title: t('roster.people'),
              dataIndex: 'people',
              render: (ps: string[]) => ps.map(person).join('、') || '—',
            },
            { title: '', dataIndex: 'note' },
          ]}
        />
      </Card>
    </Space>
  );
}
