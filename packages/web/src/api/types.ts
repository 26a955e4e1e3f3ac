// Shapes of the server's JSON: derived from the server's response schemas (@xiuhua/server/contract,
// type-only, so no server code reaches the bundle). Here only what the console adds of its own:
// the domain's unions where a schema says "string" (the server fills those fields from them),
// and the list filters it sends.

import type { ClassKind } from '@xiuhua/domain/catalogue';
import type { CaseAction, CaseState, Role } from '@xiuhua/domain/workflow';
import type { CatalogueClassRow, Case as CaseJson, Me as MeJson } from '@xiuhua/server/contract';

export type {
  Area,
  CaseEvent,
  Overview,
  Paged,
  RoutingSuggestion,
  UploadedPhoto,
} from '@xiuhua/server/contract';

export type Colour = 'blue' | 'yellow' | 'orange' | 'red';

export type Case = Omit<CaseJson, 'kind' | 'state' | 'colour' | 'availableActions'> & {
  kind: ClassKind;
  state: CaseState;
  colour: Colour | null;
  availableActions: CaseAction[];
};

export type Me = Omit<MeJson, 'roles'> & { roles: Role[] };

/** A class (or a row about one) with its kind as the domain's ClassKind. */
export type WithClassKind<T extends { kind: string }> = Omit<T, 'kind'> & { kind: ClassKind };

export type CatalogueClass = WithClassKind<CatalogueClassRow>;

/** A case's photo as the console holds it. */
export type Photo = CaseJson['photos'][number] & {
  /** Client-side only: still uploading. */
  pending?: boolean;
};

/** The list filters of GET /api/cases, as the console sends them. */
export interface CaseFilters {
  state?: CaseState[];
  colour?: Colour[];
  kind?: ClassKind;
  classCode?: string;
  areaCode?: string;
  unitId?: number;
  segmentId?: number[];
  source?: string;
  from?: string;
  to?: string;
  q?: string;
  sort?: 'reported_at' | 'due_at' | 'updated_at' | 'number';
  order?: 'asc' | 'desc';
}
