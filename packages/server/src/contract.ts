// The wire contract with the console: the types of the API's JSON, derived from the response
// schemas the routes validate and document with (or, where a route has none, from the plain type
// it answers with, dates as text), so the two cannot drift. The console imports this
// file with `import type` only (as `@xiuhua/server/contract`): nothing here reaches its bundle.
// Registered schemas ($id) are referenced by name; REFS resolves those references.

import type { Static, TSchema } from 'typebox';
import type * as appeals from './appeals/schemas.ts';
import type * as disputes from './disputes/schemas.ts';
import type * as assessment from './assessment/schemas.ts';
import type * as auth from './auth/schemas.ts';
import type * as cases from './cases/schemas.ts';
import type * as channels from './channels/schemas.ts';
import type * as citizen from './citizen/schemas.ts';
import type * as consoleConfig from './console/schemas.ts';
import type * as admin from './admin/schemas.ts';
import type * as geo from './geo/schemas.ts';
import type * as hotline from './hotline/schemas.ts';
import type * as patrol from './patrol/schemas.ts';
import type * as photos from './photos/schemas.ts';
import type * as roadChiefs from './road-chiefs/schemas.ts';
import type * as schedules from './schedules/schemas.ts';
import type * as stats from './stats/schemas.ts';
import type * as timed from './timed-items/schemas.ts';

/** The registered schemas, by the $id other schemas reference them with. */
type Refs = {
  Case: typeof cases.CaseSchema;
  CaseEvent: typeof cases.EventSchema;
  HotlineCall: typeof hotline.CallSchema;
  PoliceTransfer: typeof hotline.TransferSchema;
  Component: typeof channels.ComponentSchema;
  Device: typeof channels.DeviceSchema;
};
type Json<T extends TSchema> = Static<T, Refs>;

/** A value as JSON carries it: dates become ISO text. */
type Jsonify<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Jsonify<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonify<T[K]> }
      : T;

/** A page of a list: `Paged(item)` in platform/schemas.ts. */
export interface Paged<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

// session
export type Me = Json<typeof auth.Me>;

// cases
export type Case = Json<typeof cases.CaseSchema>;
export type CaseEvent = Json<typeof cases.EventSchema>;
export type CasePoints = Json<typeof cases.PointsSchema>;
export type NearbyCase = Json<typeof cases.NearbyCase>;
export type RoutingSuggestion = Json<typeof cases.RoutingSuggestionSchema>;
export type UnitPick = Json<typeof cases.UnitPick>;
export type InspectorPick = Json<typeof cases.InspectorPick>;

// catalogue, units, users, routing rules, calendar
export type CatalogueMajor = Json<typeof admin.MajorSchema>;
export type CatalogueClassRow = Json<typeof admin.ClassSchema>;
export type AdminUnit = Json<typeof admin.UnitSchema>;
export type AdminUser = Json<typeof admin.UserSchema>;
export type UnitInput = Json<typeof admin.UnitBody>;
export type UserInput = Json<typeof admin.UserBody>;
export type ApiKeyInput = Json<typeof admin.ApiKeyBody>;
export type ApiKeyIssued = Json<typeof admin.ApiKeyIssued>;
export type RoutingRuleRow = Json<typeof admin.RuleSchema>;
export type CalendarYear = Json<typeof admin.CalendarYearSchema>;
export type AdminEvent = Json<typeof admin.AdminEventSchema>;
export type AdminHistory = Json<typeof admin.AdminHistorySchema>;
export type DutySchedule = Json<typeof schedules.ScheduleSchema>;
export type ScheduleInput = Json<typeof schedules.ScheduleBody>;
export type DutyRoster = Json<typeof schedules.RosterSchema>;
export type RosterInput = Json<typeof schedules.RosterBody>;
export type OnDuty = Json<typeof schedules.OnDutySchema>;
export type RosterCandidate = Json<typeof schedules.RosterCandidateSchema>;
export type TimedItem = Json<typeof timed.TimedItemSchema>;
export type TimedItemDetail = Json<typeof timed.TimedItemDetailSchema>;
export type Appeal = Json<typeof appeals.AppealSchema>;
export type AppealDetail = Json<typeof appeals.AppealDetailSchema>;
export type Dispute = Json<typeof disputes.DisputeSchema>;
export type RoadPost = Json<typeof roadChiefs.RoadPostSchema>;
export type NewRoadPost = Json<typeof roadChiefs.NewRoadPostSchema>;
export type SegmentChain = Json<typeof roadChiefs.SegmentChainSchema>;
export type PersonCompliance = Json<typeof roadChiefs.PersonComplianceSchema>;
export type StreetCompliance = Json<typeof roadChiefs.StreetComplianceSchema>;
export type PatrolRulesConfig = Json<typeof roadChiefs.PatrolRulesSchema>;
export type RoadChiefWorkbench = Json<typeof roadChiefs.WorkbenchSchema>;
export type NightCheck = Json<typeof roadChiefs.NightCheckSchema>;
export type AdminHistoryQuery = Json<typeof admin.AdminHistoryQuery>;
/** The kinds of entity the admin history records (unit, user, api_key, routing_rule…). */
export type AdminEntity = AdminHistoryQuery['entity'];

// areas and grids
export type Area = Json<typeof geo.Area>;
export type ResolvedPoint = Json<typeof geo.ResolvedPoint>;
export type GridImportReport = Json<typeof geo.GridImportReport>;
export type ResponsibilityGrid = Json<typeof geo.GridSchema>;
export type RoadsList = Json<typeof geo.RoadsList>;
export type RoadsImportReport = Json<typeof geo.RoadsImportReport>;

// patrol and the inspector app
export type PatrolShift = Json<typeof patrol.ShiftSchema>;
export type PatrolTrack = Json<typeof patrol.TrackSchema>;
export type PatrolSummaryRow = Json<typeof patrol.PatrolSummaryRow>;
export type FrequentClass = Json<typeof patrol.FrequentClass>;

// hotline
export type PoliceTransfer = Json<typeof hotline.TransferSchema>;
export type HotlineCall = Json<typeof hotline.CallSchema>;
export type CaseBrief = Json<typeof hotline.CaseBrief>;
export type CallbackItem = Json<typeof hotline.CallbackItem>;
export type PlaceHit = Json<typeof hotline.PlaceHitSchema>;
export type CallerHistory = Json<typeof hotline.CallerHistory>;
export type CallAndCase = Json<typeof hotline.CallAndCase>;
export type CallAndTransfer = Json<typeof hotline.CallAndTransfer>;
export type NotReachedAnswer = Json<typeof hotline.NotReachedAnswer>;

// components, devices, alarms
export type ComponentRow = Json<typeof channels.ComponentSchema>;
export type NearbyComponent = Json<typeof channels.NearbyComponent>;
export type DeviceRow = Json<typeof channels.DeviceSchema>;
export type AlarmRecord = Json<typeof channels.AlarmRecord>;

// photo uploads: staff, and the citizen portal's with a claim
export type UploadedPhoto = Json<typeof photos.PhotoSchema>;
export type ClaimablePhoto = Json<typeof photos.PublicPhotoSchema>;

// the citizen portal
export type PublicCategory = Json<typeof citizen.Category>;
export type PortalConfig = Json<typeof citizen.PortalConfig>;
export type FormToken = Json<typeof citizen.FormToken>;
export type SubmittedReport = Json<typeof citizen.Submitted>;
export type PublicReport = Json<typeof citizen.Report>;
export type PublicPhoto = Json<typeof citizen.PublicPhoto>;
export type PublicUnit = Json<typeof citizen.PublicUnit>;
export type PublicMapFeatures = Json<typeof citizen.MapFeatures>;

// overview, console configuration
export type Overview = Json<typeof stats.Overview>;
export type ConsoleConfig = Json<typeof consoleConfig.ConsoleConfig>;

// assessment: indicators, live figures, fact drill-down
export type IndicatorDef = Json<typeof assessment.IndicatorSchema>;
export type AssessmentTerm = Json<typeof assessment.TermSchema>;
export type AssessmentSubject = Json<typeof assessment.SubjectSchema>;
export type AssessmentPeriod = Json<typeof assessment.PeriodSchema>;
export type LiveFigures = Json<typeof assessment.LiveFigures>;
export type FactDrilldown = Json<typeof assessment.FactDrilldown>;

// assessment: schemes, results (publication-routes.ts answers with these plain types), bulletins
export type AssessmentScheme = Jsonify<assessment.Scheme>;
export type PeriodResults = Jsonify<assessment.PeriodResults>;
export type SubjectResultRow = Jsonify<assessment.SubjectResult>;
/** GET /schemes/:id/results/:subjectId: the period's results with one row and its tier's size. */
export type OneSubjectResult = Omit<PeriodResults, 'rows'> & { row: SubjectResultRow; tierSize: number };
export type RankingBulletin = Jsonify<assessment.RankingBulletin>;
export type RedCaseBulletin = Jsonify<assessment.RedCaseBulletin>;
export type PublicFigures = Jsonify<assessment.PublicFigures>;
