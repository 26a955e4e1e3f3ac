// Response schemas of the component and device registries and of a case's sensor alarms
// (channels/device-routes.ts, sensor-routes.ts). TypeBox only, so the console can derive its types
// from them.

import { Type } from 'typebox';
import { lit, Nullable, StreetArea, Ts, Wgs84Point } from '../platform/schemas.ts';

export const ALARM_TYPE_PATTERN = '^[A-Za-z0-9_.:-]{1,40}$';

export const DEVICE_ID_PATTERN = '^[A-Za-z0-9_.:-]{1,64}$';

export const ComponentSchema = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String({ description: 'county code + class code + serial' }),
    classCode: Type.String(),
    className: Type.String(),
    name: Type.String(),
    location: Wgs84Point,
    cellCode: Type.String(),
    area: StreetArea,
    address: Nullable(Type.String()),
    ownerUnit: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
    maintainerUnit: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
    status: Type.String(),
    createdAt: Ts,
    updatedAt: Ts,
  },
  { $id: 'Component' },
);

export const NearbyComponent = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  classCode: Type.String(),
  className: Type.String(),
  name: Type.String(),
  status: Type.String(),
  address: Nullable(Type.String()),
  location: Type.Object({ lon: Type.Number(), lat: Type.Number() }),
  distanceM: Type.Integer({ description: 'metres from the point (haversine), rounded' }),
});

export const AlarmClasses = Type.Record(
  Type.String({ pattern: ALARM_TYPE_PATTERN }),
  Type.Object(
    { kind: lit(['component', 'event']), classCode: Type.String({ pattern: '^[0-9]{5}$' }) },
    { additionalProperties: false },
  ),
  {
    maxProperties: 50,
    description:
      'alarm type → the class of the case it opens, e.g. { "cover_open": { "kind": "component", "classCode": "01002" } }',
  },
);

export const DeviceSchema = Type.Object(
  {
    id: Type.Integer(),
    deviceId: Type.String({ description: 'the id the device or its platform sends' }),
    deviceType: Type.String(),
    name: Type.String(),
    component: Nullable(
      Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), classCode: Type.String() }),
    ),
    location: Nullable(Type.Object({ lon: Type.Number(), lat: Type.Number() })),
    active: Type.Boolean(),
    alarmClasses: AlarmClasses,
    lastAlarmAt: Nullable(Ts),
    createdAt: Ts,
    updatedAt: Ts,
  },
  { $id: 'Device' },
);

export const AlarmRecord = Type.Object({
  id: Type.Integer(),
  deviceId: Type.String(),
  deviceName: Type.String(),
  alarmType: Type.String(),
  alarmId: Nullable(Type.String()),
  at: Type.String({ format: 'date-time' }),
  reading: Nullable(Type.Number()),
  unit: Nullable(Type.String()),
  location: Type.Object({ lon: Type.Number(), lat: Type.Number() }),
  outcome: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
});
