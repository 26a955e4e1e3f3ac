// buildApp(): the HTTP server, wired from its parts. No listening, no process concerns: the CLI
// starts it, tests call app.inject().

import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from '@xiuhua/db';
import Fastify, { type FastifyInstance } from 'fastify';
import { adminRoutes } from './admin/routes.ts';
import { adminHistoryRoutes } from './admin/history-routes.ts';
import { assessmentPublicationRoutes, publicFiguresRoutes } from './assessment/publication-routes.ts';
import { assessmentRoutes } from './assessment/routes.ts';
import { registerAuthentication } from './auth/authenticate.ts';
import { authRoutes } from './auth/routes.ts';
import { caseRoutes, lookupRoutes } from './cases/routes.ts';
import { componentRoutes, deviceRoutes } from './channels/device-routes.ts';
import { sensorRoutes } from './channels/sensor-routes.ts';
import { publicRoutes } from './citizen/routes.ts';
import { buildServices } from './composition.ts';
import { baseMapOrigins, consoleConfigRoutes } from './console/config-routes.ts';
import { registerWebConsole } from './console/web.ts';
import { geoRoutes } from './geo/routes.ts';
import { integrationRoutes } from './hotline/integration-routes.ts';
import { loadPolice110, type PoliceSender } from './hotline/police110.ts';
import { hotlineRoutes } from './hotline/routes.ts';
import { liveRoutes } from './live/routes.ts';
import { open311AdminRoutes, open311Routes } from './open311/routes.ts';
import { inspectorRoutes, patrolRoutes } from './patrol/routes.ts';
import { photoRoutes, publicPhotoRoutes } from './photos/routes.ts';
import type { PhotoStore } from './photos/store.ts';
import { SESSION_COOKIE } from './platform/actor.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import { type BaseMapConfig, loadBaseMap, type TrustProxy } from './platform/config.ts';
import { declareFrameworkErrors, frameworkErrors, registerErrorHandlers } from './platform/http-errors.ts';
import { inputKeywords, registerInputLimits } from './platform/input-limits.ts';
import { ErrorSchema } from './platform/schemas.ts';
import { registerSecurityHeaders, withoutUpgradeInsecureRequests } from './platform/security-headers.ts';
import { scheduleRoutes } from './schedules/routes.ts';
import { timedItemRoutes } from './timed-items/routes.ts';
import { appealRoutes } from './appeals/routes.ts';
import { disputeRoutes } from './disputes/routes.ts';
import { roadChiefRoutes, roadPostRoutes } from './road-chiefs/routes.ts';
import { statsRoutes } from './stats/routes.ts';

export interface AppOptions {
  db: Db;
  clock?: Clock;
  sessionHours?: number;
  logger?: boolean;
  /** Requests per minute per IP on public and login endpoints. */
  publicRateLimit?: number;
  /** Sensor alarms per minute per API key (default 600). */
  sensorRateLimit?: number;
  /** The database URL, for the dedicated LISTEN connection of live updates; absent = /api/live answers 503. */
  databaseUrl?: string;
  /** Where uploaded photos are stored (DATA_DIR/photos); default ./data/photos. */
  photoDir?: string;
  /** Another photo store (S3, see photos/store.ts); absent = files in photoDir. */
  photoStore?: PhotoStore;
  /** The built web console (packages/web/dist) to serve at /; absent = API only. */
  webDir?: string;
  /** Where hotline transfers to 110 are delivered; absent = POLICE110_URL from the environment, null = none. */
  police110?: PoliceSender | null;
  /** Reverse proxies whose X-Forwarded-For is believed (config TRUST_PROXY); default none. */
  trustProxy?: TrustProxy;
  /** Raster base map for the console map; absent = read BASEMAP_* from the environment. */
  baseMap?: BaseMapConfig | null;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const baseMap = options.baseMap === undefined ? loadBaseMap() : options.baseMap;
  const app = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false },
      plugins: [inputKeywords],
    },
    // A bad URL or an over-long path parameter: our error shape, not Fastify's
    frameworkErrors: (error, request, reply) => frameworkErrors(error, request, reply),
  }).withTypeProvider<TypeBoxTypeProvider>();
  registerInputLimits(app);
  declareFrameworkErrors(app);
  const services = buildServices(options.db, options.clock ?? systemClock, {
    sessionHours: options.sessionHours,
    photoStorage: { dir: options.photoDir, store: options.photoStore },
    police110: options.police110 === undefined ? loadPolice110() : options.police110,
    live: options.databaseUrl
      ? { databaseUrl: options.databaseUrl, log: { warn: (m) => app.log.warn(m) } }
      : undefined,
  });
  app.decorate('services', services);
  app.addSchema(ErrorSchema);

  await registerSecurityHeaders(app, { mapOrigins: baseMapOrigins(baseMap) });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Xiuhua (绣花) API',
        description:
          'Digital city management: the case closed loop (report → file → dispatch → handle → check → close → callback), areas and grids, catalogue, units, routing and the working-time clock. Errors are `{ code, message, field? }`.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    // Shared schemas keep their names (Case, CaseEvent, Error) instead of def-0, def-1…
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    transformStaticCSP: withoutUpgradeInsecureRequests,
  });

  registerErrorHandlers(app);
  registerAuthentication(app);

  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => {
    await services.db.selectFrom('revisions').select('name').limit(1).execute();
    return { status: 'ok' };
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const limit = options.publicRateLimit ?? 120;
  await app.register(authRoutes, { prefix: '/api/auth', rateLimit: limit });
  await app.register(caseRoutes, { prefix: '/api/cases' });
  await app.register(lookupRoutes, { prefix: '/api/lookups' });
  await app.register(statsRoutes, { prefix: '/api/stats' });
  await app.register(assessmentRoutes, { prefix: '/api/assessment' });
  await app.register(assessmentPublicationRoutes, { prefix: '/api/assessment' });
  await app.register(liveRoutes, { prefix: '/api/live' });
  await app.register(geoRoutes, { prefix: '/api' });
  await app.register(adminRoutes, { prefix: '/api' });
  await app.register(scheduleRoutes, { prefix: '/api' });
  await app.register(timedItemRoutes, { prefix: '/api/timed-items' });
  await app.register(appealRoutes, { prefix: '/api/appeals' });
  await app.register(disputeRoutes, { prefix: '/api/disputes' });
  await app.register(adminHistoryRoutes, { prefix: '/api/admin' });
  await app.register(consoleConfigRoutes, { prefix: '/api', baseMap });
  await app.register(componentRoutes, { prefix: '/api/components' });
  await app.register(deviceRoutes, { prefix: '/api/devices' });
  await app.register(sensorRoutes, { prefix: '/api/sensors', rateLimit: options.sensorRateLimit });
  await app.register(hotlineRoutes, { prefix: '/api' });
  await app.register(integrationRoutes, { prefix: '/api/integrations' });
  await app.register(photoRoutes, { prefix: '/api/photos' });
  await app.register(publicPhotoRoutes, { prefix: '/api/public/photos' });
  await app.register(publicRoutes, { prefix: '/api/public', rateLimit: limit, baseMap });
  await app.register(publicFiguresRoutes, { prefix: '/api/public/figures', rateLimit: limit });
  await app.register(patrolRoutes, { prefix: '/api/patrol' });
  await app.register(roadPostRoutes, { prefix: '/api/road-posts' });
  await app.register(roadChiefRoutes, { prefix: '/api/road-chiefs' });
  await app.register(inspectorRoutes, { prefix: '/api/inspector' });
  await app.register(open311Routes, { prefix: '/open311', rateLimit: limit });
  await app.register(open311AdminRoutes, { prefix: '/api/open311' });
  if (options.webDir) await registerWebConsole(app, options.webDir);
  return app;
}
