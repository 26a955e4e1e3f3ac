// The composition root: every long-lived service is built here, once, and handed only what it
// uses. app.ts (HTTP), the CLI and the demo seed take their services from buildServices().

import type { Db } from '@xiuhua/db';
import { ApiKeyAdmin } from './admin/api-keys.ts';
import { AppealService } from './appeals/service.ts';
import { UnitAdmin } from './admin/units.ts';
import { UserAdmin } from './admin/users.ts';
import { AssessmentEngine } from './assessment/engine.ts';
import { assessmentServices } from './assessment/wiring.ts';
import { AuthService } from './auth/service.ts';
import { CalendarAdmin } from './calendar/admin.ts';
import { TimeService } from './calendar/service.ts';
import { ScheduleAdmin } from './schedules/admin.ts';
import { RosterService } from './schedules/rosters.ts';
import { PlaceLimitAdmin } from './geo/place-limits.ts';
import { ComplianceService } from './road-chiefs/compliance.ts';
import { NightCheckService } from './road-chiefs/night-checks.ts';
import { RoadPostService } from './road-chiefs/posts.ts';
import type { AfterAction } from './cases/deps.ts';
import { CaseService } from './cases/service.ts';
import { DisputeService } from './disputes/service.ts';
import { CatalogueService } from './catalogue/service.ts';
import { ComponentService } from './channels/components.ts';
import { SensorService } from './channels/sensors.ts';
import { CitizenService } from './citizen/service.ts';
import { AreaAdmin } from './geo/areas.ts';
import { GridService } from './geo/grid.ts';
import { RoadsService } from './geo/roads.ts';
import { PlacesService } from './geo/places.ts';
import { ResponsibilityGridService } from './geo/responsibility.ts';
import type { PoliceSender } from './hotline/police110.ts';
import { hotlineService } from './hotline/service.ts';
import { type LiveLog, LiveHub } from './live/service.ts';
import { type Open311Config, Open311Service, open311ConfigFromEnv } from './open311/service.ts';
import { PatrolService } from './patrol/service.ts';
import { createPhotoService, type PhotoService, type PhotoStorageOptions } from './photos/service.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import { DirectoryService } from './platform/directory.ts';
import { RoutingRuleAdmin } from './routing/rules.ts';
import { RoutingService } from './routing/service.ts';
import { StatsService } from './stats/service.ts';
import { TimedItemService } from './timed-items/service.ts';

/** The services every capability shares (built first; the capabilities' own services use them). */
export interface CoreServices {
  db: Db;
  clock: Clock;
  directory: DirectoryService;
  auth: AuthService;
  time: TimeService;
  grid: GridService;
  /** Roads, segments, zones and key places; a point → its segment, zone and key place. */
  roads: RoadsService;
  catalogue: CatalogueService;
  routing: RoutingService;
  cases: CaseService;
  photos: PhotoService;
  /** Assessment indicators for any period and subject level (docs/assessment.md). */
  engine: AssessmentEngine;
  /** Deadlines beyond a case's step, timed like one (docs/timed-items.md): open/close/cancel in your transaction. */
  timedItems: TimedItemService;
  /** Appeals against decisions (docs/appeals.md): submit in your transaction; register a subject handler. */
  appeals: AppealService;
  /** Jurisdiction disputes (docs/disputes.md): opened by the case loop, ruled, appealed. */
  disputes: DisputeService;
}

export interface Services extends CoreServices {
  places: PlacesService;
  /** The GeoReport v2 door (/open311). */
  open311: Open311Service;
  /** Case changes fanned out to the console's live streams; null without a database URL. */
  live: LiveHub | null;
  /** The hotline desk and its outbox to 110. */
  hotline: ReturnType<typeof hotlineService>;
  patrol: PatrolService;
  citizen: CitizenService;
  components: ComponentService;
  sensors: SensorService;
  stats: StatsService;
  /** Scores, publication, supervision findings and bulletins (the engine gives the figures). */
  assessment: ReturnType<typeof assessmentServices>;
  /** The admin's edits of reference data: units, users, API keys, routing rules, calendar and settings. */
  units: UnitAdmin;
  users: UserAdmin;
  apiKeys: ApiKeyAdmin;
  routingRules: RoutingRuleAdmin;
  calendarAdmin: CalendarAdmin;
  /** Duty schedules (whose hours a limit runs on). */
  schedules: ScheduleAdmin;
  /** Duty rosters and who is on duty (peopleOnDuty). */
  rosters: RosterService;
  /** Differentiated handling limits by road class, zone and key place (admin). */
  placeLimits: PlaceLimitAdmin;
  /** Road-chief posts (docs/road-chiefs.md). */
  roadPosts: RoadPostService;
  /** Road chiefs' patrol compliance and the city's patrol rules (docs/road-chiefs.md). */
  roadCompliance: ComplianceService;
  /** Night checks (夜查): scheduled team patrols. */
  nightChecks: NightCheckService;
  /** Areas and responsibility grids (unit cells are GridService's). */
  areaAdmin: AreaAdmin;
  responsibilityGrids: ResponsibilityGridService;
}

export interface ServiceOptions {
  /** Session lifetime after the last request (config SESSION_HOURS). */
  sessionHours?: number;
  photoStorage?: PhotoStorageOptions;
  /** Where hotline transfers to 110 are delivered; absent or null = not configured (kept in the outbox). */
  police110?: PoliceSender | null;
  /** The database URL for live updates' own LISTEN connection; absent = no live updates (/api/live answers 503). */
  live?: { databaseUrl: string; log?: LiveLog };
  /** Open311 discovery texts, edge tolerance and CORS origins; absent = OPEN311_* from the environment. */
  open311?: Open311Config;
}

export function buildServices(db: Db, clock: Clock = systemClock, options: ServiceOptions = {}): Services {
  const directory = new DirectoryService(db);
  const time = new TimeService(db);
  const grid = new GridService(db, directory, clock);
  const catalogue = new CatalogueService(db, clock);
  const routing = new RoutingService(db, directory, catalogue);
  const roads = new RoadsService(db, grid, clock);
  const afterAction: AfterAction[] = [];
  const cases = new CaseService({ db, clock, time, grid, roads, catalogue, directory, afterAction });
  const timedItems = new TimedItemService({ db, clock, time, directory });
  const appeals = new AppealService({ db, clock, directory, timedItems });
  const routingRules = new RoutingRuleAdmin({ db, clock, directory });
  const disputes = new DisputeService({ db, clock, directory, timedItems, appeals, routingRules });
  afterAction.push(disputes.afterAction);
  const core: CoreServices = {
    db,
    clock,
    directory,
    auth: new AuthService(db, clock, directory, options.sessionHours ?? 12),
    time,
    grid,
    roads,
    catalogue,
    routing,
    cases,
    photos: createPhotoService(db, clock, options.photoStorage ?? {}),
    engine: new AssessmentEngine(db, clock, directory),
    timedItems,
    appeals,
    disputes,
  };
  const places = new PlacesService(db, grid, directory, clock);
  const components = new ComponentService(core);
  const rosters = new RosterService(core);
  const roadPosts = new RoadPostService({ db, clock, directory, rosters });
  const roadCompliance = new ComplianceService({ db, clock, directory, rosters, posts: roadPosts });
  return {
    ...core,
    places,
    live: options.live ? new LiveHub({ ...options.live, db }) : null,
    hotline: hotlineService({ ...core, places }, options.police110 ?? null),
    patrol: new PatrolService({
      db,
      clock,
      directory,
      catalogue,
      postHolder: (id) => roadCompliance.bindsToday(id),
    }),
    citizen: new CitizenService({ db, clock, cases, catalogue, directory }),
    components,
    sensors: new SensorService({ ...core, components }),
    stats: new StatsService(core),
    assessment: assessmentServices(core),
    units: new UnitAdmin(core),
    users: new UserAdmin(core),
    apiKeys: new ApiKeyAdmin(core),
    routingRules,
    calendarAdmin: new CalendarAdmin(core),
    schedules: new ScheduleAdmin(core),
    rosters,
    placeLimits: new PlaceLimitAdmin({ db, clock, changed: () => roads.invalidate() }),
    roadPosts,
    roadCompliance,
    nightChecks: new NightCheckService({
      db,
      clock,
      directory,
      posts: roadPosts,
      compliance: roadCompliance,
    }),
    areaAdmin: new AreaAdmin(core),
    responsibilityGrids: new ResponsibilityGridService(db, clock),
    open311: new Open311Service({ ...core, places }, options.open311 ?? open311ConfigFromEnv()),
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}
