// 受理/立案: reports from every channel wait here. The intake operator takes new reports, accepts
// or rejects them, merges duplicates, or sends an inspector to verify; the shift leader files them
// under the right class and closes cases whose check passed.

import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { CASE_LEVELS } from '@xiuhua/domain/workflow';
import type { InspectorPick } from '@xiuhua/server/contract';
import { App as AntApp, Button, Drawer, Form, Select } from 'antd';
import { useState } from 'react';
import { get } from '../../api/client.ts';
import { type NearbyCase, useCaseAction } from '../../api/hooks.ts';
import type { Case } from '../../api/types.ts';
import { defineMessages, useI18n } from '../../i18n/index.tsx';
import { CaseActions } from '../../shared/CaseActions.tsx';
import { CataloguePicker, classValue, parseClassValue } from '../../shared/CataloguePicker.tsx';
import { CaseSummary } from '../../shared/CaseSummary.tsx';
import { CasePanel, type QueueTab, Workbench } from '../../shared/Workbench.tsx';
import { DuplicateList, NewReportForm } from './NewReportForm.tsx';

defineMessages({
  'intake.tab.reported': { zh: '待受理', en: 'New reports' },
  'intake.tab.verifying': { zh: '核实中', en: 'Being verified' },
  'intake.tab.accepted': { zh: '待立案', en: 'To file' },
  'intake.tab.toClose': { zh: '待结案', en: 'To close' },
  'intake.inspector': { zh: '核实监督员', en: 'Inspector' },
  'intake.inspectorDefault': { zh: '默认：责任网格监督员', en: 'Default: the grid’s inspector' },
  'intake.merged': { zh: '已并入 {number}', en: 'Merged into {number}' },
});

const TABS: QueueTab[] = [
  { key: 'reported', label: 'intake.tab.reported', states: ['reported'] },
  { key: 'verifying', label: 'intake.tab.verifying', states: ['verifying'] },
  { key: 'accepted', label: 'intake.tab.accepted', states: ['accepted'] },
  { key: 'to_close', label: 'intake.tab.toClose', states: ['to_close'] },
];

export default function IntakePage() {
  const { t } = useI18n();
  const [tab, setTab] = useState('reported');
  const [selected, setSelected] = useState<number | undefined>();
  const [creating, setCreating] = useState(false);
  const { message } = AntApp.useApp();
  return (
    <>
      <Workbench
        tabs={TABS}
        tab={tab}
        onTabChange={setTab}
        selected={selected}
        onSelect={setSelected}
        filters={{ sort: 'reported_at', order: 'asc' }}
        columns={['number', 'class', 'description', 'area', 'source', 'colour', 'due', 'reportedAt']}
        testId="intake-queue"
        tabBarExtraContent={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="new-report"
          >
            {t('intake.new')}
          </Button>
        }
        panel={(caseId, done) => <IntakePanel caseId={caseId} onMoved={done} />}
      />
      <Drawer
        open={creating}
        onClose={() => setCreating(false)}
        title={t('intake.new')}
        size="large"
        styles={{ wrapper: { width: 'min(1100px, 100vw)' } }}
      >
        <NewReportForm
          onCreated={(row) => {
            message.success(t('intake.created', { number: row.number }));
            setCreating(false);
            setTab('reported');
            setSelected(row.id);
          }}
        />
      </Drawer>
    </>
  );
}

function IntakePanel({ caseId, onMoved }: { caseId: number | undefined; onMoved: () => void }) {
  return <CasePanel caseId={caseId}>{(row) => <IntakeActions row={row} onMoved={onMoved} />}</CasePanel>;
}

function IntakeActions({ row, onMoved }: { row: Case; onMoved: () => void }) {
  const { t, pick } = useI18n();
  const merge = useCaseAction();
  const { message, modal } = AntApp.useApp();
  const inspectors = useQuery({
    queryKey: ['lookups', 'inspectors'],
    queryFn: () => get<InspectorPick[]>('/api/lookups/inspectors'),
    staleTime: 5 * 60_000,
    enabled: row.availableActions.includes('request_verification'),
  });
  const nearby = useQuery({
    queryKey: ['cases', 'nearby', row?.id],
    queryFn: () =>
      get<NearbyCase[]>('/api/cases/nearby', {
        lon: row.location.lon,
        lat: row.location.lat,
        classCode: row.classCode,
        radius: 300,
        excludeId: row.id,
      }),
    enabled: ['reported', 'verifying', 'accepted'].includes(row.state),
  });

  const moved = (updated: Case) => {
    if (updated.state !== row.state) onMoved();
  };
  return (
    <>
      <CaseSummary row={row} />
      <div style={{ marginTop: 12 }}>
        <CaseActions
          caseRow={row}
          actions={['accept', 'file', 'request_verification', 'reject', 'close', 'callback']}
          onDone={moved}
          extras={{
            reject: { danger: true },
            file: {
              initialValues: { classValue: classValue(row.kind, row.classCode), level: row.level },
              extraFields: ['classValue', 'level'],
              transform: ({ classValue: value, ...rest }) => ({
                ...rest,
                ...parseClassValue(value as string),
              }),
              children: (
                <>
                  <Form.Item label={t('case.class')} name="classValue" rules={[{ required: true }]}>
                    <CataloguePicker />
                  </Form.Item>
                  <Form.Item label={t('case.level')} name="level">
                    <Select
                      options={CASE_LEVELS.map((l) => ({
                        value: l,
                        label: t(`level.${l}`),
                      }))}
                    />
                  </Form.Item>
                </>
              ),
            },
            request_verification: {
              extraFields: ['inspectorId'],
              children: (
                <Form.Item label={t('intake.inspector')} name="inspectorId">
                  <Select
                    allowClear
                    placeholder={t('intake.inspectorDefault')}
                    loading={inspectors.isPending}
                    options={(inspectors.data ?? []).map((i) => ({
                      value: i.id,
                      label: `${i.displayName}${i.gridNames.length ? ` · ${i.gridNames.join('、')}` : ''}`,
                    }))}
                  />
                </Form.Item>
              ),
            },
          }}
        />
      </div>
      {nearby.data && (
        <DuplicateList
          title={t('intake.duplicates')}
          items={nearby.data}
          onMerge={
            row.availableActions.includes('merge')
              ? (target) =>
                  modal.confirm({
                    title: `${pick({ zh: '并单', en: 'Merge' })}: ${row.number} → ${target.number}`,
                    onOk: async () => {
                      await merge.mutateAsync({
                        caseRow: row,
                        action: 'merge',
                        input: { targetCaseId: target.id },
                      });
                      message.success(t('intake.merged', { number: target.number }));
                      onMoved();
                    },
                  })
              : undefined
          }
        />
      )}
    </>
  );
}
