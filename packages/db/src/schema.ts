// Kysely table types. Keep in step with migrations/.

import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface AreasTable {
  code: string;
  level: 'city' | 'district' | 'street' | 'community';
  parent_code: string | null;
  path: string;
  name: string;
  name_en: string | null;
  area_class: 'A' | 'B' | 'C';
  geometry: Json<unknown> | null;
  created_at: CreatedAt;
}

export interface GridCellsTable {
  code: string;
  community_code: string;
  geometry: Json<unknown>;
  imported_at: CreatedAt;
}

export interface RevisionsTable {
  name: string;
  revision: number;
}

export type UnitKind =
  | 'supervision_centre'
  | 'command_centre'
  | 'department'
  | 'branch'
  | 'squad'
  | 'street_office'
  | 'community_office'
  | 'enterprise';

export interface UnitsTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_en: string | null;
  kind: UnitKind;
  unit_type: string | null;
  parent_id: number | null;
  area_code: string;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  unit_id: number;
  roles: string[];
  phone: string | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: CreatedAt;
  expires_at: Timestamp;
  last_seen_at: DefaultedTimestamp;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  user_id: number;
  prefix: string;
  key_hash: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface ResponsibilityGridsTable {
  id: Generated<number>;
  code: string;
  name: string;
  grid_type: 'residential' | 'business' | 'institutional';
  street_code: string;
}

export interface ResponsibilityGridCellsTable {
  grid_id: number;
  cell_code: string;
}

export interface ResponsibilityGridInspectorsTable {
  grid_id: number;
  user_id: number;
}

export interface CatalogueMajorsTable {
  kind: 'component' | 'event';
  code: string;
  name: string;
  name_en: string | null;
}

export interface CatalogueClassesTable {
  id: Generated<number>;
  kind: 'component' | 'event';
  code: string;
  version: number;
  major_code: string;
  name: string;
  name_en: string | null;
  keywords: string[];
  filing_standard: string;
  closure_standard: string;
  urgency: 'normal' | 'urgent' | 'emergency';
  clock: 'working' | 'natural';
  default_unit_type: string;
  limits: Json<Record<string, Record<string, { amount: number; unit: string }>>>;
  active: Generated<boolean>;
  valid_from: DefaultedTimestamp;
  superseded_at: Timestamp | null;
  changed_by: number | null;
  change_note: string | null;
}

export interface RoutingRulesTable {
  id: Generated<number>;
  label: string | null;
  kind: 'component' | 'event' | null;
  class_code: string | null;
  area_code: string | null;
  level: 'community' | 'street' | 'district' | 'city' | null;
  unit_id: number;
  priority: Generated<number>;
  enabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
}

export interface CalendarOverridesTable {
  day: ColumnType<string, string, string>;
  working: boolean;
  note: string | null;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface CalendarYearsTable {
  year: number;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface SettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: DefaultedTimestamp;
  updated_by: number | null;
}

export interface CaseCountersTable {
  year: number;
  last_seq: number;
}

export interface CasesTable {
  id: Generated<number>;
  number: string;
  source: string;
  source_ref: string | null;
  kind: 'component' | 'event';
  class_id: number;
  class_code: string;
  description: string;
  address: string | null;
  lon: number;
  lat: number;
  cell_code: string;
  community_code: string;
  street_code: string;
  district_code: string;
  area_path: string;
  area_class: string;
  component_ref: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  photos: ColumnType<unknown[], string | undefined, string>;
  urgency: string;
  level: 'community' | 'street' | 'district' | 'city';
  state: string;
  suspended_from: string | null;
  assignee_unit_id: number | null;
  assignee_user_id: number | null;
  involved_unit_ids: ColumnType<number[], number[] | undefined, number[]>;
  merged_into_id: number | null;
  step: string | null;
  step_clock: Json<unknown> | null;
  due_at: Timestamp | null;
  colour: 'blue' | 'yellow' | 'orange' | 'red' | null;
  next_colour_at: Timestamp | null;
  sign_due_at: Timestamp | null;
  rework_count: Generated<number>;
  reopen_count: Generated<number>;
  postpone_count: Generated<number>;
  return_count: Generated<number>;
  satisfaction: string | null;
  version: Generated<number>;
  created_by: number | null;
  idempotency_key: string | null;
  reported_at: Timestamp;
  filed_at: Timestamp | null;
  dispatched_at: Timestamp | null;
  closed_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface CaseEventsTable {
  id: Generated<number>;
  case_id: number;
  seq: number;
  action: string;
  from_state: string | null;
  to_state: string;
  actor_user_id: number | null;
  actor_role: string;
  actor_unit_id: number | null;
  at: Timestamp;
  reason: string | null;
  data: Json<Record<string, unknown>>;
  attachments: Json<unknown[]>;
}

export interface PhotosTable {
  id: string;
  /** Relative to the photo directory, without extension: 'YYYY/MM/<id>'. */
  path: string;
  sha256: string;
  source_sha256: string;
  uploaded_by: number;
  width: number;
  height: number;
  bytes: number;
  taken_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface Database {
  areas: AreasTable;
  grid_cells: GridCellsTable;
  revisions: RevisionsTable;
  units: UnitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  responsibility_grids: ResponsibilityGridsTable;
  responsibility_grid_cells: ResponsibilityGridCellsTable;
  responsibility_grid_inspectors: ResponsibilityGridInspectorsTable;
  catalogue_majors: CatalogueMajorsTable;
  catalogue_classes: CatalogueClassesTable;
  routing_rules: RoutingRulesTable;
  calendar_overrides: CalendarOverridesTable;
  calendar_years: CalendarYearsTable;
  settings: SettingsTable;
  case_counters: CaseCountersTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  photos: PhotosTable;
}

export type CaseRow = Selectable<CasesTable>;
export type NewCase = Insertable<CasesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
export type UnitRow = Selectable<UnitsTable>;
export type UserRow = Selectable<UsersTable>;
export type AreaRow = Selectable<AreasTable>;
export type CatalogueClassRow = Selectable<CatalogueClassesTable>;
export type RoutingRuleRow = Selectable<RoutingRulesTable>;
export type PhotoRow = Selectable<PhotosTable>;
