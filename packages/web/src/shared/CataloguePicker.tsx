// The national catalogue as a searchable select: type a code (0101), a name (井盖), a keyword or
// pinyin initials (jg) — the server ranks the matches. Value: "kind:code", e.g. "component:01010".

import { useQuery } from '@tanstack/react-query';
import { Select, Tag } from 'antd';
import { useDeferredValue, useState } from 'react';
import { get } from '../api/client.ts';
import type { CatalogueClass } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';

export function classValue(kind: string, code: string): string {
  return `${kind}:${code}`;
}

export function parseClassValue(
  value: string | undefined,
): { kind: 'component' | 'event'; classCode: string } | null {
  const m = value?.match(/^(component|event):(\d{5})$/);
  return m ? { kind: m[1] as 'component' | 'event', classCode: m[2]! } : null;
}

export function CataloguePicker({
  value,
  onChange,
  id,
  placeholder,
  autoFocus,
}: {
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
  placeholder?: string;
  autoFocus?: boolean;
}) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const q = useDeferredValue(text.trim());
  const all = useQuery({
    queryKey: ['catalogue', 'classes'],
    queryFn: () => get<CatalogueClass[]>('/api/catalogue/classes', { limit: 500 }),
    staleTime: Infinity,
  });
  const search = useQuery({
    queryKey: ['catalogue', 'search', q],
    queryFn: () => get<CatalogueClass[]>('/api/catalogue/classes', { q, limit: 30 }),
    enabled: q.length > 0,
    staleTime: 60_000,
  });
  const list = q ? (search.data ?? []) : (all.data ?? []);
  const name = (c: CatalogueClass) =>
    lang === 'en' && typeof c.nameEn === 'string' && c.nameEn ? c.nameEn : c.name;
  const selected = all.data?.find((c) => classValue(c.kind, c.code) === value);
  const options = list.map((c) => ({
    value: classValue(c.kind, c.code),
    label: `${c.code} ${name(c)}`,
    kind: c.kind,
  }));
  if (selected && !options.some((o) => o.value === value)) {
    options.unshift({ value: value!, label: `${selected.code} ${name(selected)}`, kind: selected.kind });
  }
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      value={value}
      onChange={(v) => {
        setText('');
        onChange?.(v);
      }}
      placeholder={placeholder}
      autoFocus={autoFocus}
      loading={search.isFetching}
      options={options}
      optionRender={(o) => (
        <span>
          <Tag color={o.data.kind === 'component' ? 'blue' : 'green'} style={{ marginInlineEnd: 6 }}>
            {t(`case.kind.${o.data.kind}`)}
          </Tag>
          {o.data.label}
        </span>
      )}
      style={{ width: '100%' }}
      notFoundContent={search.isFetching ? t('common.loading') : undefined}
      data-testid="catalogue-picker"
    />
  );
}
