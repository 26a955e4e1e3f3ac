// 处置: the unit's inbox. Sign for what was dispatched to the unit, report back with text and
// after-photos, ask for more time, or return what is not the unit's — the deadline and its colour
// always in view.

import { useMe } from '../../api/hooks.ts';
import { defineMessages } from '../../i18n/index.tsx';
import { CaseActions } from '../../shared/CaseActions.tsx';
import { CaseSummary } from '../../shared/CaseSummary.tsx';
import { CasePanel, type QueueTab, Workbench } from '../../shared/Workbench.tsx';

defineMessages({
  'handling.tab.toSign': { zh: '待签收', en: 'To sign for' },
  'handling.tab.handling': { zh: '处置中', en: 'In hand' },
  'handling.tab.waiting': { zh: '延期待审', en: 'Awaiting postponement' },
  'handling.tab.checking': { zh: '待核查', en: 'Being checked' },
});

const TABS: QueueTab[] = [
  { key: 'dispatched', label: 'handling.tab.toSign', states: ['dispatched'] },
  { key: 'handling', label: 'handling.tab.handling', states: ['handling'] },
  { key: 'postponement', label: 'handling.tab.waiting', states: ['postponement_requested'] },
  { key: 'checking', label: 'handling.tab.checking', states: ['checking'] },
];

export default function HandlingPage() {
  const me = useMe().data!;
  return (
    <Workbench
      tabs={TABS}
      filters={{ unitId: me.unit.id }}
      columns={['number', 'class', 'description', 'area', 'colour', 'due', 'reportedAt']}
      testId="handling-queue"
      panel={(caseId, done) => (
        <CasePanel caseId={caseId}>
          {(row) => (
            <>
              <CaseSummary row={row} />
              <div style={{ marginTop: 12 }}>
                <CaseActions
                  caseRow={row}
                  actions={['sign', 'report_back', 'request_postponement', 'return']}
                  extras={{ report_back: { primary: true }, return: { danger: true } }}
                  onDone={(u) => u.state !== row.state && done()}
                />
              </div>
            </>
          )}
        </CasePanel>
      )}
    />
  );
}
