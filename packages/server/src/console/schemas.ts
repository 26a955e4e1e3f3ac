// Response schema of the console's configuration (console/config-routes.ts). TypeBox only, so the
// console can derive its types from it.

import { Type } from 'typebox';

export const BaseMap = Type.Object({
  url: Type.String({ description: 'XYZ tile URL template ({z}/{x}/{y})' }),
  urls: Type.Array(Type.String(), { description: 'all templates, the first one is `url`' }),
  attribution: Type.String(),
  crs: Type.Union([Type.Literal('WGS84'), Type.Literal('GCJ02')], {
    description: 'GCJ02 tiles: the console shifts case points and outlines to match',
  }),
});

export const ConsoleConfig = Type.Object({ baseMap: Type.Union([BaseMap, Type.Null()]) });
