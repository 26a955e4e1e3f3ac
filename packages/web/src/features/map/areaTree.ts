// Areas as a tree (district → street → community) for the area filters of the map and overview.

import type { Area } from '../../api/types.ts';

export interface AreaTreeNode {
  value: string;
  title: string;
  children?: AreaTreeNode[];
}

/** Roots are the districts; a city node holds no cases of its own. */
export function buildAreaTree(areas: readonly Area[], lang: string): AreaTreeNode[] {
  const byParent = new Map<string | null, Area[]>();
  const codes = new Set(areas.map((a) => a.code));
  for (const a of areas) {
    const parent = a.parentCode && codes.has(a.parentCode) ? a.parentCode : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), a]);
  }
  const node = (a: Area): AreaTreeNode => {
    const children = byParent.get(a.code);
    return {
      value: a.code,
      title: lang === 'en' && a.nameEn ? a.nameEn : a.name,
      ...(children ? { children: children.map(node) } : {}),
    };
  };
  // The city level holds no cases of its own: start the tree at its districts.
  const roots = (byParent.get(null) ?? []).flatMap((a) =>
    a.level === 'city' ? (byParent.get(a.code) ?? []) : [a],
  );
  return roots.map(node);
}
