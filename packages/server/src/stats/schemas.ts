// Response schema of the overview counts (stats/routes.ts). TypeBox only, so the console can
// derive its types from it.

import { Type } from 'typebox';

export const Count = Type.Integer({ minimum: 0 });

export const Overview = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  byState: Type.Array(Type.Object({ state: Type.String(), name: Type.String(), count: Count }), {
    description: 'open cases now, every open state in loop order',
  }),
  byColour: Type.Array(Type.Object({ colour: Type.String(), count: Count }), {
    description: "open cases now by warning colour; 'none' = no running clock",
  }),
  byClass: Type.Array(
    Type.Object({ kind: Type.String(), code: Type.String(), name: Type.String(), count: Count }),
    { description: 'open cases now by major class (kind + first two digits of the class code)' },
  ),
  byArea: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), count: Count }), {
    description: 'cases reported in the period, by street',
  }),
  trend: Type.Array(
    Type.Object({
      day: Type.String({ description: 'YYYY-MM-DD, China time' }),
      reported: Count,
      closed: Count,
    }),
    { description: 'every day of the period' },
  ),
  onTimeByUnit: Type.Array(
    Type.Object({
      unitId: Type.Integer(),
      name: Type.String(),
      closed: Count,
      onTime: Count,
      rate: Type.Number({ description: 'onTime / closed, 3 decimals' }),
    }),
    { description: 'cases closed in the period, by the unit that handled them' },
  ),
});
