// 派遣: filed cases wait here with the unit the routing rules suggest and the rule that chose it.
// Dispatch one (keyboard: pick the unit, Enter) or many at once to their suggested units;
// re-dispatch what units sent back, seeing why; decide on postponement requests.

import { SendOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Form, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { get, post } from '../../api/client.ts';
import { actionPath, useCaseAction, useCaseEvents, useRoutingSuggestion } from '../../api/hooks.ts';
import { UnitField } from '../../shared/ActionFields.tsx';
import type { Case, RoutingSuggestion } from '../../api/types.ts';
import { defineMessages, useI18n } from '../../i18n/index.tsx';
import { CaseActions } from '../../shared/CaseActions.tsx';
import { CaseSummary } from '../../shared/CaseSummary.tsx';
import { CasePanel, type QueueTab, Workbench } from '../../shared/Workbench.tsx';
import { applyApiError } from '../../shared/forms.ts';

defineMessages({
  'dispatch.tab.filed': { zh: '待派遣', en: 'To dispatch' },
  'dispatch.tab.returned': { zh: '退回待重派', en: 'Returned' },
  'dispatch.tab.postponement': { zh: '延期待审', en: 'Postponement requests' },
  'dispatch.tab.suspended': { zh: '挂账', en: 'Suspended' },
  'dispatch.suggested': { zh: '建议派遣单位', en: 'Suggested unit' },
  'dispatch.rule': { zh: '依据规则 {rule}', en: 'By rule {rule}' },
  'dispatch.noRule': { zh: '无匹配规则', en: 'No rule matched' },
  'dispatch.unit': { zh: '派遣至单位', en: 'Dispatch to' },
  'dispatch.note': { zh: '派遣意见', en: 'Instruction' },
  'dispatch.go': { zh: '派遣', en: 'Dispatch' },
  'dispatch.redispatch': { zh: '重新派遣', en: 'Re-dispatch' },
  'dispatch.done': { zh: '已派遣至 {unit}', en: 'Dispatched to {unit}' },
  'dispatch.bulk': { zh: '按建议单位批量派遣（{n}）', en: 'Dispatch {n} to suggested units' },
  'dispatch.bulkDone': {
    zh: '批量派遣：成功 {ok}，失败 {failed}',
    en: 'Bulk dispatch: {ok} done, {failed} failed',
  },
  'dispatch.returnReason': { zh: '退回原因（{unit}）：{reason}', en: 'Returned by {unit}: {reason}' },
  'dispatch.postponeAsk': {
    zh: '申请延期 {amount} {unit}：{reason}',
    en: 'Asks {amount} {unit} more: {reason}',
  },
});

const TABS: QueueTab[] = [
  { key: 'filed', label: 'dispatch.tab.filed', states: ['filed'] },
  { key: 'returned', label: 'dispatch.tab.returned', states: ['returned'] },
  { key: 'postponement', label: 'dispatch.tab.postponement', states: ['postponement_requested'] },
  { key: 'suspended', label: 'dispatch.tab.suspended', states: ['suspended'] },
];

export default function DispatchPage() {
  const { t } = useI18n();
  const [checked, setChecked] = useState<number[]>([]);
  const bulk = useBulkDispatch();
  return (
    <Workbench
      tabs={TABS}
      onTabChange={() => setChecked([])}
      columns={['number', 'class', 'description', 'area', 'state', 'colour', 'unit', 'due']}
      testId="dispatch-queue"
      table={(tab) =>
        tab === 'filed' || tab === 'returned'
          ? {
              rowSelection: {
                selectedRowKeys: checked,
                onChange: (keys) => setChecked(keys as number[]),
                columnWidth: 36,
              },
              toolbar: ({ rows }) => (
                <Button
                  icon={<SendOutlined />}
                  disabled={checked.length === 0}
                  loading={bulk.running}
                  onClick={async () => {
                    await bulk.run(rows.filter((r) => checked.includes(r.id)));
                    setChecked([]);
                  }}
                  data-testid="bulk-dispatch"
                >
                  {t('dispatch.bulk', { n: checked.length })}
                </Button>
              ),
            }
          : {}
      }
      panel={(caseId, done) => (
        <CasePanel caseId={caseId}>{(row) => <DispatchActions row={row} onMoved={done} />}</CasePanel>
      )}
    />
  );
}

/** Dispatch each selected case to the unit its routing suggestion names; report successes and failures. */
function useBulkDispatch() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const [running, setRunning] = useState(false);
  const run = async (rows: Case[]) => {
    setRunning(true);
    let ok = 0;
    let failed = 0;
    for (const row of rows) {
      try {
        const s = await get<RoutingSuggestion>(`/api/cases/${row.id}/routing-suggestion`);
        if (!s.unitId) throw new Error('no suggestion');
        const action = row.state === 'returned' ? 'redispatch' : 'dispatch';
        await post(actionPath(row.id, action), { unitId: s.unitId, expectedVersion: row.version });
        ok++;
      } catch {
        failed++;
      }
    }
    setRunning(false);
    void queryClient.invalidateQueries({ queryKey: ['cases'] });
    (failed ? message.warning : message.success)(t('dispatch.bulkDone', { ok, failed }));
  };
  return { run, running };
}

function DispatchActions({ row, onMoved }: { row: Case; onMoved: () => void }) {
  const { t } = useI18n();
  const events = useCaseEvents(row.id);
  const lastOf = (action: string) => [...(events.data ?? [])].reverse().find((e) => e.action === action);
  const returned = row.state === 'returned' ? lastOf('return') : undefined;
  const asked = row.state === 'postponement_requested' ? lastOf('request_postponement') : undefined;
  const extension = asked?.data.extension as { amount: number; unit: string } | undefined;
  return (
    <>
      <CaseSummary row={row} />
      {returned && (
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          showIcon
          data-testid="return-reason"
          title={t('dispatch.returnReason', {
            unit: returned.actor.unitName ?? '',
            reason: returned.reason ?? '',
          })}
        />
      )}
      {asked && extension && (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          showIcon
          data-testid="postponement-request"
          title={t('dispatch.postponeAsk', {
            amount: extension.amount,
            unit: t(`unit.${extension.unit}`),
            reason: asked.reason ?? '',
          })}
        />
      )}
      {(row.availableActions.includes('dispatch') || row.availableActions.includes('redispatch')) && (
        <DispatchForm key={row.id} row={row} onMoved={onMoved} />
      )}
      <div style={{ marginTop: 12 }}>
        <CaseActions
          caseRow={row}
          actions={[
            'approve_postponement',
            'refuse_postponement',
            'escalate',
            'hand_down',
            'suspend',
            'resume',
          ]}
          extras={{
            refuse_postponement: { danger: true },
            suspend: { danger: true },
            approve_postponement: { initialValues: extension ? { extension } : undefined },
          }}
          onDone={(u) => u.state !== row.state && onMoved()}
        />
      </div>
    </>
  );
}

function DispatchForm({ row, onMoved }: { row: Case; onMoved: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ unitId: number; reason?: string }>();
  const [banner, setBanner] = useState<string | null>(null);
  const suggestion = useRoutingSuggestion(row.id);
  const act = useCaseAction();
  const action = row.availableActions.includes('redispatch') ? 'redispatch' : 'dispatch';
  useEffect(() => {
    if (suggestion.data?.unitId && form.getFieldValue('unitId') === undefined) {
      form.setFieldsValue({ unitId: suggestion.data.unitId });
    }
  }, [suggestion.data, form]);

  const submit = async (values: { unitId: number; reason?: string }) => {
    setBanner(null);
    try {
      const updated = await act.mutateAsync({
        caseRow: row,
        action,
        input: { unitId: values.unitId, ...(values.reason ? { reason: values.reason } : {}) },
      });
      message.success(t('dispatch.done', { unit: updated.assigneeUnit?.name ?? '' }));
      onMoved();
    } catch (e) {
      setBanner(applyApiError(form, e, ['unitId', 'reason']));
    }
  };

  return (
    <Form
      form={form}
      name="dispatch"
      layout="vertical"
      onFinish={submit}
      style={{ marginTop: 12 }}
      data-testid="dispatch-form"
    >
      {suggestion.data && (
        <Alert
          type={suggestion.data.unitId ? 'success' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="routing-suggestion"
          title={
            <Space direction="vertical" size={0}>
              <span>
                {t('dispatch.suggested')}：<strong>{suggestion.data.unitName ?? '—'}</strong>{' '}
                <Typography.Text type="secondary">
                  {suggestion.data.ruleId
                    ? t('dispatch.rule', { rule: suggestion.data.ruleId })
                    : t('dispatch.noRule')}
                </Typography.Text>
              </span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {suggestion.data.explanation}
              </Typography.Text>
            </Space>
          }
        />
      )}
      {banner && <Alert type="error" title={banner} showIcon style={{ marginBottom: 12 }} role="alert" />}
      <UnitField caseRow={row} label={t('dispatch.unit')} autoFocus />
      <Form.Item label={t('dispatch.note')} name="reason" rules={[{ max: 1000 }]}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        loading={act.isPending}
        icon={<SendOutlined />}
        data-testid="dispatch-submit"
      >
        {action === 'redispatch' ? t('dispatch.redispatch') : t('dispatch.go')}
      </Button>
    </Form>
  );
}
