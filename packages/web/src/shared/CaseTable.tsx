// The queue every workbench shows: a virtualised table that loads pages as it scrolls, so a queue
// of 10,000 cases stays smooth. Columns are dense, Chinese-first, and the case number opens the
// case. Workbenches add their own action column and selection.

import type { CaseState } from '@xiuhua/domain/workflow';
import { Table, type TableColumnsType, type TableProps, Typography } from 'antd';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useCaseQueue } from '../api/hooks.ts';
import type { Case, CaseFilters } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { ColourDot, Due, formatTime, StateTag } from './tags.tsx';

export type CaseColumn =
  | 'number'
  | 'class'
  | 'description'
  | 'area'
  | 'state'
  | 'colour'
  | 'unit'
  | 'due'
  | 'reportedAt'
  | 'source';

const DEFAULT_COLUMNS: CaseColumn[] = [
  'number',
  'class',
  'description',
  'area',
  'state',
  'colour',
  'unit',
  'due',
  'reportedAt',
];

export interface CaseTableProps {
  filters: CaseFilters;
  columns?: CaseColumn[];
  extraColumns?: TableColumnsType<Case>;
  rowSelection?: TableProps<Case>['rowSelection'];
  /** Rows above the table (counts, bulk buttons). */
  toolbar?: (info: { total: number; loaded: number; rows: Case[] }) => ReactNode;
  height?: number;
  testId?: string;
  onRowClick?: (row: Case) => void;
  selectedRowId?: number;
}

/**
 * The deadline and its warning colour are what a queue is read for: they come right after the
 * case number, whatever order a page lists its columns in, so that a narrow table (a workbench
 * beside its detail panel, a 1440 px screen) never hides them behind a horizontal scroll.
 */
export function leadingColumns(columns: readonly CaseColumn[]): CaseColumn[] {
  const first: CaseColumn[] = ['number', 'colour', 'due'];
  return [...first.filter((c) => columns.includes(c)), ...columns.filter((c) => !first.includes(c))];
}

export function useColumns(columns: CaseColumn[]): TableColumnsType<Case> {
  const { t } = useI18n();
  return useMemo(() => {
    const all: Record<CaseColumn, TableColumnsType<Case>[number]> = {
      number: {
        title: t('case.number'),
        dataIndex: 'number',
        width: 120,
        fixed: 'left',
        render: (_, row) => (
          <Link to={`/cases/${row.id}`} data-testid="case-link">
            {row.number}
          </Link>
        ),
      },
      class: { title: t('case.class'), dataIndex: 'className', width: 130, ellipsis: true },
      description: { title: t('case.description'), dataIndex: 'description', width: 220, ellipsis: true },
      area: {
        title: t('case.area'),
        width: 150,
        ellipsis: true,
        render: (_, row) => `${row.area.streetName} ${row.area.communityName}`,
      },
      state: {
        title: t('case.state'),
        dataIndex: 'state',
        width: 100,
        render: (s: CaseState) => <StateTag state={s} />,
      },
      colour: {
        title: t('case.colour'),
        dataIndex: 'colour',
        width: 100,
        render: (_, row) => <ColourDot colour={row.colour} />,
      },
      unit: {
        title: t('case.unit'),
        width: 140,
        ellipsis: true,
        render: (_, row) => row.assigneeUnit?.name ?? '—',
      },
      due: { title: t('case.due'), width: 170, render: (_, row) => <Due row={row} /> },
      reportedAt: { title: t('case.reportedAt'), dataIndex: 'reportedAt', width: 140, render: formatTime },
      source: {
        title: t('case.source'),
        dataIndex: 'source',
        width: 100,
        render: (s: string) => t(`source.${s}`),
      },
    };
    return leadingColumns(columns).map((c) => all[c]);
  }, [columns, t]);
}

function useAvailableHeight(ref: React.RefObject<HTMLDivElement | null>, fixed?: number): number {
  const [height, setHeight] = useState(fixed ?? 400);
  useEffect(() => {
    if (fixed) return;
    const measure = () => {
      const top = ref.current?.getBoundingClientRect().top ?? 200;
      setHeight(Math.max(240, window.innerHeight - top - 72));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [ref, fixed]);
  return height;
}

export function CaseTable(props: CaseTableProps) {
  const { t } = useI18n();
  const query = useCaseQueue(props.filters);
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const total = query.data?.pages[0]?.total ?? 0;
  const columns = useColumns(props.columns ?? DEFAULT_COLUMNS);
  const ref = useRef<HTMLDivElement>(null);
  const height = useAvailableHeight(ref, props.height);

  const onScroll: React.UIEventHandler<HTMLDivElement> = (event) => {
    const el = event.currentTarget;
    if (
      el.scrollHeight - el.scrollTop - el.clientHeight < 600 &&
      query.hasNextPage &&
      !query.isFetchingNextPage
    ) {
      void query.fetchNextPage();
    }
  };

  return (
    <div ref={ref} data-testid={props.testId}>
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
          marginBottom: 8,
          gap: 8,
          flexWrap: 'wrap',
        }}
      >
        <div>{props.toolbar?.({ total, loaded: rows.length, rows })}</div>
        <Typography.Text type="secondary" data-testid="queue-total" data-total={total}>
          {rows.length < total
            ? t('common.loaded', { loaded: rows.length, total })
            : t('common.total', { n: total })}
        </Typography.Text>
      </div>
      <Table<Case>
        virtual
        size="small"
        rowKey="id"
        columns={[...columns, ...(props.extraColumns ?? [])]}
        dataSource={rows}
        loading={query.isPending}
        pagination={false}
        scroll={{ x: 1100, y: height }}
        onScroll={onScroll}
        rowSelection={props.rowSelection}
        onRow={(row) =>
          ({
            onClick: props.onRowClick ? () => props.onRowClick?.(row) : undefined,
            'data-case-id': row.id,
            style: row.id === props.selectedRowId ? { background: '#e6f4ff' } : undefined,
          }) as React.HTMLAttributes<HTMLElement>
        }
      />
    </div>
  );
}
