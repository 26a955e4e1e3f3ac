// Response schema of the session endpoints (auth/routes.ts): who is signed in. TypeBox only, so
// the console can derive its types from it.

import { Type } from 'typebox';

export const Me = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  roleNames: Type.Array(Type.String()),
  unit: Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String() }),
  area: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }),
  cityWide: Type.Boolean(),
});
