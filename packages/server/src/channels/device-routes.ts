// /api/components: the component registry (部件) — scoped reads for every signed-in user (list,
// one, nearby for pickers), changes for admins. /api/devices: the sensor device registry (admin).

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ComponentRow, DeviceRow } from '@xiuhua/db';
import { COMPONENT_STATUSES, DEVICE_TYPES } from '@xiuhua/domain/channels';
import { Type } from 'typebox';
import { requireActor, authorize } from '../platform/actor.ts';
import { COMPONENT_NEARBY_MAX_RADIUS } from './components.ts';
import type { Services } from '../composition.ts';
import { Crs, errors, Location, Nullable, Paged, lit } from '../platform/schemas.ts';
import {
  AlarmClasses,
  ComponentSchema,
  DEVICE_ID_PATTERN,
  DeviceSchema,
  NearbyComponent,
} from './schemas.ts';

const Status = lit(COMPONENT_STATUSES.map((s) => s.value));
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const ClassCode = Type.String({ pattern: '^[0-9]{5}$', description: '5-digit component class code' });
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });

// ------------------------------------------------------------------ components

const ComponentBody = Type.Object(
  {
    code: Type.Optional(
      Type.String({
        pattern: '^[0-9]{15,19}$',
        description: 'county code (6) + class code (5) + serial (4–8); omitted: the next free serial',
      }),
    ),
    classCode: ClassCode,
    name: Name,
    location: Location,
    address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    ownerUnitId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    maintainerUnitId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    status: Type.Optional(Status),
  },
  { additionalProperties: false },
);

async function presenterFor(services: Services) {
  const dir = await services.directory.get();
  const { rows: classes } = await services.catalogue.current();
  const unit = (id: number | null) => {
    const u = id === null ? undefined : dir.units.get(id);
    return u ? { id: u.id, name: u.name } : null;
  };
  const className = (code: string) => classes.get(`component:${code}`)?.name ?? code;
  const component = (r: ComponentRow) => {
    const [, , street = '', community = ''] = r.area_path.split('/');
    return {
      id: r.id,
      code: r.code,
      classCode: r.class_code,
      className: className(r.class_code),
      name: r.name,
      location: { lon: r.lon, lat: r.lat },
      cellCode: r.cell_code,
      area: {
        communityCode: community,
        communityName: dir.areas.get(community)?.name ?? community,
        streetCode: street,
        streetName: dir.areas.get(street)?.name ?? street,
      },
      address: r.address,
      ownerUnit: unit(r.owner_unit_id),
      maintainerUnit: unit(r.maintainer_unit_id),
      status: r.status,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    };
  };
  return { component, className };
}

export const componentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { components } = app.services;
  app.addSchema(ComponentSchema);
  const Ref = Type.Ref('Component');

  app.get(
    '/',
    {
      schema: {
        tags: ['components'],
        summary: 'Components you may see (your area, or owned/maintained by your unit), with filters',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 100, description: 'code, name or address contains' })),
            classCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,5}$' })),
            areaCode: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$' })),
            status: Type.Optional(Status),
            page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Paged(Ref), ...errors(400, 401) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { rows, ...page } = await components.list(actor, request.query);
      const present = await presenterFor(app.services);
      return { ...page, items: rows.map(present.component) };
    },
  );

  app.get(
    '/nearby',
    {
      schema: {
        tags: ['components'],
        summary: `Components you may see within radius metres (default 50, ≤ ${COMPONENT_NEARBY_MAX_RADIUS}) of a point, nearest first, at most 20; retired ones left out`,
        querystring: Type.Object(
          {
            lon: Type.Number({ minimum: -180, maximum: 180 }),
            lat: Type.Number({ minimum: -90, maximum: 90 }),
            crs: Type.Optional(Crs),
            radius: Type.Optional(
              Type.Number({ exclusiveMinimum: 0, maximum: COMPONENT_NEARBY_MAX_RADIUS, default: 50 }),
            ),
            classCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,5}$' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(NearbyComponent), ...errors(400, 401) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const rows = await components.nearby(actor, request.query);
      const present = await presenterFor(app.services);
      return rows.map((r) => ({
        id: r.id,
        code: r.code,
        classCode: r.class_code,
        className: present.className(r.class_code),
        name: r.name,
        status: r.status,
        address: r.address,
        location: { lon: r.lon, lat: r.lat },
        distanceM: Math.round(r.distanceM),
      }));
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['components'],
        summary: 'One component, by id or code',
        params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,19}$' }) }),
        response: { 200: Ref, ...errors(401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await components.get(actor, request.params.id);
      return (await presenterFor(app.services)).component(row);
    },
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['components'],
        summary: 'Register a component. Admin.',
        body: ComponentBody,
        response: { 201: Ref, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'admin.manage', { entity: 'device' });
      const row = await components.create(request.body, actor.user.id);
      return reply.status(201).send((await presenterFor(app.services)).component(row));
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['components'],
        summary: 'Change a component (not its code). Admin.',
        params: IdParams,
        body: Type.Partial(Type.Omit(ComponentBody, ['code'])),
        response: { 200: Ref, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = authorize(request, 'admin.manage', { entity: 'device' });
      const row = await components.update(request.params.id, request.body, actor.user.id);
      return (await presenterFor(app.services)).component(row);
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['components'],
        summary: 'Delete a component no device watches (else 409: retire it). Admin.',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'admin.manage', { entity: 'device' });
      await components.remove(request.params.id, actor.user.id);
      return reply.status(204).send(null);
    },
  );
};

// ------------------------------------------------------------------ devices

const DeviceBody = Type.Object(
  {
    deviceId: Type.String({ pattern: DEVICE_ID_PATTERN }),
    deviceType: lit(DEVICE_TYPES.map((t) => t.value)),
    name: Name,
    componentId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    location: Type.Optional(Nullable(Location)),
    active: Type.Optional(Type.Boolean()),
    alarmClasses: Type.Optional(AlarmClasses),
  },
  { additionalProperties: false },
);

export const deviceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { components, sensors } = app.services;
  app.addSchema(DeviceSchema);
  const Ref = Type.Ref('Device');

  const present = async (rows: DeviceRow[]) => {
    const ids = [...new Set(rows.flatMap((r) => (r.component_id === null ? [] : [r.component_id])))];
    const linked = new Map<number, ComponentRow>();
    for (const id of ids) {
      const c = await components.byId(id);
      if (c) linked.set(id, c);
    }
    return rows.map((r) => {
      const c = r.component_id === null ? undefined : linked.get(r.component_id);
      return {
        id: r.id,
        deviceId: r.device_id,
        deviceType: r.device_type,
        name: r.name,
        component: c ? { id: c.id, code: c.code, name: c.name, classCode: c.class_code } : null,
        location: r.lon !== null && r.lat !== null ? { lon: r.lon, lat: r.lat } : null,
        active: r.active,
        alarmClasses: r.alarm_classes,
        lastAlarmAt: r.last_alarm_at ? r.last_alarm_at.toISOString() : null,
        createdAt: r.created_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
      };
    });
  };

  app.get(
    '/',
    {
      schema: {
        tags: ['devices'],
        summary: 'Registered sensor devices. Admin.',
        response: { 200: Type.Array(Ref), ...errors(401, 403) },
      },
    },
    async (request) => {
      authorize(request, 'admin.manage', { entity: 'device' });
      return await present(await sensors.listDevices());
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['devices'],
        summary: 'One device. Admin.',
        params: IdParams,
        response: { 200: Ref, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      authorize(request, 'admin.manage', { entity: 'device' });
      return (await present([await sensors.device(request.params.id)]))[0];
    },
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['devices'],
        summary: 'Register a device (a location or a linked component is required). Admin.',
        body: DeviceBody,
        response: { 201: Ref, ...errors(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'admin.manage', { entity: 'device' });
      const row = await sensors.createDevice(request.body, actor.user.id);
      return reply.status(201).send((await present([row]))[0]);
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['devices'],
        summary: 'Change a device (not its id); `active: false` makes its alarms 422. Admin.',
        params: IdParams,
        body: Type.Partial(Type.Omit(DeviceBody, ['deviceId'])),
        response: { 200: Ref, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = authorize(request, 'admin.manage', { entity: 'device' });
      const row = await sensors.updateDevice(request.params.id, request.body, actor.user.id);
      return (await present([row]))[0];
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['devices'],
        summary: 'Delete a device that never raised an alarm (else 409: set it inactive). Admin.',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = authorize(request, 'admin.manage', { entity: 'device' });
      await sensors.removeDevice(request.params.id, actor.user.id);
      return reply.status(204).send(null);
    },
  );
};
