// 案件查询: every case the user may see, filtered by number/text, state, colour, class, street,
// source and period. Filters live in the URL so a search can be bookmarked or shared.

import { CASE_SOURCES, CASE_STATES, STATE_NAMES, type CaseState } from '@xiuhua/domain/workflow';
import { Button, Card, DatePicker, Form, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useAreas } from '../../api/hooks.ts';
import type { CaseFilters, Colour } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { CaseTable } from '../../shared/CaseTable.tsx';

interface FilterValues {
  q?: string;
  state?: CaseState[];
  colour?: Colour[];
  classCode?: string;
  areaCode?: string;
  source?: string;
  period?: [Dayjs, Dayjs] | null;
}

export default function CasesPage() {
  const { t, pick } = useI18n();
  const [params, setParams] = useSearchParams();
  const areas = useAreas();
  const [form] = Form.useForm<FilterValues>();
  const filters = useMemo<CaseFilters>(() => {
    const f: CaseFilters = { sort: 'reported_at', order: 'desc' };
    const q = params.get('q');
    if (q) f.q = q;
    const states = params.getAll('state') as CaseState[];
    if (states.length) f.state = states;
    const colours = params.getAll('colour') as Colour[];
    if (colours.length) f.colour = colours;
    for (const key of ['classCode', 'areaCode', 'source', 'from', 'to'] as const) {
      const v = params.get(key);
      if (v) f[key] = v;
    }
    return f;
  }, [params]);

  const apply = (v: FilterValues) => {
    const next = new URLSearchParams();
    if (v.q) next.set('q', v.q.trim());
    for (const s of v.state ?? []) next.append('state', s);
    for (const c of v.colour ?? []) next.append('colour', c);
    if (v.classCode) next.set('classCode', v.classCode);
    if (v.areaCode) next.set('areaCode', v.areaCode);
    if (v.source) next.set('source', v.source);
    if (v.period) {
      next.set('from', v.period[0].startOf('day').toISOString());
      next.set('to', v.period[1].add(1, 'day').startOf('day').toISOString());
    }
    setParams(next);
  };

  return (
    <Card size="small">
      <Form<FilterValues>
        form={form}
        layout="inline"
        onFinish={apply}
        style={{ marginBottom: 12, rowGap: 8 }}
        initialValues={{
          q: filters.q,
          state: filters.state,
          colour: filters.colour,
          classCode: filters.classCode,
          areaCode: filters.areaCode,
          source: filters.source,
          period:
            filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to).subtract(1, 'day')] : null,
        }}
      >
        <Form.Item name="q" label={t('common.search')} rules={[{ max: 100 }]}>
          <Input
            allowClear
            placeholder={`${t('case.number')} / ${t('case.description')} / ${t('case.address')}`}
            style={{ width: 220 }}
          />
        </Form.Item>
        <Form.Item name="state" label={t('case.state')}>
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            style={{ width: 200 }}
            options={CASE_STATES.map((s) => ({ value: s, label: pick(STATE_NAMES[s]) }))}
          />
        </Form.Item>
        <Form.Item name="colour" label={t('case.colour')}>
          <Select
            mode="multiple"
            allowClear
            style={{ width: 160 }}
            options={(['blue', 'yellow', 'orange', 'red'] as const).map((c) => ({
              value: c,
              label: t(`colour.${c}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="classCode"
          label={t('case.class')}
          rules={[{ pattern: /^\d{2,5}$/, message: '2–5 digits' }]}
        >
          <Input allowClear placeholder="01 / 0101 / 01010" style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="areaCode" label={t('case.area')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 180 }}
            options={(areas.data ?? [])
              .filter((a) => a.level === 'street' || a.level === 'community')
              .map((a) => ({ value: a.code, label: `${a.level === 'community' ? '　' : ''}${a.name}` }))}
          />
        </Form.Item>
        <Form.Item name="source" label={t('case.source')}>
          <Select
            allowClear
            style={{ width: 130 }}
            options={CASE_SOURCES.map((s) => ({ value: s, label: t(`source.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="period" label={t('common.period')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setParams(new URLSearchParams());
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form>
      <CaseTable
        filters={filters}
        columns={[
          'number',
          'class',
          'description',
          'area',
          'source',
          'state',
          'colour',
          'unit',
          'due',
          'reportedAt',
        ]}
        testId="cases-table"
      />
    </Card>
  );
}
