// 处置: the unit's inbox. Sign for what was dispatched to the unit, report back with text and
// after-photos, ask for more time, or return what is not the unit's — the deadline and its colour
// always in view, with what the dispatcher said and any 督办/催办 on the case.

import { transitionOf } from '@xiuhua/domain/workflow';
import { Alert, Space } from 'antd';
import { useCaseEvents, useMe } from '../../api/hooks.ts';
import type { Case } from '../../api/types.ts';
import { defineMessages, useI18n } from '../../i18n/index.tsx';
import { CaseActions } from '../../shared/CaseActions.tsx';
import { CaseSummary } from '../../shared/CaseSummary.tsx';
import { formatTime } from '../../shared/tags.tsx';
import { CasePanel, type QueueTab, Workbench } from '../../shared/Workbench.tsx';

defineMessages({
  'handling.tab.toSign': { zh: '待签收', en: 'To sign for' },
  'handling.tab.handling': { zh: '处置中', en: 'In hand' },
  'handling.tab.waiting': { zh: '延期待审', en: 'Awaiting postponement' },
  'handling.tab.checking': { zh: '待核查', en: 'Being checked' },
  'handling.instructions': { zh: '派遣说明：{text}', en: 'Dispatch note: {text}' },
  'handling.pressed': { zh: '{action}（{who}，{at}）：{text}', en: '{action} ({who}, {at}): {text}' },
});

/** 督办 and the like: the supervision side pressing on a case, newest first. */
const PRESSING = new Set(['remind', 'urge', 'supervise', 'hold_accountable']);

/** What the unit was told: the dispatcher's note, and every reminder, urging or supervision. */
function Instructions({ row }: { row: Case }) {
  const { t, pick } = useI18n();
  const events = useCaseEvents(row.id).data ?? [];
  const sent = [...events].reverse().find((e) => e.action === 'dispatch' || e.action === 'redispatch');
  const pressed = events.filter((e) => PRESSING.has(e.action)).reverse();
  if (!sent?.reason && pressed.length === 0) return null;
  return (
    <Space direction="vertical" size={6} style={{ width: '100%', marginTop: 12 }} data-testid="instructions">
      {sent?.reason && (
        <Alert type="info" showIcon title={t('handling.instructions', { text: sent.reason })} />
      )}
      {pressed.map((e) => (
        <Alert
          key={e.seq}
          type={e.action === 'remind' ? 'warning' : 'error'}
          showIcon
          data-action={e.action}
          title={t('handling.pressed', {
            action: pick(transitionOf(e.action as 'remind')),
            who: e.actor.name ?? '',
            at: formatTime(e.at),
            text: e.reason ?? '',
          })}
        />
      ))}
    </Space>
  );
}

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
              <Instructions row={row} />
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
