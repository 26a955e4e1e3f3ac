// Kysely table types. Keep in step with migrations/.

import type { HotlineOutcome } from '@xiuhua/domain/channels';
import type { UnitKind, UnitSide } from '@xiuhua/domain/workflow';
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

export interface RoadsTable {
  id: Generated<number>;
  code: string;
  name: string;
  /** The city's road class (一类 / 二类 / 三类 by default): its code and label. */
  class_code: string;
  class_label: string;
  /** The street all its segments lie in; null when it crosses several. */
  street_code: string | null;
  updated_at: DefaultedTimestamp;
}

export interface RoadSegmentsTable {
  id: Generated<number>;
  code: string;
  road_id: number;
  /** A WGS84 LineString. */
  geometry: Json<unknown>;
  start_description: string | null;
  end_description: string | null;
  length_m: number;
  street_code: string;
  /** The unit cells it crosses, in the order it enters them. */
  cell_codes: ColumnType<string[], string[] | undefined, string[]>;
  updated_at: DefaultedTimestamp;
}

export interface RoadPostsTable {
  id: Generated<number>;
  level: string;
  /** Null for a duty-staff post: its people come from the unit's roster. */
  user_id: number | null;
  unit_id: number | null;
  area_code: string | null;
  road_id: number | null;
  segment_ids: ColumnType<number[], number[] | undefined, number[]>;
  agency: string | null;
  shift_code: string | null;
  /** YYYY-MM-DD (date columns are read as strings). */
  valid_from: ColumnType<string, string, string>;
  valid_to: ColumnType<string | null, string | null | undefined, string | null>;
  note: string | null;
  created_at: DefaultedTimestamp;
  created_by: number | null;
  ended_by: number | null;
}

export interface NightChecksTable {
  id: Generated<number>;
  name: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  segment_ids: number[];
  member_ids: number[];
  lead_user_id: number;
  note: string | null;
  created_by: number | null;
  created_at: DefaultedTimestamp;
  cancelled_at: Timestamp | null;
  cancelled_by: number | null;
}

export interface PlaceLimitRulesTable {
  id: Generated<number>;
  layer: 'road' | 'zone' | 'keyPlace';
  match: string;
  class_kind: 'component' | 'event' | null;
  class_code: string | null;
  /** A TimeLimit { amount, unit }. */
  handle: Json<unknown>;
  created_at: DefaultedTimestamp;
}

export interface ZonesTable {
  id: Generated<number>;
  code: string;
  name: string;
  zone_type: 'prohibited' | 'strict' | 'controlled';
  geometry: Json<unknown>;
  updated_at: DefaultedTimestamp;
}

export interface KeyPlacesTable {
  id: Generated<number>;
  code: string;
  name: string;
  place_type:
    | 'market'
    | 'metro_exit'
    | 'school_gate'
    | 'hospital_gate'
    | 'station'
    | 'residential'
    | 'scenic';
  geometry: Json<unknown>;
  updated_at: DefaultedTimestamp;
}

export interface RevisionsTable {
  name: string;
  revision: number;
}

export type { UnitKind, UnitSide } from '@xiuhua/domain/workflow';

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
  /** 监管分离: supervision, command or handling; only handling units take dispatched cases. */
  side: Generated<UnitSide>;
  /** A small street office whose people both handle and judge: separation of duties is waived. */
  dual_role: Generated<boolean>;
  created_at: CreatedAt;
  /** The duty schedule its steps' working time runs on (default: the office schedule). */
  schedule_id: Generated<number>;
  /** The user who keeps the unit's duty roster (besides the admin). */
  head_user_id: Generated<number | null>;
}

export interface DutyRostersTable {
  unit_id: number;
  holidays: 'off' | 'on';
  shifts: Json<unknown>;
  exceptions: Json<unknown>;
  updated_at: DefaultedTimestamp;
  updated_by: number | null;
}

export interface DutySchedulesTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_en: string | null;
  version: Generated<number>;
  periods: Json<unknown>;
  holidays: 'off' | 'on';
  updated_at: DefaultedTimestamp;
}

export interface DutyScheduleVersionsTable {
  schedule_id: number;
  version: number;
  periods: Json<unknown>;
  holidays: 'off' | 'on';
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

/** Failed sign-ins of an account (auth/throttle.ts). */
export interface LoginThrottlesTable {
  user_id: number;
  failures: number;
  locked_until: Timestamp | null;
}

/** Browsers (cookie token, hashed) and addresses (hashed) that signed into an account. */
export interface LoginKnownTable {
  user_id: number;
  kind: 'browser' | 'address';
  key_hash: string;
  last_login_at: Timestamp;
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
  /** The integration the key was issued for ('open311' | 'police110' | 'sensors'); null: a staff key. */
  integration: string | null;
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
  report_back_photo: Generated<'required' | 'optional'>;
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
  level: 'community' | 'segment' | 'street' | 'district' | 'city' | null;
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
  /** The imported arrangement's days ({ name, date, isOffDay }); empty = unpublished (provisional). */
  days: ColumnType<unknown, string | undefined, string>;
  /** The notice URLs. */
  papers: ColumnType<unknown, string | undefined, string>;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
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
  /** The source's own fields (leader instruction, petition, media, survey, sensor…): @xiuhua/domain/channels. */
  source_details: ColumnType<
    Record<string, string | number> | null,
    string | null | undefined,
    string | null
  >;
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
  level: 'community' | 'segment' | 'street' | 'district' | 'city';
  /** The command centre holding the case for dispatch; null = the centre over its whole area. */
  centre_unit_id: ColumnType<number | null, number | null | undefined, number | null>;
  state: string;
  suspended_from: string | null;
  assignee_unit_id: number | null;
  assignee_user_id: number | null;
  involved_unit_ids: ColumnType<number[], number[] | undefined, number[]>;
  merged_into_id: number | null;
  step: string | null;
  step_clock: Json<unknown> | null;
  /** The line explaining the running step's limit in force, { zh, en }; null once no clock runs. */
  limit_note: ColumnType<{ zh: string; en: string } | null, string | null | undefined, string | null>;
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
  /** sha256 of the report taken with idempotency_key (cases/create.ts); null before 2026-12. */
  idempotency_fingerprint: string | null;
  /** The road segment, zone and key place the position resolves to (geo/roads.ts). */
  segment_id: Generated<number | null>;
  zone_id: Generated<number | null>;
  key_place_id: Generated<number | null>;
  /** When those were decided; null: filed before any segments existed, awaiting the back-fill. */
  roads_resolved_at: Generated<Date | null>;
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
  /** Null for anonymous uploads (origin 'public'). */
  uploaded_by: number | null;
  origin: ColumnType<'staff' | 'public', 'staff' | 'public' | undefined, never>;
  /** sha256 of the claim handed to an anonymous uploader. */
  claim_hash: string | null;
  /** Public uploads the sweep found attached to a case (never swept). */
  kept_at: Timestamp | null;
  /** EXIF position of the original (WGS84, as cameras write it): staff only. */
  gps_lon: number | null;
  gps_lat: number | null;
  gps_altitude: number | null;
  gps_direction: number | null;
  width: number;
  height: number;
  bytes: number;
  taken_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface CitizenReportsTable {
  case_id: number;
  tracking_code: string;
  idempotency_key: string | null;
  ip_hash: string;
  created_at: Timestamp;
  satisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied' | null;
  rating_comment: string | null;
  rated_at: Timestamp | null;
}

export interface CitizenPortalKeyTable {
  id: number;
  secret: Buffer;
}

export interface PatrolShiftsTable {
  /** Made by the phone when going on duty. */
  id: string;
  user_id: number;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  received_at: CreatedAt;
}

export interface PatrolPointsTable {
  user_id: number;
  at: Timestamp;
  lon: number;
  lat: number;
  accuracy: number | null;
  received_at: CreatedAt;
}

export interface ComponentsTable {
  id: Generated<number>;
  code: string;
  class_code: string;
  name: string;
  lon: number;
  lat: number;
  cell_code: string;
  area_path: string;
  address: string | null;
  owner_unit_id: number | null;
  maintainer_unit_id: number | null;
  status: 'normal' | 'damaged' | 'missing' | 'retired';
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
}

export interface DevicesTable {
  id: Generated<number>;
  device_id: string;
  device_type: string;
  name: string;
  component_id: number | null;
  lon: number | null;
  lat: number | null;
  active: Generated<boolean>;
  /** alarm type → the class of the case it opens. */
  alarm_classes: Json<Record<string, { kind: 'component' | 'event'; classCode: string }>>;
  last_alarm_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
}

export interface SensorAlarmsTable {
  id: Generated<number>;
  device_id: number;
  alarm_type: string;
  dedup_key: string;
  alarm_id: string | null;
  alarm_at: Timestamp;
  reading: number | null;
  unit: string | null;
  lon: number;
  lat: number;
  case_id: number;
  outcome: 'created' | 'attached';
  received_at: Timestamp;
  received_by: number | null;
}

export interface PlacesTable {
  id: Generated<number>;
  kind: 'road' | 'landmark' | 'compound' | 'other';
  category: string | null;
  name: string;
  aliases: ColumnType<string[], string[] | undefined, string[]>;
  /** Lower-case pinyin initials and full pinyin of the name and aliases, space-separated. */
  search_keys: string;
  lon: number;
  lat: number;
  area_code: string;
  source: string;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
}

export type { HotlineOutcome };

export interface HotlineCallsTable {
  id: Generated<number>;
  caller_phone: string | null;
  call_ref: string | null;
  line: ColumnType<'12345' | '962000' | 'other', '12345' | '962000' | 'other' | undefined, never>;
  operator_id: number;
  operator_unit_id: number;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  outcome: HotlineOutcome | null;
  case_id: number | null;
  first_reply: string | null;
  first_reply_at: Timestamp | null;
  note: string | null;
}

export interface PoliceTransfersTable {
  id: Generated<number>;
  direction: 'inbound' | 'outbound';
  reference: string;
  call_id: number | null;
  case_id: number | null;
  category: string | null;
  payload: Json<Record<string, unknown>>;
  status: 'received' | 'pending' | 'delivered' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_error: string | null;
  delivered_at: Timestamp | null;
  external_ref: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export type Open311Datatype =
  | 'string'
  | 'number'
  | 'datetime'
  | 'text'
  | 'singlevaluelist'
  | 'multivaluelist';

export interface Open311AttributesTable {
  kind: 'component' | 'event';
  class_code: string;
  code: string;
  position: number;
  variable: Generated<boolean>;
  datatype: Open311Datatype;
  required: Generated<boolean>;
  datatype_description: string | null;
  description: string;
  values: ColumnType<{ key: string; name: string }[], string | undefined, string>;
}

export interface Open311RequestsTable {
  case_id: number;
  client_user_id: number;
  token: string;
  jurisdiction_id: string | null;
  attributes: ColumnType<Record<string, string | string[]>, string | undefined, string>;
  address_id: string | null;
  zipcode: string | null;
  media_url: string | null;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  device_id: string | null;
  account_id: string | null;
  created_at: Timestamp;
}

// Assessment facts and their per-day term counts (0010): derived from case_events, see docs/assessment.md.
export interface AssessmentFactsTable {
  case_id: number;
  ord: number;
  kind: string;
  outcome: string;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  started_at: Timestamp;
  due_at: Timestamp | null;
  done_at: Timestamp | null;
  placed_at: Timestamp | null;
  unit_id: number | null;
  user_id: number | null;
  role: string | null;
  street_code: string;
  community_code: string;
  cell_code: string;
  grid_code: string | null;
}

export interface AssessmentRollupTable {
  level: string;
  day: number;
  term: string;
  subject: string;
  done_day: number;
  n: number;
}

// Assessment schemes and publications (0011): configs are @xiuhua/domain/assessment SchemeConfig.
/** numeric columns arrive as strings (exact decimals); callers convert with Number(). */
type Numeric = ColumnType<string, number | string, number | string>;

export interface AssessmentSchemesTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_en: string | null;
  kind: 'composite' | 'deduction';
  level: 'unit' | 'street' | 'community' | 'grid' | 'person';
  config: Json<unknown>;
  active: Generated<boolean>;
  created_by: number | null;
  created_at: CreatedAt;
  updated_by: number | null;
  updated_at: DefaultedTimestamp;
}

export interface SupervisionFindingsTable {
  id: Generated<number>;
  scheme_id: number;
  subject_id: string;
  found_on: ColumnType<string, string, string>;
  finding_code: string;
  points: Numeric;
  count: number;
  note: string | null;
  case_id: number | null;
  recorded_by: number;
  recorded_at: Timestamp;
  voided_by: number | null;
  voided_at: Timestamp | null;
  void_reason: string | null;
}

export interface AssessmentCorrectionsTable {
  id: Generated<number>;
  scheme_id: number;
  subject_id: string;
  period_key: string;
  corrects_period: string;
  points: Numeric;
  note: string;
  created_by: number;
  created_at: Timestamp;
}

export interface AssessmentPublicationsTable {
  id: Generated<number>;
  scheme_id: number;
  period_key: string;
  period_kind: 'month' | 'quarter';
  period_start: Timestamp;
  period_end: Timestamp;
  scheme: Json<unknown>;
  note: string | null;
  published_by: number;
  published_at: Timestamp;
}

export interface AssessmentResultsTable {
  publication_id: number;
  subject_id: string;
  subject: Json<unknown>;
  tier: string;
  tier_name: string;
  score: Numeric | null;
  grade: string | null;
  rank: number | null;
  rank_from_bottom: number | null;
  flag: 'red' | 'black' | null;
  previous_score: Numeric | null;
  previous_rank: number | null;
  fund_group: string | null;
  fund: Numeric | null;
  details: Json<unknown>;
}

export interface AssessmentFiguresTable {
  publication_id: number;
  subject_id: string;
  indicator: string;
  numerator: number;
  denominator: number;
  value: Numeric | null;
  /** bigint[]: elements may arrive as strings. */
  numerator_cases: ColumnType<(number | string)[], number[], never>;
  denominator_cases: ColumnType<(number | string)[], number[], never>;
}

export interface AccountabilityItemsTable {
  id: Generated<number>;
  scheme_id: number;
  publication_id: number;
  subject_id: string;
  subject_name: string;
  kind: 'black_consecutive' | 'black_cumulative' | 'quarter_last' | 'quarter_last_2' | 'quarter_last_3';
  period_key: string;
  detail: string;
  status: Generated<'open' | 'handled'>;
  note: string | null;
  handled_by: number | null;
  handled_at: Timestamp | null;
  created_at: Timestamp;
}

/** Admin history (migration 20261207140500): one row per admin change, before and after. */
export interface AdminEventsTable {
  id: Generated<number>;
  at: Timestamp;
  actor_user_id: number | null;
  entity: string;
  entity_key: string;
  action: string;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
}

/** Timed items (migration 20261207210000): deadlines beyond a case's step, timed like one. */
export interface TimedItemsTable {
  id: Generated<number>;
  subject_type: string;
  subject_id: string;
  case_id: number | null;
  owner_unit_id: number;
  owner_area_path: string;
  title: string;
  started_at: Timestamp;
  limit_minutes: number;
  clock_kind: 'natural' | 'working';
  /** The step clock (@xiuhua/domain/calendar StepClock) with its duty schedule version. */
  clock: Json<unknown>;
  due_at: Timestamp | null;
  colour: 'blue' | 'yellow' | 'orange' | 'red' | null;
  next_colour_at: Timestamp | null;
  status: Generated<'open' | 'done' | 'cancelled'>;
  done_at: Timestamp | null;
}

/** What happened to a timed item, who and when; append-only. */
export interface TimedItemEventsTable {
  id: Generated<number>;
  timed_item_id: number;
  seq: number;
  action: 'open' | 'remind' | 'urge' | 'supervise' | 'done' | 'cancelled';
  actor_user_id: number | null;
  actor_unit_id: number | null;
  at: Timestamp;
  reason: string | null;
}

/** Appeals (migration 20261207210100): submitted → under_review → upheld | overturned. */
/** 权属争议 (migration 20261207214000_disputes; docs/disputes.md). */
export interface JurisdictionDisputesTable {
  id: Generated<number>;
  case_id: number;
  state: 'open' | 'ruled' | 'appealed' | 'final';
  /** The command centre that rules (the one holding the case when the dispute opened). */
  centre_unit_id: number;
  /** The disputed returns: [{ seq, unitId, suggestedUnitId }]. */
  returns: Json<{ seq: number; unitId: number; suggestedUnitId: number | null }[]>;
  opened_at: Timestamp;
  timed_item_id: number | null;
  responsible_unit_id: number | null;
  ruled_by: number | null;
  ruled_at: Timestamp | null;
  ruling_reason: string | null;
  appeal_id: number | null;
  final_by: number | null;
  final_at: Timestamp | null;
  version: Generated<number>;
}

export interface AppealsTable {
  id: Generated<number>;
  subject_type: string;
  subject_id: string;
  case_id: number | null;
  state: 'submitted' | 'under_review' | 'upheld' | 'overturned';
  reason: string;
  submitted_by: number;
  submitter_unit_id: number;
  submitted_at: Timestamp;
  review_unit_ids: ColumnType<number[], number[], number[]>;
  subject_decided_by: number | null;
  timed_item_id: number;
  reviewer_id: number | null;
  decision_reason: string | null;
  decided_by: number | null;
  decided_at: Timestamp | null;
  version: Generated<number>;
}

/** An appeal's moves, each naming who; append-only. */
export interface AppealEventsTable {
  id: Generated<number>;
  appeal_id: number;
  seq: number;
  action: 'submit' | 'start_review' | 'uphold' | 'overturn';
  from_state: string | null;
  to_state: string;
  actor_user_id: number;
  actor_unit_id: number | null;
  at: Timestamp;
  reason: string | null;
}

export interface Database {
  areas: AreasTable;
  grid_cells: GridCellsTable;
  revisions: RevisionsTable;
  roads: RoadsTable;
  road_segments: RoadSegmentsTable;
  road_posts: RoadPostsTable;
  night_checks: NightChecksTable;
  place_limit_rules: PlaceLimitRulesTable;
  zones: ZonesTable;
  key_places: KeyPlacesTable;
  units: UnitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_throttles: LoginThrottlesTable;
  login_known: LoginKnownTable;
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
  places: PlacesTable;
  hotline_calls: HotlineCallsTable;
  police_transfers: PoliceTransfersTable;
  components: ComponentsTable;
  devices: DevicesTable;
  sensor_alarms: SensorAlarmsTable;
  patrol_shifts: PatrolShiftsTable;
  patrol_points: PatrolPointsTable;
  citizen_reports: CitizenReportsTable;
  citizen_portal_key: CitizenPortalKeyTable;
  open311_attributes: Open311AttributesTable;
  open311_requests: Open311RequestsTable;
  assessment_facts: AssessmentFactsTable;
  assessment_rollup: AssessmentRollupTable;
  assessment_schemes: AssessmentSchemesTable;
  supervision_findings: SupervisionFindingsTable;
  assessment_corrections: AssessmentCorrectionsTable;
  assessment_publications: AssessmentPublicationsTable;
  assessment_results: AssessmentResultsTable;
  assessment_figures: AssessmentFiguresTable;
  accountability_items: AccountabilityItemsTable;
  admin_events: AdminEventsTable;
  duty_schedules: DutySchedulesTable;
  duty_schedule_versions: DutyScheduleVersionsTable;
  duty_rosters: DutyRostersTable;
  timed_items: TimedItemsTable;
  timed_item_events: TimedItemEventsTable;
  appeals: AppealsTable;
  appeal_events: AppealEventsTable;
  jurisdiction_disputes: JurisdictionDisputesTable;
}

export type CaseRow = Selectable<CasesTable>;
export type NewCase = Insertable<CasesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
export type TimedItemRow = Selectable<TimedItemsTable>;
export type AppealRow = Selectable<AppealsTable>;
export type DisputeRow = Selectable<JurisdictionDisputesTable>;
export type UnitRow = Selectable<UnitsTable>;
export type DutyScheduleRow = Selectable<DutySchedulesTable>;
export type UserRow = Selectable<UsersTable>;
export type AreaRow = Selectable<AreasTable>;
export type CatalogueClassRow = Selectable<CatalogueClassesTable>;
export type RoutingRuleRow = Selectable<RoutingRulesTable>;
export type PhotoRow = Selectable<PhotosTable>;
export type ComponentRow = Selectable<ComponentsTable>;
export type DeviceRow = Selectable<DevicesTable>;
export type SensorAlarmRow = Selectable<SensorAlarmsTable>;
export type AdminEventRow = Selectable<AdminEventsTable>;
