// The buttons for what the signed-in user may do to a case now (the server says which:
// availableActions), each opening the action dialog. A workbench lists the actions it offers and
// may give some of them extra fields (a unit to dispatch to, a class to file under).

import { transitionOf, type CaseAction } from '@xiuhua/domain/workflow';
import { Button, Space } from 'antd';
import { type ReactNode, useState } from 'react';
import type { ActionInput } from '../api/hooks.ts';
import type { Case } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { ActionModal } from './ActionModal.tsx';

export interface ActionExtra {
  children?: ReactNode;
  initialValues?: ActionInput;
  extraFields?: string[];
  transform?: (values: ActionInput) => ActionInput;
  danger?: boolean;
  primary?: boolean;
}

export function CaseActions({
  caseRow,
  actions,
  extras = {},
  onDone,
  size = 'middle',
}: {
  caseRow: Case;
  actions: readonly CaseAction[];
  extras?: Partial<Record<CaseAction, ActionExtra>>;
  onDone?: (updated: Case) => void;
  size?: 'small' | 'middle' | 'large';
}) {
  const { pick } = useI18n();
  const [open, setOpen] = useState<CaseAction | null>(null);
  const offered = actions.filter((a) => caseRow.availableActions.includes(a));
  if (offered.length === 0) return null;
  const current = open ? extras[open] : undefined;
  return (
    <>
      <Space wrap size={6}>
        {offered.map((action, i) => (
          <Button
            key={action}
            size={size}
            type={extras[action]?.primary || (i === 0 && !extras[action]?.danger) ? 'primary' : 'default'}
            danger={extras[action]?.danger}
            onClick={() => setOpen(action)}
            data-action={action}
          >
            {pick(transitionOf(action))}
          </Button>
        ))}
      </Space>
      {open && (
        <ActionModal
          key={`${caseRow.id}:${open}`}
          caseRow={caseRow}
          action={open}
          open
          onClose={() => setOpen(null)}
          onDone={onDone}
          initialValues={current?.initialValues}
          extraFields={current?.extraFields}
          transform={current?.transform}
        >
          {current?.children}
        </ActionModal>
      )}
    </>
  );
}
