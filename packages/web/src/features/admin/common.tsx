// Pieces the admin sections share: the editing drawer (server errors next to their field, typed
// values kept on failure), area/unit pickers, a time-limit input and the toolbar above a table.

import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { UNIT_TYPES } from '@xiuhua/domain/catalogue';
import {
  Alert,
  Button,
  Drawer,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  message,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableProps,
  TreeSelect,
  Typography,
} from 'antd';
import type { ColumnType } from 'antd/es/table';
import { type ReactNode, useMemo, useState } from 'react';
import { useAreas } from '../../api/hooks.ts';
import type { Area } from '../../api/types.ts';
import { type Translate, useI18n } from '../../i18n/index.tsx';
import { applyApiError } from '../../shared/forms.ts';
import { type AdminUnit, type TimeLimit, type TimeUnit, useAdminUnits } from './adminApi.ts';
import './messages.ts';

export const WORKING_UNITS: TimeUnit[] = ['workMinute', 'workHour', 'workDay'];
export const NATURAL_UNITS: TimeUnit[] = ['minute', 'hour', 'day'];

/** Minutes for comparing limits on one clock (1 workDay = 8 workHours), as the server's validator does. */
export function comparable(limit: TimeLimit | undefined): number | null {
  if (!limit || typeof limit.amount !== 'number') return null;
  const m: Record<TimeUnit, number> = {
    minute: 1,
    hour: 60,
    day: 1440,
    workMinute: 1,
    workHour: 60,
    workDay: 480,
  };
  return limit.amount * m[limit.unit];
}

export function useLimitText() {
  const { t } = useI18n();
  return (limit: TimeLimit | undefined) => (limit ? `${limit.amount} ${t(`tu.${limit.unit}`)}` : '—');
}

/** A/B/C handling limits in one short cell: `2/4/8 工作小时` when they share a unit. */
export function useLimitsText() {
  const { t } = useI18n();
  const one = useLimitText();
  return (limits: Partial<Record<'A' | 'B' | 'C', { handle?: TimeLimit }>>) => {
    const ls = (['A', 'B', 'C'] as const).map((a) => limits[a]?.handle);
    const unit = ls[0]?.unit;
    if (unit && ls.every((l) => l?.unit === unit))
      return `${ls.map((l) => l!.amount).join(' / ')} ${t(`tu.${unit}`)}`;
    return ls.map(one).join(' / ');
  };
}

export function useUnitTypeName() {
  const { lang } = useI18n();
  return (code: string | null | undefined) => {
    if (!code) return '—';
    const type = UNIT_TYPES.find((u) => u.code === code);
    return type ? type[lang] : code;
  };
}

export function useUnitTypeOptions() {
  const { lang } = useI18n();
  return UNIT_TYPES.map((u) => ({ value: u.code, label: `${u[lang]}（${u.code}）` }));
}

/** The whole-form submit: validation errors show at their fields, server errors too (or as a banner). */
export interface FormDrawerProps<V> {
  form: FormInstance<V>;
  title: ReactNode;
  /** Called once the drawer has closed (unmount the editor then). */
  onClosed: () => void;
  /** Resolve to close the drawer; throw to keep it open with the error shown. */
  onSubmit: (values: V) => Promise<void>;
  /** Form field names that server errors (`field`) may point at. */
  fields: readonly string[];
  /** Turn an error into field messages; returns a banner text or null (default: applyApiError). */
  mapError?: (form: FormInstance<V>, error: unknown) => string | null;
  initialValues?: Partial<V>;
  size?: number;
  okText?: string;
  children: ReactNode;
  testId?: string;
}

export function FormDrawer<V>(props: FormDrawerProps<V>) {
  const { t } = useI18n();
  const [open, setOpen] = useState(true);
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const finish = async (values: V) => {
    setBanner(null);
    setBusy(true);
    try {
      await props.onSubmit(values);
      setOpen(false);
    } catch (e) {
      // never reset: what was typed stays so it can be corrected
      setBanner(props.mapError ? props.mapError(props.form, e) : applyApiError(props.form, e, props.fields));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      open={open}
      title={props.title}
      size={props.size ?? 560}
      onClose={() => setOpen(false)}
      afterOpenChange={(visible) => {
        if (!visible) props.onClosed();
      }}
      data-testid={props.testId}
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={busy}
            onClick={() => props.form.submit()}
            data-testid="drawer-submit"
          >
            {props.okText ?? t('common.save')}
          </Button>
        </Space>
      }
    >
      {banner && (
        <Alert
          type="error"
          showIcon
          title={banner}
          role="alert"
          style={{ marginBottom: 12, whiteSpace: 'pre-wrap' }}
        />
      )}
      <Form<V>
        form={props.form}
        layout="vertical"
        initialValues={props.initialValues as never}
        onFinish={finish}
        scrollToFirstError
        preserve
        size="middle"
      >
        {props.children}
        {/* Enter in any input submits */}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Drawer>
  );
}

interface TreeNode {
  value: string | number;
  title: string;
  key: string | number;
  disabled?: boolean;
  children?: TreeNode[];
}

export function areaTree(areas: readonly Area[], pickName: (a: Area) => string): TreeNode[] {
  const nodes = new Map<string, TreeNode>();
  for (const a of areas)
    nodes.set(a.code, { value: a.code, key: a.code, title: `${pickName(a)}（${a.code}）` });
  const roots: TreeNode[] = [];
  for (const a of areas) {
    const node = nodes.get(a.code)!;
    const parent = a.parentCode ? nodes.get(a.parentCode) : undefined;
    if (parent) {
      parent.children ??= [];
      parent.children.push(node);
    } else roots.push(node);
  }
  return roots;
}

export function useAreaName() {
  const areas = useAreas();
  const { lang } = useI18n();
  const byCode = useMemo(() => new Map((areas.data ?? []).map((a) => [a.code, a])), [areas.data]);
  return (code: string | null | undefined) => {
    if (!code) return '—';
    const a = byCode.get(code);
    return a ? (lang === 'en' && a.nameEn ? a.nameEn : a.name) : code;
  };
}

/** Area picker over useAreas(): city → district → street → community. */
export function AreaTreeSelect(props: {
  id?: string;
  value?: string | null;
  onChange?: (v: string | null) => void;
  allowClear?: boolean;
  placeholder?: string;
  levels?: readonly string[];
  'aria-label'?: string;
}) {
  const areas = useAreas();
  const { lang } = useI18n();
  const tree = useMemo(() => {
    const list = (areas.data ?? []).filter((a) => !props.levels || props.levels.includes(a.level));
    return areaTree(list, (a) => (lang === 'en' && a.nameEn ? a.nameEn : a.name));
  }, [areas.data, lang, props.levels]);
  return (
    <TreeSelect
      id={props.id}
      aria-label={props['aria-label']}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.((v as string | undefined) ?? null)}
      treeData={tree}
      loading={areas.isPending}
      allowClear={props.allowClear}
      placeholder={props.placeholder}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandedKeys={tree.map((n) => n.key)}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
    />
  );
}

/** Units as a tree by parent; `excludeId` and its sub-units cannot be picked (no cycles). */
export function unitTree(units: readonly AdminUnit[], excludeId?: number): TreeNode[] {
  const nodes = new Map<number, TreeNode>();
  for (const u of units)
    nodes.set(u.id, { value: u.id, key: u.id, title: `${u.name}（${u.code}）${u.active ? '' : ' ✕'}` });
  const roots: TreeNode[] = [];
  for (const u of [...units].sort((a, b) => a.id - b.id)) {
    const node = nodes.get(u.id)!;
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    if (parent) {
      parent.children ??= [];
      parent.children.push(node);
    } else roots.push(node);
  }
  if (excludeId !== undefined) {
    const disable = (n: TreeNode) => {
      n.disabled = true;
      n.children?.forEach(disable);
    };
    const own = nodes.get(excludeId);
    if (own) disable(own);
  }
  return roots;
}

export function UnitTreeSelect(props: {
  id?: string;
  value?: number | null;
  onChange?: (v: number | null) => void;
  allowClear?: boolean;
  excludeId?: number;
  placeholder?: string;
  'aria-label'?: string;
}) {
  const units = useAdminUnits();
  const tree = useMemo(() => unitTree(units.data ?? [], props.excludeId), [units.data, props.excludeId]);
  return (
    <TreeSelect
      id={props.id}
      aria-label={props['aria-label']}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.((v as number | undefined) ?? null)}
      treeData={tree}
      loading={units.isPending}
      allowClear={props.allowClear}
      placeholder={props.placeholder}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      popupMatchSelectWidth={false}
      listHeight={360}
      style={{ width: '100%' }}
    />
  );
}

/** `{ amount, unit }` as one control, so one Form.Item (with its label and rules) holds it. */
export function TimeLimitInput(props: {
  id?: string;
  value?: Partial<TimeLimit> | null;
  onChange?: (v: Partial<TimeLimit> | null) => void;
  units: readonly TimeUnit[];
  allowEmpty?: boolean;
  placeholder?: string;
  'aria-label'?: string;
}) {
  const { t } = useI18n();
  const unit =
    props.value?.unit && props.units.includes(props.value.unit) ? props.value.unit : props.units[1];
  return (
    <Space.Compact style={{ width: '100%' }}>
      <InputNumber
        id={props.id}
        aria-label={props['aria-label']}
        value={props.value?.amount ?? null}
        min={1}
        max={10000}
        precision={0}
        placeholder={props.placeholder}
        style={{ width: '42%' }}
        onChange={(amount) => {
          if (amount === null && props.allowEmpty) props.onChange?.(null);
          else props.onChange?.({ amount: amount ?? undefined, unit });
        }}
      />
      <Select
        aria-label={`${props['aria-label'] ?? ''} unit`}
        value={unit}
        style={{ width: '58%' }}
        options={props.units.map((u) => ({ value: u, label: t(`tu.${u}`) }))}
        onChange={(u) => props.onChange?.({ amount: props.value?.amount, unit: u })}
      />
    </Space.Compact>
  );
}

/** Search box, filters, count and the create button above a table. */
export function Toolbar(props: {
  search?: { value: string; onChange: (v: string) => void; placeholder?: string; width?: number };
  filters?: ReactNode;
  count?: ReactNode;
  actions?: ReactNode;
  /** The primary `+ 新建…` button at the right end. */
  create?: { label: ReactNode; onClick: () => void };
}) {
  const { t } = useI18n();
  return (
    <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap', marginBottom: 8 }}>
      {props.search && (
        <Input.Search
          allowClear
          aria-label={t('common.search')}
          placeholder={props.search.placeholder ?? t('admin.searchPlaceholder')}
          value={props.search.value}
          onChange={(e) => props.search?.onChange(e.target.value)}
          style={{ width: props.search.width ?? 240 }}
        />
      )}
      {props.filters}
      <Typography.Text type="secondary" style={{ marginInlineStart: 4 }}>
        {props.count}
      </Typography.Text>
      <div style={{ flex: 1 }} />
      {props.actions}
      {props.create && (
        <Button type="primary" icon={<PlusOutlined />} onClick={props.create.onClick}>
          {props.create.label}
        </Button>
      )}
    </div>
  );
}

/** A list table as the sections show it: compact, bordered, keyed by id, 50 rows a page. */
export function AdminTable<T extends object>(props: TableProps<T>) {
  return (
    <Table<T>
      rowKey="id"
      size="small"
      bordered
      pagination={{ pageSize: 50, size: 'small', hideOnSinglePage: true }}
      {...props}
    />
  );
}

/** The last column of an editable list: edit, and delete after a confirmation. */
export function editDeleteColumn<T>(
  t: Translate,
  cell: (row: T) => { onEdit: () => void; confirm: ReactNode; onDelete: () => unknown; history?: ReactNode },
): ColumnType<T> {
  return {
    title: t('common.actions'),
    key: 'actions',
    width: 150,
    render: (_, row) => {
      const c = cell(row);
      return (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Button type="link" size="small" onClick={c.onEdit}>
            {t('common.edit')}
          </Button>
          {/* a promise returned keeps the confirm button loading until it settles */}
          <Popconfirm title={c.confirm} onConfirm={c.onDelete}>
            <Button type="link" size="small" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
          {c.history}
        </span>
      );
    },
  };
}

/** `已创建：X` / `已保存：X` after the editor drawer saved a row. */
export function savedText(t: Translate, created: boolean, name: string): string {
  return `${created ? t('admin.created') : t('admin.saved')}：${name}`;
}

/**
 * Changes made from a table row (toggle, delete): refresh the list under `queryKey` afterwards,
 * confirm with `done` when given, and show a failure as a message. Render `holder` once.
 */
export function useRowActions(queryKey: readonly unknown[]) {
  const queryClient = useQueryClient();
  const [msg, holder] = message.useMessage();
  const refresh = () => queryClient.invalidateQueries({ queryKey });
  const act = async (fn: () => Promise<unknown>, done?: string) => {
    try {
      await fn();
      await refresh();
      if (done) void msg.success(done);
    } catch (e) {
      void msg.error((e as Error).message);
    }
  };
  return { act, refresh, msg, holder };
}

export function includesText(haystack: (string | null | undefined)[], needle: string): boolean {
  const q = needle.trim().toLowerCase();
  if (!q) return true;
  return haystack.some((h) => h?.toLowerCase().includes(q));
}

export const panelStyle = {
  background: '#fff',
  padding: 12,
  border: '1px solid #f0f0f0',
  borderRadius: 4,
} as const;
