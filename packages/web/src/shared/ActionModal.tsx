// One dialog for any action of the loop. The fields follow the transition table: what the action
// requires is required here too (reason, extension, satisfaction); workbenches add their own
// fields (unit, inspector) as children. Server errors land next to their field.

import { can } from '@xiuhua/domain/policy';
import { SATISFACTIONS, transitionOf, type CaseAction } from '@xiuhua/domain/workflow';
import { Alert, App as AntApp, Form, Input, InputNumber, Modal, Radio, Select, Space } from 'antd';
import { type ReactNode, useState } from 'react';
import { type ActionInput, useCaseAction } from '../api/hooks.ts';
import type { Case, Photo } from '../api/types.ts';
import { defineMessages, useI18n } from '../i18n/index.tsx';
import { ReturnFields, TargetCaseField, UnitField } from './ActionFields.tsx';
import { applyApiError } from './forms.ts';
import { PhotoInput, photosReady, uploadedPhotos } from './PhotoInput.tsx';

defineMessages({
  'action.reasonRequired': { zh: '请填写原因/说明', en: 'Give a reason or note' },
  'action.extension': { zh: '延期时长', en: 'Extension' },
  'action.extensionRequired': { zh: '请填写延期时长', en: 'Give the extension' },
  'action.photosRequired': {
    zh: '本类案件须上传至少一张处置后照片',
    en: 'This class needs at least one after-photo',
  },
  'action.satisfaction': { zh: '满意度', en: 'Satisfaction' },
  'satisfaction.satisfied': { zh: '满意', en: 'Satisfied' },
  'satisfaction.basically_satisfied': { zh: '基本满意', en: 'Basically satisfied' },
  'satisfaction.unsatisfied': { zh: '不满意（重办）', en: 'Unsatisfied (reopen)' },
  'unit.workDay': { zh: '工作日', en: 'working days' },
  'unit.workHour': { zh: '工作小时', en: 'working hours' },
  'unit.day': { zh: '自然日', en: 'days' },
  'unit.hour': { zh: '小时', en: 'hours' },
  'action.conflict': {
    zh: '案件已被他人处理（{state}），已刷新',
    en: 'Someone else changed this case ({state}); reloaded',
  },
  'action.done': { zh: '{action}：已完成', en: '{action}: done' },
});

export interface ActionModalProps {
  caseRow: Case;
  action: CaseAction;
  open: boolean;
  onClose: () => void;
  onDone?: (updated: Case) => void;
  /** Extra form items (unit, inspector…), their values are sent with the action. */
  children?: ReactNode;
  initialValues?: ActionInput;
  /** Field names the children add, so server errors can find them. */
  extraFields?: string[];
  /** Turn the children's form values into the action's input (e.g. "kind:code" → kind, classCode). */
  transform?: (values: ActionInput) => ActionInput;
}

export function ActionModal(props: ActionModalProps) {
  const { t, pick } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [banner, setBanner] = useState<string | null>(null);
  const mutation = useCaseAction();
  const transition = transitionOf(props.action);
  const requires = new Set(transition.requires);
  // The policy's rule, as the server applies it: a report-back carries an after-photo unless the
  // case's class waives it.
  const photosRequired =
    props.action === 'report_back' &&
    !can(null, 'case.reportBack', { reportBackPhoto: props.caseRow.reportBackPhoto, photos: 0 });
  const needsExtension = props.action === 'request_postponement' || props.action === 'approve_postponement';
  const fields = [
    'reason',
    'extension',
    'extension.amount',
    'extension.unit',
    'satisfaction',
    'photos',
    'unitId',
    'targetCaseId',
    'returnKind',
    'suggestedUnitId',
    ...(props.extraFields ?? []),
  ];
  // What the transition requires and the page did not add itself (a dispatch's unit, a merge's
  // target) is asked here, so the action works from any page that offers it.
  const given = new Set(props.extraFields ?? []);
  const askUnit = requires.has('unit') && !given.has('unitId');
  const askTarget = requires.has('target') && !given.has('targetCaseId');

  const submit = async () => {
    setBanner(null);
    let values: ActionInput;
    try {
      values = await form.validateFields();
    } catch (e) {
      // A live refresh of the case while validating leaves antd's answer "out of date" with no
      // field at fault: validate again rather than ignore the click.
      const { errorFields, outOfDate } = e as { errorFields?: unknown[]; outOfDate?: boolean };
      if (!outOfDate || (errorFields?.length ?? 0) > 0) return; // messages are next to the fields
      try {
        values = await form.validateFields();
      } catch {
        return;
      }
    }
    try {
      const input: ActionInput = props.transform ? props.transform({ ...values }) : { ...values };
      if (!input.reason) delete input.reason;
      const photos = uploadedPhotos(input.photos as Photo[] | undefined);
      if (photos.length > 0) input.photos = photos;
      else delete input.photos;
      const extension = input.extension as { amount?: number } | undefined;
      if (extension && !extension.amount) delete input.extension;
      const updated = await mutation.mutateAsync({ caseRow: props.caseRow, action: props.action, input });
      message.success(t('action.done', { action: pick(transition) }));
      form.resetFields();
      props.onDone?.(updated);
      props.onClose();
    } catch (e) {
      setBanner(applyApiError(form, e, fields));
    }
  };

  return (
    <Modal
      open={props.open}
      title={`${pick(transition)} · ${props.caseRow.number}`}
      onCancel={props.onClose}
      onOk={submit}
      okText={pick(transition)}
      confirmLoading={mutation.isPending}
      okButtonProps={{ 'data-testid': 'action-submit' } as Record<string, string>}
    >
      {banner && <Alert type="error" title={banner} showIcon style={{ marginBottom: 12 }} role="alert" />}
      <Form
        form={form}
        name={`action-${props.action}`}
        layout="vertical"
        initialValues={props.initialValues}
        onFinish={submit}
        preserve
      >
        {askUnit && (
          <UnitField
            caseRow={props.caseRow}
            purpose={props.action === 'hand_down' ? 'hand_down' : 'dispatch'}
          />
        )}
        {askTarget && <TargetCaseField caseRow={props.caseRow} />}
        {props.action === 'return' && <ReturnFields caseRow={props.caseRow} />}
        {props.children}
        {needsExtension && (
          <Form.Item label={t('action.extension')} required={requires.has('extension')}>
            <Space.Compact>
              <Form.Item
                name={['extension', 'amount']}
                noStyle
                rules={
                  requires.has('extension')
                    ? [{ required: true, message: t('action.extensionRequired') }]
                    : []
                }
              >
                <InputNumber
                  min={1}
                  max={999}
                  precision={0}
                  aria-label={t('action.extension')}
                  style={{ width: 120 }}
                />
              </Form.Item>
              <Form.Item name={['extension', 'unit']} noStyle initialValue="workDay">
                <Select
                  aria-label="unit"
                  style={{ width: 130 }}
                  options={['workDay', 'workHour', 'day', 'hour'].map((u) => ({
                    value: u,
                    label: t(`unit.${u}`),
                  }))}
                />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        )}
        {props.action === 'callback' && (
          <Form.Item
            label={t('action.satisfaction')}
            name="satisfaction"
            rules={[{ required: true, message: t('common.required', { field: t('action.satisfaction') }) }]}
          >
            <Radio.Group options={SATISFACTIONS.map((s) => ({ value: s, label: t(`satisfaction.${s}`) }))} />
          </Form.Item>
        )}
        <Form.Item
          label={t('common.reason')}
          name="reason"
          rules={[
            ...(requires.has('reason')
              ? [{ required: true, whitespace: true, message: t('action.reasonRequired') }]
              : []),
            { max: 1000 },
          ]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount autoFocus />
        </Form.Item>
        <Form.Item
          label={t('common.photos')}
          name="photos"
          rules={[
            ...(photosRequired
              ? [{ required: true, type: 'array' as const, min: 1, message: t('action.photosRequired') }]
              : []),
            photosReady(t),
          ]}
        >
          <PhotoInput />
        </Form.Item>
      </Form>
    </Modal>
  );
}
