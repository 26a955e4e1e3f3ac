// The layout every desk workbench shares: tabs of queues (each with its live count) over one
// virtualised case table on the left, and the selected case's panel on the right.

import type { CaseState } from '@xiuhua/domain/workflow';
import { Card, Col, Empty, Row, Tabs } from 'antd';
import { type ReactNode, useState } from 'react';
import { useCase, useCaseCount } from '../api/hooks.ts';
import type { Case, CaseFilters } from '../api/types.ts';
import { defineMessages, useI18n } from '../i18n/index.tsx';
import { type CaseColumn, CaseTable, type CaseTableProps } from './CaseTable.tsx';

defineMessages({
  'workbench.pick': { zh: '在左侧选择一个案件', en: 'Select a case on the left' },
});

export interface QueueTab {
  key: string;
  /** i18n key */
  label: string;
  states: CaseState[];
}

export interface WorkbenchProps {
  tabs: readonly QueueTab[];
  /** Filters every tab shares (a unit's inbox: its unit id), and the order. */
  filters?: Omit<CaseFilters, 'state'>;
  columns: CaseColumn[];
  testId: string;
  /** The panel for the selected case; `done()` clears the selection (the case left this queue). */
  panel: (caseId: number | undefined, done: () => void) => ReactNode;
  tabBarExtraContent?: ReactNode;
  /** Selection and toolbar per tab (bulk actions). */
  table?: (tab: string) => Pick<CaseTableProps, 'rowSelection' | 'toolbar'>;
  /** Controlled tab and selection, for workbenches that move them (after creating a case). */
  tab?: string;
  onTabChange?: (tab: string) => void;
  selected?: number;
  onSelect?: (id: number | undefined) => void;
}

export function Workbench(props: WorkbenchProps) {
  const { t } = useI18n();
  const [ownTab, setOwnTab] = useState(props.tabs[0]!.key);
  const [ownSelected, setOwnSelected] = useState<number | undefined>();
  const tab = props.tab ?? ownTab;
  const selected = props.onSelect ? props.selected : ownSelected;
  const select = props.onSelect ?? setOwnSelected;
  const current = props.tabs.find((x) => x.key === tab) ?? props.tabs[0]!;
  return (
    <Row gutter={12}>
      <Col xs={24} xl={15}>
        <Card size="small" styles={{ body: { paddingTop: 0 } }}>
          <Tabs
            activeKey={tab}
            onChange={(k) => {
              setOwnTab(k);
              props.onTabChange?.(k);
              select(undefined);
            }}
            items={props.tabs.map((x) => ({
              key: x.key,
              label: <QueueTabLabel label={t(x.label)} filters={{ ...props.filters, state: x.states }} />,
            }))}
            tabBarExtraContent={props.tabBarExtraContent}
          />
          <CaseTable
            filters={{ sort: 'due_at', order: 'asc', ...props.filters, state: current.states }}
            columns={props.columns}
            onRowClick={(row) => select(row.id)}
            selectedRowId={selected}
            testId={props.testId}
            {...props.table?.(tab)}
          />
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        {props.panel(selected, () => select(undefined))}
      </Col>
    </Row>
  );
}

function QueueTabLabel({ label, filters }: { label: string; filters: CaseFilters }) {
  const count = useCaseCount({ state: filters.state, unitId: filters.unitId });
  return (
    <span>
      {label} {count.data !== undefined && <span style={{ color: '#8c8c8c' }}>({count.data})</span>}
    </span>
  );
}

/** The panel frame: the selected case, or a hint to pick one. */
export function CasePanel({
  caseId,
  children,
}: {
  caseId: number | undefined;
  children: (row: Case) => ReactNode;
}) {
  const { t } = useI18n();
  const query = useCase(caseId);
  if (!query.data) {
    return <Card size="small">{query.isFetching ? null : <Empty description={t('workbench.pick')} />}</Card>;
  }
  return (
    <Card size="small" data-testid="case-panel">
      {children(query.data)}
    </Card>
  );
}
