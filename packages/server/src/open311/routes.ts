// /open311: the GeoReport v2 endpoint (docs/open311.md). Discovery at /open311/discovery.{json,xml},
// the API at /open311/v2/. Every answer in the format its extension names; errors in the spec's
// form, unknown paths included. Form bodies (application/x-www-form-urlencoded) and multipart
// POSTs with a photo (`media`) are parsed in this scope only; so is CORS.
// /api/open311: the admin side (a service's attributes).

import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type TProperties, Type } from 'typebox';
import { AppError } from '../platform/errors.ts';
import { authorize } from '../platform/actor.ts';
import { errors } from '../platform/schemas.ts';
import { receiveForm, registerMultipart } from '../photos/routes.ts';
import type { SpooledUpload } from '../photos/service.ts';
import type { Actor } from '../platform/actor.ts';
import { type AttributeDef, DATATYPES, validateDefinitions } from './attributes.ts';
import {
  describeError,
  type Format,
  FORMATS,
  formatOf,
  isoCst,
  MEDIA_TYPES,
  sendError,
  sendList,
  sendObject,
  xmlText,
} from './format.ts';
import type { Open311Service, Params } from './service.ts';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

function formatParam(request: FastifyRequest): Format {
  const format = (request.params as { format?: string }).format;
  if (format === 'json' || format === 'xml') return format;
  throw new AppError(404, 'NOT_FOUND', `unknown format ${format}: use .json or .xml`);
}

/** Free text without what XML 1.0 cannot carry (NUL, C0 controls but tab and line ends…). */
function clean(value: unknown): unknown {
  if (typeof value === 'string') return xmlText(value);
  if (Array.isArray(value)) return value.map(clean);
  return value;
}

/** Query and form parameters together (the spec's parameters may come in either). */
function paramsOf(request: FastifyRequest): Params {
  const body = request.body && typeof request.body === 'object' ? (request.body as Params) : {};
  const all: Params = { ...(request.query as Params), ...body };
  return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, clean(v)]));
}

/** The api_key parameter, when it is one string. */
function apiKeyOf(request: FastifyRequest): string | undefined {
  const key = paramsOf(request).api_key;
  return typeof key === 'string' && key !== '' ? key : undefined;
}

const FormatParam = Type.String({ description: 'json or xml' });
/** The spec's error answer: `[{ code, description }]` in JSON, `<errors><error>…` in XML. */
const Open311Errors = {
  description: 'Open311 errors (a 404 for an unknown format)',
  content: {
    'application/json': {
      schema: Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() })),
    },
    'text/xml': {
      schema: Type.String({ description: '<errors><error><code/><description/></error></errors>' }),
    },
  },
};
/** The answer in the format asked for. */
const Open311Answer = {
  description: 'JSON or XML, as the format asks',
  content: { 'application/json': { schema: {} }, 'text/xml': { schema: Type.String() } },
};
function doc<P extends TProperties>(summary: string, description: string, params: P = {} as P) {
  return {
    tags: ['open311'],
    summary,
    description,
    params: Type.Object({ ...params, format: FormatParam }),
    security: [],
    // open311Status folds every client error into these; a path parameter over the length limit
    // is refused before routing, in the API's shape
    response: {
      200: Open311Answer,
      ...Object.fromEntries([400, 403, 404, 413, 429].map((status) => [status, Open311Errors])),
      ...errors(414),
    },
  };
}

/**
 * CORS, in this scope only. The GETs are public data: any web page may read them (`*`). A POST
 * (and its preflight) only from the origins configured in OPEN311_CORS_ORIGINS; others get no
 * CORS headers, so browsers refuse them.
 */
async function registerCors(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  const anyOrigin = origins.includes('*');
  await app.register(cors, {
    delegator: (request, callback) => {
      const method =
        request.method === 'OPTIONS' ? request.headers['access-control-request-method'] : request.method;
      if (method === 'GET' || method === 'HEAD')
        return callback(null, { origin: '*', methods: ['GET', 'HEAD'] });
      const origin = request.headers.origin;
      const allowed = origin !== undefined && (anyOrigin || origins.includes(origin));
      callback(null, {
        origin: allowed ? origin : false,
        methods: ['GET', 'HEAD', 'POST'],
        allowedHeaders: ['Content-Type', 'Idempotency-Key'],
        maxAge: 600,
      });
    },
  });
}

/** Multipart POSTs: a photo in `media` and the spec's fields (attributes make them many). */
const MULTIPART_LIMITS = { fields: 200, parts: 201, fieldSize: 64 * 1024 };

export const open311Routes: FastifyPluginAsyncTypebox<{ rateLimit: number }> = async (app, opts) => {
  const { open311 } = app.services;
  const { config } = open311;
  await app.register(formbody);
  await registerMultipart(app, MULTIPART_LIMITS);
  await registerCors(app, config.corsOrigins);
  const limited = { rateLimit: { max: opts.rateLimit, timeWindow: '1 minute' } };

  app.setErrorHandler((error, request, reply) => {
    const format = formatOf(request.url) ?? 'json';
    const known = describeError(error);
    if (known) return sendError(reply, format, known.status, known.description);
    request.log.error(error);
    return sendError(reply, format, 500, 'internal error');
  });
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    sendError(reply, formatOf(request.url) ?? 'json', 404, `no such resource: ${request.url.split('?')[0]}`);
  app.setNotFoundHandler(notFound);
  // Every other path under /open311 is the spec's 404 too, not the web console's page (whose
  // catch-all would otherwise take any path without an extension).
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/*',
    schema: { hide: true },
    handler: notFound,
  });
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/',
    schema: { hide: true },
    handler: notFound,
  });

  const discovery = async (request: FastifyRequest) => {
    const base = `${request.protocol}://${request.host}/open311/v2`;
    const changeset = isoCst(await open311.changeset());
    return {
      changeset,
      contact: open311.config.contact,
      key_service: open311.config.keyService,
      // One endpoint per version and format, as validators (SeeClickFix's) read discovery.
      endpoints: FORMATS.map((format) => ({
        specification: SPECIFICATION,
        url: base,
        changeset,
        type: 'production',
        formats: [MEDIA_TYPES[format]],
      })),
    };
  };
  for (const path of ['/discovery.:format', '/v2/discovery.:format']) {
    app.get(
      path,
      {
        config: limited,
        schema: doc(
          'Discovery',
          'Where the GeoReport v2 endpoint is, its formats and whom to ask for a key.',
        ),
      },
      async (request, reply) => {
        const format = formatParam(request);
        const d = await discovery(request);
        const xml = {
          ...d,
          endpoints: { endpoint: d.endpoints.map((e) => ({ ...e, formats: { format: e.formats } })) },
        };
        return sendObject(reply, format, 'discovery', d, xml);
      },
    );
  }

  app.get(
    '/v2/services.:format',
    {
      config: limited,
      schema: doc(
        'Service list',
        'Every active catalogue class: service_code = kind letter + class code (E06010 = event 06010, C01037 = component 01037), group = major class, metadata = the service has attributes.',
      ),
    },
    async (request, reply) => {
      const format = formatParam(request);
      return sendList(reply, format, 'services', 'service', await open311.services());
    },
  );

  app.get(
    '/v2/services/:service_code.:format',
    {
      config: limited,
      schema: doc('Service definition', 'The attributes of one service; 404 for an unknown service_code.', {
        service_code: Type.String(),
      }),
    },
    async (request, reply) => {
      const format = formatParam(request);
      const def = await open311.definition(request.params.service_code);
      const xml = {
        service_code: def.service_code,
        attributes: {
          attribute: def.attributes.map((a) => ({ ...a, values: { value: a.values } })),
        },
      };
      return sendObject(reply, format, 'service_definition', def, xml);
    },
  );

  // The photo of a multipart POST, spooled while its body is read; removed once answered.
  const media = new WeakMap<FastifyRequest, SpooledUpload>();
  // The client of a POST's api_key, looked up once for the rate limit and the handler.
  const clients = new WeakMap<FastifyRequest, Actor | null>();
  const clientOf = async (request: FastifyRequest): Promise<Actor | null> => {
    if (!clients.has(request))
      clients.set(request, await open311.client(apiKeyOf(request)).catch(() => null));
    return clients.get(request) ?? null;
  };

  app.post(
    '/v2/requests.:format',
    {
      config: {
        rateLimit: {
          max: opts.rateLimit,
          timeWindow: '1 minute',
          // Per client, not per IP: a busy client (or several behind one address) posts a lot.
          // After the body is read, where api_key is; a request without a valid key counts per IP.
          hook: 'preHandler',
          keyGenerator: async (request: FastifyRequest) => {
            const client = await clientOf(request);
            return client ? `client:${client.user.id}` : `ip:${request.ip}`;
          },
        },
      },
      preValidation: async (request) => {
        if (!request.isMultipart()) return;
        const form = await receiveForm(request, app.services.photos, 'media');
        if (form.upload) media.set(request, form.upload);
        request.body = form.fields;
      },
      onResponse: async (request) => {
        await app.services.photos.discard(media.get(request));
      },
      schema: {
        ...doc(
          'Create a service request',
          'application/x-www-form-urlencoded, or multipart/form-data with a photo in `media` (as the upload of /api/photos: checked and re-encoded, attached to the case): api_key (an API key of an integration user), service_code, lat+long (WGS84) or address_string or address_id, attribute[CODE] / attribute[CODE][], optional description (≤ 4000), media_url, email, phone, first_name, last_name, device_id, account_id, jurisdiction_id. 403 for a missing or bad api_key; 400 for an unknown service_code, a missing required attribute or a bad location; nothing is written then. Optional fields never refuse the report: what does not fit is shortened or dropped and said in service_notice. An Idempotency-Key header makes a retry return the first answer. Rate-limited per client (api_key).',
        ),
        consumes: ['application/x-www-form-urlencoded', 'multipart/form-data', 'application/json'],
      },
    },
    async (request, reply) => {
      const format = formatParam(request);
      const client = (await clientOf(request)) ?? (await open311.client(apiKeyOf(request)));
      const key = request.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > 200))
        throw new AppError(400, 'INVALID_HEADER', 'Idempotency-Key must be 1–200 characters');
      const r = await open311.create(client, paramsOf(request), key, media.get(request));
      const answer = {
        service_request_id: r.service_request_id,
        token: r.token,
        service_notice: r.service_notice,
        account_id: r.account_id,
      };
      // The spec's fields are strings: in JSON one without a value is left out (null fails the
      // published schema); in XML it is an empty element.
      const json = Object.fromEntries(Object.entries(answer).filter(([, v]) => v !== null));
      return sendList(reply, format, 'service_requests', 'request', [json], () => answer);
    },
  );

  app.get(
    '/v2/requests.:format',
    {
      config: limited,
      schema: doc(
        'Service requests',
        'Filters: service_request_id (comma list; overrides the others), service_code (comma list), start_date, end_date (ISO 8601 with offset, on requested_datetime), status (open, closed). Default window: the last 90 days; at most 1000, newest first.',
      ),
    },
    async (request, reply) => {
      const format = formatParam(request);
      const items = await open311.list(paramsOf(request), app.services.clock.now());
      return sendList(reply, format, 'service_requests', 'request', items);
    },
  );

  app.get(
    '/v2/requests/:service_request_id.:format',
    {
      config: limited,
      schema: doc('One service request', 'A list of one request; 404 if there is none.', {
        service_request_id: Type.String(),
      }),
    },
    async (request, reply) => {
      const format = formatParam(request);
      const item = await open311.get(request.params.service_request_id);
      return sendList(reply, format, 'service_requests', 'request', [item]);
    },
  );

  app.get(
    '/v2/tokens/:token.:format',
    {
      config: limited,
      schema: doc(
        'Request id of a token',
        'The service_request_id a POST token stands for; 404 if unknown.',
        {
          token: Type.String(),
        },
      ),
    },
    async (request, reply) => {
      const format = formatParam(request);
      const t = await open311.token(request.params.token);
      return sendList(reply, format, 'service_requests', 'request', [t]);
    },
  );
};

// ---------------------------------------------------------------- admin: attributes

const AttributeSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9_]{1,40}$' }),
    variable: Type.Optional(
      Type.Boolean({ default: true, description: 'false: information only, no answer' }),
    ),
    datatype: Type.Union(DATATYPES.map((d) => Type.Literal(d))),
    required: Type.Optional(Type.Boolean({ default: false })),
    description: Type.String({ minLength: 1, maxLength: 500 }),
    datatypeDescription: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    values: Type.Optional(
      Type.Array(
        Type.Object(
          {
            key: Type.String({ minLength: 1, maxLength: 100 }),
            name: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
  },
  { additionalProperties: false },
);
const Definition = Type.Object({
  serviceCode: Type.String(),
  attributes: Type.Array(
    Type.Object({
      code: Type.String(),
      variable: Type.Boolean(),
      datatype: Type.String(),
      required: Type.Boolean(),
      description: Type.String(),
      datatypeDescription: Type.Union([Type.String(), Type.Null()]),
      values: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
    }),
  ),
});

function presentDefinition(def: Awaited<ReturnType<Open311Service['definition']>>) {
  return {
    serviceCode: def.service_code,
    attributes: def.attributes.map((a) => ({
      code: a.code,
      variable: a.variable,
      datatype: a.datatype,
      required: a.required,
      description: a.description,
      datatypeDescription: a.datatype_description,
      values: a.values,
    })),
  };
}

export const open311AdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { open311 } = app.services;
  const params = Type.Object({ serviceCode: Type.String({ pattern: '^[EC][0-9]{5}$' }) });

  app.get(
    '/services/:serviceCode/attributes',
    {
      schema: {
        tags: ['open311'],
        summary: 'The Open311 attributes (extra questions) of a service. Admin.',
        params,
        response: { 200: Definition, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      authorize(request, 'admin.manage', { entity: 'open311_attribute' });
      return presentDefinition(await open311.definition(request.params.serviceCode));
    },
  );

  app.put(
    '/services/:serviceCode/attributes',
    {
      schema: {
        tags: ['open311'],
        summary: 'Replace the Open311 attributes of a service, in the order given. Admin.',
        params,
        body: Type.Object(
          { attributes: Type.Array(AttributeSchema, { maxItems: 50 }) },
          { additionalProperties: false },
        ),
        response: { 200: Definition, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = authorize(request, 'admin.manage', { entity: 'open311_attribute' });
      const defs: AttributeDef[] = request.body.attributes.map((a, i) => ({
        code: a.code,
        position: i + 1,
        variable: a.variable ?? true,
        datatype: a.datatype,
        required: a.required ?? false,
        datatype_description: a.datatypeDescription ?? null,
        description: a.description,
        values: a.values ?? [],
      }));
      return presentDefinition(
        await open311.setAttributes(request.params.serviceCode, validateDefinitions(defs), actor.user.id),
      );
    },
  );
};
