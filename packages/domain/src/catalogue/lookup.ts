import { classKey } from './parse.ts';
import type { Catalogue, ClassKind, MajorClass, MinorClass } from './types.ts';

export interface CatalogueIndex {
  major(kind: ClassKind, code: string): MajorClass | undefined;
  minor(kind: ClassKind, code: string): MinorClass | undefined;
  /** Minor classes of a major class, in catalogue order. */
  minorsOf(kind: ClassKind, majorCode: string): MinorClass[];
}

/** Constant-time lookups by (kind, code) over a parsed catalogue. */
export function indexCatalogue(catalogue: Catalogue): CatalogueIndex {
  const majors = new Map(catalogue.majors.map((major) => [classKey(major.kind, major.code), major]));
  const minors = new Map(catalogue.minors.map((minor) => [classKey(minor.kind, minor.code), minor]));
  const byMajor = new Map<string, MinorClass[]>();
  for (const minor of catalogue.minors) {
    const key = classKey(minor.kind, minor.code.slice(0, 2));
    const list = byMajor.get(key);
    if (list) list.push(minor);
    else byMajor.set(key, [minor]);
  }
  return {
    major: (kind, code) => majors.get(classKey(kind, code)),
    minor: (kind, code) => minors.get(classKey(kind, code)),
    minorsOf: (kind, majorCode) => [...(byMajor.get(classKey(kind, majorCode)) ?? [])],
  };
}
