// A case's jurisdiction disputes (权属争议, docs/disputes.md): the disputed returns and how a ruling
// judged them, the ruling deadline's colour, the appeal; and the move the signed-in user may make
// next — the centre rules, the unit ruled responsible appeals, the reviewing level reviews the
// appeal and, after overturning it, rules finally. The server checks every move again (policy
// dispute.*, appeal.review). Hidden when the case has no dispute.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DISPUTE_APPELLANTS, DISPUTE_RULERS } from '@xiuhua/domain/policy';
import type { Dispute } from '@xiuhua/server/contract';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { get, post } from '../../api/client.ts';
import { useMe } from '../../api/hooks.ts';
import type { Case } from '../../api/types.ts';
import { defineMessages, useI18n } from '../../i18n/index.tsx';
import { useHandlingUnitsOver } from '../../shared/ActionFields.tsx';
import { applyApiError } from '../../shared/forms.ts';
import { ColourDot, formatTime } from '../../shared/tags.tsx';

defineMessages({
  'dispute.title': { zh: '权属争议', en: 'Jurisdiction dispute' },
  'dispute.state.open': { zh: '待裁定', en: 'Awaiting ruling' },
  'dispute.state.ruled': { zh: '已裁定', en: 'Ruled' },
  'dispute.state.appealed': { zh: '申诉中', en: 'Appealed' },
  'dispute.state.final': { zh: '终局', en: 'Final' },
  'dispute.centre': { zh: '裁定中心', en: 'Ruling centre' },
  'dispute.due': { zh: '裁定时限', en: 'Ruling due' },
  'dispute.returnedBy': { zh: '退回单位', en: 'Returned by' },
  'dispute.suggested': { zh: '建议责任单位', en: 'Believed responsible' },
  'dispute.judged': { zh: '裁定', en: 'Judged' },
  'dispute.justified': { zh: '退回成立', en: 'Justified' },
  'dispute.unjustified': { zh: '退回不当', en: 'Unjustified' },
  'dispute.responsible': { zh: '责任单位', en: 'Responsible unit' },
  'dispute.reason': { zh: '裁定理由', en: 'Reason' },
  'dispute.appeal': { zh: '申诉', en: 'Appeal' },
  'dispute.rule': { zh: '裁定', en: 'Rule' },
  'dispute.final': { zh: '终局裁定', en: 'Final ruling' },
  'dispute.startReview': { zh: '开始复核', en: 'Start review' },
  'dispute.uphold': { zh: '维持裁定', en: 'Uphold' },
  'dispute.overturn': { zh: '撤销裁定', en: 'Overturn' },
  'dispute.appeal.submitted': { zh: '待复核', en: 'Submitted' },
  'dispute.appeal.under_review': { zh: '复核中', en: 'Under review' },
  'dispute.appeal.upheld': { zh: '维持', en: 'Upheld' },
  'dispute.appeal.overturned': { zh: '撤销', en: 'Overturned' },
  'dispute.done': { zh: '{move}：已完成', en: '{move}: done' },
  'dispute.correctRouting': {
    zh: '同时修正派遣规则（本类案件在本街道派往责任单位）',
    en: 'Also correct the routing (this class in this street goes to the responsible unit)',
  },
});

type Move = 'rule' | 'appeal' | 'final' | 'start-review' | 'uphold' | 'overturn';
const REVIEWERS = ['shift_leader', 'supervisor', 'leader'];

export function DisputeCard({ caseRow }: { caseRow: Case }) {
  const { t } = useI18n();
  const me = useMe();
  const [moving, setMoving] = useState<{ dispute: Dispute; move: Move } | null>(null);
  const disputes = useQuery({
    queryKey: ['case', String(caseRow.id), 'disputes'],
    queryFn: () => get<Dispute[]>('/api/disputes', { caseId: caseRow.id, state: 'all' }),
  });
  if (!disputes.data || disputes.data.length === 0) return null;
  // The console knows roles, not units: the server checks the unit again.
  const roles = me.data?.roles ?? [];
  const holds = (list: readonly string[]) => roles.some((r) => list.includes(r));
  const moves = (d: Dispute): Move[] => {
    if (d.state === 'open') return holds(DISPUTE_RULERS) ? ['rule'] : [];
    if (d.state === 'ruled') return holds(DISPUTE_APPELLANTS) ? ['appeal'] : [];
    if (d.state !== 'appealed' || !d.appeal || !holds(REVIEWERS)) return [];
    if (d.appeal.state === 'submitted') return ['start-review'];
    if (d.appeal.state === 'under_review') return ['uphold', 'overturn'];
    return d.appeal.state === 'overturned' ? ['final'] : [];
  };
  return (
    <>
      {disputes.data.map((d) => (
        <Card
          key={d.id}
          size="small"
          title={
            <Space>
              {t('dispute.title')}
              <Tag color={d.state === 'final' ? 'default' : 'warning'} data-testid="dispute-state">
                {t(`dispute.state.${d.state}`)}
              </Tag>
            </Space>
          }
          extra={
            <Space size={6}>
              {moves(d).map((m) => (
                <Button
                  key={m}
                  size="small"
                  data-dispute-move={m}
                  onClick={() => setMoving({ dispute: d, move: m })}
                >
                  {t(moveLabel(m))}
                </Button>
              ))}
            </Space>
          }
          style={{ marginTop: 12 }}
          data-testid="dispute"
        >
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('dispute.centre')}>{d.centreUnit.name}</Descriptions.Item>
            <Descriptions.Item label={t('dispute.due')}>
              {d.rulingDueAt ? formatTime(d.rulingDueAt) : '—'} <ColourDot colour={d.rulingColour} />
            </Descriptions.Item>
            <Descriptions.Item label={t('dispute.responsible')}>
              <span data-testid="dispute-responsible">{d.responsibleUnit?.name ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('dispute.appeal')}>
              {d.appeal ? t(`dispute.appeal.${d.appeal.state}`) : '—'}
            </Descriptions.Item>
            {d.rulingReason && (
              <Descriptions.Item label={t('dispute.reason')} span={2}>
                {d.rulingReason}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Table
            size="small"
            rowKey="seq"
            pagination={false}
            dataSource={d.returns}
            columns={[
              { title: t('dispute.returnedBy'), render: (_, r) => r.unitName ?? r.unitId },
              { title: t('dispute.suggested'), render: (_, r) => r.suggestedUnitName ?? '—' },
              {
                title: t('dispute.judged'),
                render: (_, r) =>
                  r.justified === undefined ? (
                    '—'
                  ) : (
                    <Tag color={r.justified ? 'green' : 'red'}>
                      {t(r.justified ? 'dispute.justified' : 'dispute.unjustified')}
                    </Tag>
                  ),
              },
            ]}
          />
        </Card>
      ))}
      {moving && (
        <MoveDialog
          caseRow={caseRow}
          dispute={moving.dispute}
          move={moving.move}
          onClose={() => setMoving(null)}
        />
      )}
    </>
  );
}

function moveLabel(m: Move): string {
  return m === 'start-review' ? 'dispute.startReview' : `dispute.${m}`;
}

/** One move's dialog: a ruling names the responsible unit; every move but starting a review gives a reason. */
function MoveDialog(props: { caseRow: Case; dispute: Dispute; move: Move; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ responsibleUnitId?: number; reason?: string; correctRouting?: boolean }>();
  const [banner, setBanner] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const { dispute, move, caseRow } = props;
  const ruling = move === 'rule' || move === 'final';
  const candidates = useHandlingUnitsOver(caseRow).list;
  const suggested = dispute.returns.at(-1)?.suggestedUnitId ?? undefined;
  const mutation = useMutation({
    mutationFn: async (values: { responsibleUnitId?: number; reason?: string; correctRouting?: boolean }) => {
      const appeal = dispute.appeal?.id;
      if (move === 'start-review') return await post(`/api/appeals/${appeal}/start-review`, {});
      if (move === 'uphold' || move === 'overturn')
        return await post(`/api/appeals/${appeal}/decide`, {
          outcome: move === 'uphold' ? 'upheld' : 'overturned',
          reason: values.reason,
        });
      return await post(`/api/disputes/${dispute.id}/${move}`, values);
    },
  });
  const submit = async () => {
    setBanner(null);
    let values: { responsibleUnitId?: number; reason?: string; correctRouting?: boolean };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    try {
      await mutation.mutateAsync(values);
      message.success(t('dispute.done', { move: t(moveLabel(move)) }));
      await queryClient.invalidateQueries({ queryKey: ['case', String(caseRow.id)] });
      props.onClose();
    } catch (e) {
      setBanner(applyApiError(form, e, ['responsibleUnitId', 'reason']));
    }
  };
  return (
    <Modal
      open
      title={`${t(moveLabel(move))} · ${caseRow.number}`}
      onCancel={props.onClose}
      onOk={submit}
      okText={t(moveLabel(move))}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'dispute-submit' } as Record<string, string>}
    >
      {banner && <Alert type="error" title={banner} showIcon style={{ marginBottom: 12 }} role="alert" />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ responsibleUnitId: ruling ? suggested : undefined }}
      >
        {ruling && (
          <Form.Item
            label={t('dispute.responsible')}
            name="responsibleUnitId"
            rules={[{ required: true, message: t('common.required', { field: t('dispute.responsible') }) }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              aria-label={t('dispute.responsible')}
              options={candidates.map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
        )}
        {ruling && (
          <Form.Item name="correctRouting" valuePropName="checked">
            <Checkbox>{t('dispute.correctRouting')}</Checkbox>
          </Form.Item>
        )}
        {move !== 'start-review' && (
          <Form.Item
            label={t('common.reason')}
            name="reason"
            rules={[{ required: true, whitespace: true, message: t('action.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
