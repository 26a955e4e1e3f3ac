// Address search while the caller talks: type a street, community, road or landmark (or its
// pinyin initials), the server ranks the matches, Enter picks the first. Value: the hit's id.

import { useQuery } from '@tanstack/react-query';
import { Select, Tag, Typography } from 'antd';
import { useDeferredValue, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { hotlineApi, type PlaceHit } from './api.ts';

const KIND_COLOURS: Record<PlaceHit['kind'], string> = {
  district: 'purple',
  street: 'geekblue',
  community: 'cyan',
  road: 'orange',
  landmark: 'green',
  compound: 'gold',
  other: 'default',
};

export function placeLabel(h: PlaceHit): string {
  const where = [h.streetName, h.communityName].filter((x) => x && x !== h.name).join(' / ');
  return where ? `${h.name}（${where}）` : h.name;
}

export function PlaceSearch({
  id,
  value,
  picked,
  onPick,
  placeholder,
}: {
  id?: string;
  value?: string;
  /** The hit picked last (kept so its label shows after the options change). */
  picked?: PlaceHit | null;
  onPick: (hit: PlaceHit) => void;
  placeholder?: string;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const q = useDeferredValue(text.trim());
  const search = useQuery({
    queryKey: ['places', q],
    queryFn: () => hotlineApi.places(q),
    enabled: q.length > 0,
    staleTime: 60_000,
  });
  const hits = search.data ?? [];
  const options = hits.map((h) => ({ value: h.id, label: placeLabel(h), hit: h }));
  if (picked && value === picked.id && !options.some((o) => o.value === value))
    options.unshift({ value: picked.id, label: placeLabel(picked), hit: picked });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      value={value}
      placeholder={placeholder}
      options={options}
      loading={search.isFetching}
      defaultActiveFirstOption
      onChange={(v) => {
        const hit = options.find((o) => o.value === v)?.hit;
        setText('');
        if (hit) onPick(hit);
      }}
      optionRender={(o) => (
        <span data-testid="place-option">
          <Tag color={KIND_COLOURS[o.data.hit.kind]} style={{ marginInlineEnd: 6 }}>
            {t(`place.${o.data.hit.kind}`)}
          </Tag>
          {o.data.hit.name}
          {o.data.hit.matched !== o.data.hit.name && (
            <Typography.Text type="secondary"> · {o.data.hit.matched}</Typography.Text>
          )}
          <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
            {[o.data.hit.streetName, o.data.hit.communityName].filter(Boolean).join(' / ')}
          </Typography.Text>
        </span>
      )}
      notFoundContent={q && !search.isFetching ? t('common.none') : null}
      style={{ width: '100%' }}
      data-testid="place-search"
    />
  );
}
