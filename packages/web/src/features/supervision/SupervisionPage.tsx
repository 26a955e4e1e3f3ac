// 督办: open cases by unit and warning colour at a glance, the overdue list, one-click remind /
// urge / supervise / hold to account with a note, and the red list that feeds the bulletins.

import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { OPEN_STATES, type CaseState } from '@xiuhua/domain/workflow';
import type { CasePoints } from '@xiuhua/server/contract';
import { Button, Card, Col, Row, Table, Tabs } from 'antd';
import { useState } from 'react';
import { get } from '../../api/client.ts';
import { useUnits } from '../../api/hooks.ts';
import type { Case, CaseFilters, Colour } from '../../api/types.ts';
import { defineMessages, useI18n } from '../../i18n/index.tsx';
import { CaseActions } from '../../shared/CaseActions.tsx';
import { CaseSummary } from '../../shared/CaseSummary.tsx';
import { CaseTable } from '../../shared/CaseTable.tsx';
import { CasePanel } from '../../shared/Workbench.tsx';
import { COLOUR_HEX } from '../../shared/tags.tsx';
import { casesCsv } from './csv.ts';

defineMessages({
  'supervision.board': { zh: '各单位在办案件预警分布', en: 'Open cases by unit and colour' },
  'supervision.unit': { zh: '单位', en: 'Unit' },
  'supervision.total': { zh: '合计', en: 'Total' },
  'supervision.unassigned': { zh: '（中心在办）', en: '(at the centre)' },
  'supervision.overdue': { zh: '超时案件', en: 'Overdue' },
  'supervision.warning': { zh: '预警案件', en: 'Warnings' },
  'supervision.red': { zh: '红灯案件清单', en: 'Red list' },
  'supervision.all': { zh: '全部在办', en: 'All open' },
  'supervision.export': { zh: '导出清单（CSV）', en: 'Export (CSV)' },
  'supervision.filtered': { zh: '已筛选：{unit}', en: 'Filtered: {unit}' },
});

const OPEN = OPEN_STATES as CaseState[];
const COLOURS: Colour[] = ['blue', 'yellow', 'orange', 'red'];

/** Unit × colour counts of open cases, from the compact map points (one light query). */
function useBoard() {
  return useQuery({
    queryKey: ['cases', 'board'],
    queryFn: async () => {
      const fc = await get<CasePoints>('/api/cases/points', { state: OPEN, limit: 50000 });
      const byUnit = new Map<number | null, Record<Colour | 'total', number>>();
      for (const f of fc.features) {
        const key = f.properties.unitId;
        const row = byUnit.get(key) ?? { blue: 0, yellow: 0, orange: 0, red: 0, total: 0 };
        if (f.properties.colour) row[f.properties.colour as Colour]++;
        row.total++;
        byUnit.set(key, row);
      }
      return byUnit;
    },
  });
}

export default function SupervisionPage() {
  const { t } = useI18n();
  const board = useBoard();
  const units = useUnits();
  const [tab, setTab] = useState('red');
  const [unitId, setUnitId] = useState<number | undefined>();
  const [selected, setSelected] = useState<number | undefined>();
  const unitName = (id: number | null) =>
    id === null ? t('supervision.unassigned') : (units.data?.find((u) => u.id === id)?.name ?? String(id));
  // the worst first: most red, then most orange
  const boardRows = [...(board.data ?? new Map()).entries()]
    .map(([id, counts]) => ({ key: id ?? 0, unitId: id, name: unitName(id), ...counts }))
    .sort((a, b) => b.red - a.red || b.orange - a.orange || b.total - a.total);
  const filters: CaseFilters = {
    state: OPEN,
    ...(tab === 'red' ? { colour: ['red'] } : tab === 'warning' ? { colour: ['yellow', 'orange'] } : {}),
    ...(unitId ? { unitId } : {}),
    sort: 'due_at',
    order: 'asc',
  };
  return (
    <Row gutter={12}>
      <Col xs={24} xl={15}>
        <Card size="small" title={t('supervision.board')} style={{ marginBottom: 12 }}>
          <Table
            size="small"
            loading={board.isPending}
            dataSource={boardRows}
            pagination={false}
            scroll={{ y: 220 }}
            data-testid="supervision-board"
            onRow={(r) => ({ onClick: () => setUnitId(r.unitId ?? undefined), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('supervision.unit'), dataIndex: 'name', ellipsis: true },
              ...COLOURS.map((c) => ({
                title: (
                  <span style={{ color: c === 'yellow' ? '#ad8b00' : COLOUR_HEX[c] }}>
                    {t(`colour.${c}`)}
                  </span>
                ),
                dataIndex: c,
                width: 110,
                align: 'right' as const,
              })),
              { title: t('supervision.total'), dataIndex: 'total', width: 80, align: 'right' as const },
            ]}
          />
        </Card>
        <Card size="small" styles={{ body: { paddingTop: 0 } }}>
          <Tabs
            activeKey={tab}
            onChange={(k) => {
              setTab(k);
              setSelected(undefined);
            }}
            items={[
              { key: 'red', label: t('supervision.red') },
              { key: 'warning', label: t('supervision.warning') },
              { key: 'all', label: t('supervision.all') },
            ]}
            tabBarExtraContent={<ExportButton filters={filters} />}
          />
          {unitId && (
            <Button size="small" onClick={() => setUnitId(undefined)} style={{ marginBottom: 8 }}>
              {t('supervision.filtered', { unit: unitName(unitId) })} ✕
            </Button>
          )}
          <CaseTable
            filters={filters}
            columns={['number', 'class', 'description', 'area', 'state', 'colour', 'unit', 'due']}
            onRowClick={(row) => setSelected(row.id)}
            selectedRowId={selected}
            testId="supervision-queue"
          />
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <SupervisionPanel caseId={selected} />
      </Col>
    </Row>
  );
}

function SupervisionPanel({ caseId }: { caseId: number | undefined }) {
  return (
    <CasePanel caseId={caseId}>
      {(row) => (
        <>
          <CaseSummary row={row} />
          <div style={{ marginTop: 12 }}>
            <CaseActions
              caseRow={row}
              actions={['remind', 'urge', 'supervise', 'hold_accountable']}
              extras={{ hold_accountable: { danger: true } }}
            />
          </div>
        </>
      )}
    </CasePanel>
  );
}

/** The list as CSV (UTF-8 with BOM so Excel opens the Chinese correctly). */
function ExportButton({ filters }: { filters: CaseFilters }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const rows: Case[] = [];
      for (let page = 1; ; page++) {
        const res = await get<{ items: Case[]; total: number }>('/api/cases', {
          ...filters,
          page,
          pageSize: 500,
        });
        rows.push(...res.items);
        if (rows.length >= res.total || res.items.length === 0) break;
      }
      const blob = new Blob([casesCsv(rows, t)], {
        type: 'text/csv;charset=utf-8',
      });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `cases-${new Date().toISOString().slice(0, 10)}.csv`;
      a.click();
      URL.revokeObjectURL(a.href);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="small" icon={<DownloadOutlined />} onClick={run} loading={busy} data-testid="export-csv">
      {t('supervision.export')}
    </Button>
  );
}
