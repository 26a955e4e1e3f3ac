// 处置: the unit's inbox. Sign for what was dispatched to the unit, report back with text and
// after-photos, ask for more time, or return what is not the unit's — the deadline and its colour
// always in view.

import type { CaseState } from '@xiuhua/domain/workflow';
import { Card, Col, Empty, Row, Tabs } from 'antd';
import { useState } from 'react';
import { useCase, useCaseCount, useMe } from '../../api/hooks.ts';
import { defineMessages, useI18n } from '../../i18n/index.tsx';
import { CaseActions } from '../../shared/CaseActions.tsx';
import { CaseSummary } from '../../shared/CaseSummary.tsx';
import { CaseTable } from '../../shared/CaseTable.tsx';

defineMessages({
  'handling.tab.toSign': { zh: '待签收', en: 'To sign for' },
  'handling.tab.handling': { zh: '处置中', en: 'In hand' },
  'handling.tab.waiting': { zh: '延期待审', en: 'Awaiting postponement' },
  'handling.tab.rework': { zh: '待核查', en: 'Being checked' },
  'handling.pick': { zh: '在左侧选择一个案件', en: 'Select a case on the left' },
});

const TABS: { key: string; label: string; states: CaseState[] }[] = [
  { key: 'dispatched', label: 'handling.tab.toSign', states: ['dispatched'] },
  { key: 'handling', label: 'handling.tab.handling', states: ['handling'] },
  { key: 'postponement', label: 'handling.tab.waiting', states: ['postponement_requested'] },
  { key: 'checking', label: 'handling.tab.rework', states: ['checking'] },
];

export default function HandlingPage() {
  const { t } = useI18n();
  const me = useMe().data!;
  const [tab, setTab] = useState('dispatched');
  const [selected, setSelected] = useState<number | undefined>();
  const current = TABS.find((x) => x.key === tab)!;
  const filters = {
    state: current.states,
    unitId: me.unit.id,
    sort: 'due_at' as const,
    order: 'asc' as const,
  };
  return (
    <Row gutter={12}>
      <Col xs={24} xl={15}>
        <Card size="small" styles={{ body: { paddingTop: 0 } }}>
          <Tabs
            activeKey={tab}
            onChange={(k) => {
              setTab(k);
              setSelected(undefined);
            }}
            items={TABS.map((x) => ({
              key: x.key,
              label: <TabLabel label={t(x.label)} states={x.states} unitId={me.unit.id} />,
            }))}
          />
          <CaseTable
            filters={filters}
            columns={['number', 'class', 'description', 'area', 'colour', 'due', 'reportedAt']}
            onRowClick={(row) => setSelected(row.id)}
            selectedRowId={selected}
            testId="handling-queue"
          />
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <HandlingPanel caseId={selected} onMoved={() => setSelected(undefined)} />
      </Col>
    </Row>
  );
}

function TabLabel({ label, states, unitId }: { label: string; states: CaseState[]; unitId: number }) {
  const count = useCaseCount({ state: states, unitId });
  return (
    <span>
      {label} {count.data !== undefined && <span style={{ color: '#8c8c8c' }}>({count.data})</span>}
    </span>
  );
}

function HandlingPanel({ caseId, onMoved }: { caseId: number | undefined; onMoved: () => void }) {
  const { t } = useI18n();
  const query = useCase(caseId);
  const row = query.data;
  if (!row)
    return <Card size="small">{query.isFetching ? null : <Empty description={t('handling.pick')} />}</Card>;
  return (
    <Card size="small" data-testid="case-panel">
      <CaseSummary row={row} />
      <div style={{ marginTop: 12 }}>
        <CaseActions
          caseRow={row}
          actions={['sign', 'report_back', 'request_postponement', 'return']}
          extras={{ report_back: { photosRequired: true, primary: true }, return: { danger: true } }}
          onDone={(u) => u.state !== row.state && onMoved()}
        />
      </div>
    </Card>
  );
}
