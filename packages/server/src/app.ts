// buildApp(): the HTTP server, wired from its parts. No listening, no process concerns: the CLI
// starts it, tests call app.inject().

import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Db } from '@xiuhua/db';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { type Clock, systemClock } from './clock.ts';
import { type BaseMapConfig, loadBaseMap, type TrustProxy } from './config.ts';
import { AppError, toAppError } from './errors.ts';
import { open311AdminRoutes, open311Routes } from './open311/routes.ts';
import { adminRoutes } from './routes/admin.ts';
import { assessmentRoutes } from './routes/assessment.ts';
import { assessmentPublicationRoutes, publicFiguresRoutes } from './routes/assessment-publication.ts';
import { authRoutes } from './routes/auth.ts';
import { caseRoutes, lookupRoutes } from './routes/cases.ts';
import { baseMapOrigins, consoleConfigRoutes } from './routes/console-config.ts';
import { componentRoutes, deviceRoutes } from './routes/devices.ts';
import { geoRoutes } from './routes/geo.ts';
import { hotlineRoutes } from './routes/hotline.ts';
import { integrationRoutes } from './routes/integrations.ts';
import { liveRoutes } from './routes/live.ts';
import { photoRoutes, publicPhotoRoutes } from './routes/photos.ts';
import { publicRoutes } from './routes/public.ts';
import { inspectorRoutes, patrolRoutes } from './routes/patrol.ts';
import { sensorRoutes } from './routes/sensors.ts';
import { statsRoutes } from './routes/stats.ts';
import { registerWebConsole } from './routes/web.ts';
import { type Actor, AuthService } from './services/auth.ts';
import { CaseService } from './services/cases.ts';
import { CatalogueService } from './services/catalogue.ts';
import { DirectoryService } from './services/directory.ts';
import { GridService } from './services/grid.ts';
import { hotlineService } from './services/hotline.ts';
import type { PhotoStore } from './services/photo-store.ts';
import { createPhotoService, type PhotoService, type PhotoStorageOptions } from './services/photos.ts';
import { loadPolice110, type PoliceSender } from './services/police110.ts';
import { RoutingService } from './services/routing.ts';
import { ErrorSchema } from './routes/schemas.ts';
import { TimeService } from './services/time.ts';
import { AssessmentEngine } from './services/assessment/engine.ts';

export interface Services {
  db: Db;
  clock: Clock;
  directory: DirectoryService;
  auth: AuthService;
  time: TimeService;
  grid: GridService;
  catalogue: CatalogueService;
  routing: RoutingService;
  cases: CaseService;
  photos: PhotoService;
  /** Assessment indicators for any period and subject level (docs/assessment.md). */
  engine: AssessmentEngine;
}

export function buildServices(
  db: Db,
  clock: Clock = systemClock,
  sessionHours = 12,
  photoStorage: PhotoStorageOptions = {},
): Services {
  const directory = new DirectoryService(db);
  const time = new TimeService(db);
  const grid = new GridService(db, directory);
  const catalogue = new CatalogueService(db, clock);
  const routing = new RoutingService(db, directory, catalogue);
  return {
    db,
    clock,
    directory,
    auth: new AuthService(db, clock, directory, sessionHours),
    time,
    grid,
    catalogue,
    routing,
    cases: new CaseService({ db, clock, time, grid, catalogue, directory }),
    photos: createPhotoService(db, clock, photoStorage),
    engine: new AssessmentEngine(db, clock, directory),
  };
}

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
  /** Another photo store (S3, see services/photo-store.ts); absent = files in photoDir. */
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

export const SESSION_COOKIE = 'xh_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in. */
    public?: boolean;
    /** Reachable by integration accounts (sensor gateways, 110): the only routes their keys open. */
    integration?: boolean;
  }
  interface FastifyInstance {
    services: Services;
  }
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError(401, 'UNAUTHENTICATED', 'sign in first (session cookie or API key)');
  return request.actor;
}

function fieldOf(error: FastifyError): string | undefined {
  const first = error.validation?.[0];
  if (!first) return undefined;
  const path = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const missing = (first.params as { missingProperty?: string } | undefined)?.missingProperty;
  const extra = (first.params as { additionalProperty?: string } | undefined)?.additionalProperty;
  const leaf = missing ?? extra;
  const field = [path, leaf].filter(Boolean).join('.');
  return field || error.validationContext;
}

/** A union of literals fails once per literal ("must be equal to constant" ×14): say "one of" instead. */
function validationMessage(error: FastifyError): string {
  const errors = error.validation ?? [];
  const at = errors[0]?.instancePath;
  const consts = errors.filter((e) => e.keyword === 'const');
  if (
    consts.length === 0 ||
    !errors.every((e) => ['const', 'anyOf'].includes(e.keyword) && e.instancePath === at)
  )
    return error.message;
  const allowed = consts.map((e) => JSON.stringify((e.params as { allowedValue?: unknown }).allowedValue));
  return `${error.validationContext ?? 'input'}${at} must be one of ${allowed.join(', ')}`;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const clock = options.clock ?? systemClock;
  const services = buildServices(options.db, clock, options.sessionHours, {
    dir: options.photoDir,
    store: options.photoStore,
  });
  const baseMap = options.baseMap === undefined ? loadBaseMap() : options.baseMap;
  const app = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('services', services);
  app.addSchema(ErrorSchema);
  app.decorateRequest('actor', null);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        // a configured base map's tile server (MapLibre fetches tiles, then decodes them as images)
        'img-src': ["'self'", 'data:', 'blob:', ...baseMapOrigins(baseMap)],
        'connect-src': ["'self'", ...baseMapOrigins(baseMap)],
        // MapLibre runs its workers from blob: URLs
        'worker-src': ["'self'", 'blob:'],
        'child-src': ["'self'", 'blob:'],
      },
    },
  });
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
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = toAppError(error);
    if (known) {
      return reply.status(known.status).send({
        code: known.code,
        message: known.message,
        ...(known.field ? { field: known.field } : {}),
        ...(known.details ?? {}),
      });
    }
    if (error.validation) {
      const field = fieldOf(error);
      return reply
        .status(400)
        .send({ code: 'VALIDATION', message: validationMessage(error), ...(field ? { field } : {}) });
    }
    if (
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      (error instanceof SyntaxError && error.statusCode === 400)
    ) {
      return reply
        .status(400)
        .send({ code: 'MALFORMED_JSON', message: 'the request body is not valid JSON' });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const code =
        error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'BODY_TOO_LARGE'
          : error.statusCode === 429
            ? 'RATE_LIMITED' // @fastify/rate-limit's error carries no code of its own
            : (error.code ?? 'BAD_REQUEST');
      return reply.status(error.statusCode).send({ code, message: error.message });
    }
    request.log.error(error);
    return reply.status(500).send({ code: 'INTERNAL', message: 'internal error' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );

  // Authentication: a session cookie or an API key, on every /api route not marked public.
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    const header = request.headers['x-api-key'];
    const bearer = request.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const apiKey = typeof header === 'string' ? header : bearer;
    if (apiKey) request.actor = await services.auth.fromApiKey(apiKey);
    else if (token) request.actor = await services.auth.fromSession(token);
    if (!request.actor && !request.routeOptions.config.public) {
      throw new AppError(401, 'UNAUTHENTICATED', 'sign in first (session cookie or API key)');
    }
    // Another system's key is not a staff login: it reaches only the routes made for it.
    if (
      request.actor?.roles.length &&
      request.actor.roles.every((role) => role === 'integration') &&
      !request.routeOptions.config.integration
    ) {
      throw new AppError(
        403,
        'INTEGRATION_ONLY',
        'an integration account may call only the integration endpoints',
      );
    }
  });

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
  await app.register(liveRoutes, { prefix: '/api/live', databaseUrl: options.databaseUrl });
  await app.register(geoRoutes, { prefix: '/api' });
  await app.register(adminRoutes, { prefix: '/api' });
  await app.register(consoleConfigRoutes, { prefix: '/api', baseMap });
  await app.register(componentRoutes, { prefix: '/api/components' });
  await app.register(deviceRoutes, { prefix: '/api/devices' });
  await app.register(sensorRoutes, { prefix: '/api/sensors', rateLimit: options.sensorRateLimit });
  const hotline = hotlineService(
    services,
    options.police110 === undefined ? loadPolice110() : options.police110,
  );
  await app.register(hotlineRoutes, { prefix: '/api', hotline });
  await app.register(integrationRoutes, { prefix: '/api/integrations', hotline });
  await app.register(photoRoutes, { prefix: '/api/photos' });
  await app.register(publicPhotoRoutes, { prefix: '/api/public/photos' });
  await app.register(publicRoutes, { prefix: '/api/public', rateLimit: limit, baseMap });
  await app.register(publicFiguresRoutes, { prefix: '/api/public/figures', rateLimit: limit });
  await app.register(patrolRoutes, { prefix: '/api/patrol' });
  await app.register(inspectorRoutes, { prefix: '/api/inspector' });
  await app.register(open311Routes, { prefix: '/open311', rateLimit: limit });
  await app.register(open311AdminRoutes, { prefix: '/api/open311' });
  if (options.webDir) await registerWebConsole(app, options.webDir);
  return app;
}
