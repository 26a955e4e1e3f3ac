// The shape of a jurisdiction dispute in the API (docs/disputes.md); the console reads its type
// from contract.ts.

import { Type } from 'typebox';

const Unit = Type.Object({ id: Type.Integer(), name: Type.String() });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const DisputeSchema = Type.Object({
  id: Type.Integer(),
  caseId: Type.Integer(),
  state: Type.String({ description: 'open, ruled, appealed, final' }),
  centreUnit: Unit,
  returns: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      unitId: Type.Integer(),
      unitName: Nullable(Type.String()),
      suggestedUnitId: Nullable(Type.Integer()),
      suggestedUnitName: Nullable(Type.String()),
      justified: Type.Optional(Type.Boolean()),
    }),
  ),
  openedAt: Type.String(),
  rulingDueAt: Nullable(Type.String()),
  rulingColour: Nullable(Type.String()),
  responsibleUnit: Nullable(Unit),
  ruledBy: Nullable(Type.Integer()),
  ruledAt: Nullable(Type.String()),
  rulingReason: Nullable(Type.String()),
  appeal: Nullable(
    Type.Object({ id: Type.Integer(), state: Type.String(), reviewUnitIds: Type.Array(Type.Integer()) }),
  ),
  finalAt: Nullable(Type.String()),
  version: Type.Integer(),
});
