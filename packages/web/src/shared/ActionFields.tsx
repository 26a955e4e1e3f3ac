// The fields an action's transition requires beyond a reason (the table's `requires`), for any
// page that offers the action: the unit a dispatch sends the case to (the units the server would
// accept, nearest first) and the case a merge joins (open cases of the class nearby); and why a
// unit returns a case (the second 非本单位职责 opens a jurisdiction dispute), naming the unit it
// believes responsible.

import type { NearbyCase, UnitPick } from '@xiuhua/server/contract';
import { useQuery } from '@tanstack/react-query';
import { Form, Select } from 'antd';
import { RETURN_KIND_NAMES, RETURN_KINDS } from '@xiuhua/domain/disputes';
import { get } from '../api/client.ts';
import { useUnits } from '../api/hooks.ts';
import type { Case } from '../api/types.ts';
import { defineMessages, useI18n } from '../i18n/index.tsx';

defineMessages({
  'action.returnKind': { zh: '退回原因类别', en: 'Why it is returned' },
  'action.suggestedUnit': { zh: '建议责任单位', en: 'Unit believed responsible' },
  'action.unit': { zh: '处置单位', en: 'Unit' },
  'action.centre': { zh: '接收中心', en: 'Receiving centre' },
  'action.unitRequired': { zh: '请选择处置单位', en: 'Choose the unit' },
  'action.target': { zh: '并入案件', en: 'Merge into' },
  'action.targetRequired': { zh: '请选择要并入的案件', en: 'Choose the case to merge into' },
  'action.targetNone': { zh: '附近没有同类的未结案件', en: 'No open case of this class nearby' },
});

/** 处置单位: the units this user may dispatch the case to (the dispatch desk names it its own way). */
export function UnitField({
  caseRow,
  label,
  autoFocus,
  purpose = 'dispatch',
}: {
  caseRow: Case;
  label?: string;
  autoFocus?: boolean;
  /** Dispatch picks a handling unit; 上报 and 下派 pick the command centre the case goes to. */
  purpose?: 'dispatch' | 'escalate' | 'hand_down';
}) {
  const { t } = useI18n();
  const shown = label ?? t(purpose === 'dispatch' ? 'action.unit' : 'action.centre');
  const units = useQuery({
    queryKey: ['lookups', 'dispatch-units', caseRow.id, purpose],
    queryFn: () => get<UnitPick[]>('/api/lookups/dispatch-units', { caseId: caseRow.id, for: purpose }),
    staleTime: 60_000,
  });
  return (
    <Form.Item label={shown} name="unitId" rules={[{ required: true, message: t('action.unitRequired') }]}>
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        autoFocus={autoFocus}
        loading={units.isPending}
        aria-label={shown}
        options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
      />
    </Form.Item>
  );
}

/** 并入案件: open cases of the same class within 500 m, nearest first. */
export function TargetCaseField({ caseRow }: { caseRow: Case }) {
  const { t } = useI18n();
  const nearby = useQuery({
    queryKey: ['cases', 'nearby', 'merge', caseRow.id],
    queryFn: () =>
      get<NearbyCase[]>('/api/cases/nearby', {
        lon: caseRow.location.lon,
        lat: caseRow.location.lat,
        kind: caseRow.kind,
        classCode: caseRow.classCode,
        radius: 500,
        excludeId: caseRow.id,
      }),
    retry: false,
  });
  return (
    <Form.Item
      label={t('action.target')}
      name="targetCaseId"
      rules={[{ required: true, message: t('action.targetRequired') }]}
    >
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        loading={nearby.isPending}
        aria-label={t('action.target')}
        notFoundContent={t('action.targetNone')}
        options={(nearby.data ?? []).map((c) => ({
          value: c.id,
          label: `${c.number} · ${c.distanceM} m · ${c.description.slice(0, 30)}`,
        }))}
      />
    </Form.Item>
  );
}

/** 退回: why (非本单位职责 by default) and, optionally, the unit believed responsible. */
export function ReturnFields({ caseRow }: { caseRow: Case }) {
  const { t, pick } = useI18n();
  const units = useHandlingUnitsOver(caseRow);
  const candidates = units.list.filter((u) => u.id !== caseRow.assigneeUnit?.id);
  return (
    <>
      <Form.Item label={t('action.returnKind')} name="returnKind" initialValue="not_our_duty">
        <Select
          aria-label={t('action.returnKind')}
          options={RETURN_KINDS.map((k) => ({ value: k, label: pick(RETURN_KIND_NAMES[k]) }))}
        />
      </Form.Item>
      <Form.Item label={t('action.suggestedUnit')} name="suggestedUnitId">
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('action.suggestedUnit')}
          loading={units.pending}
          options={candidates.map((u) => ({ value: u.id, label: u.name }))}
        />
      </Form.Item>
    </>
  );
}

/** The active handling units over a case's place (district, street, community), the street's own first. */
export function useHandlingUnitsOver(caseRow: Case) {
  const units = useUnits();
  const over = [caseRow.area.districtCode, caseRow.area.streetCode, caseRow.area.communityCode];
  const list = (units.data ?? [])
    .filter((u) => u.active && u.side === 'handling' && over.includes(u.areaCode))
    .sort((a, b) => b.areaCode.length - a.areaCode.length);
  return { list, pending: units.isPending };
}
