// The people who act on cases (docs/domain.md, "Roles"). A user may hold several roles.

export const ROLES = [
  'inspector',
  'intake_operator',
  'shift_leader',
  'dispatcher',
  'handler',
  'supervisor',
  'road_chief',
  'leader',
  'admin',
  'integration', // another system's account (sensor gateway, 110, Open311 client): API key only
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  inspector: { zh: '监督员', en: 'Inspector' },
  intake_operator: { zh: '受理员', en: 'Intake operator' },
  shift_leader: { zh: '值班长', en: 'Shift leader' },
  dispatcher: { zh: '派遣员', en: 'Dispatcher' },
  handler: { zh: '处置人员', en: 'Handler' },
  supervisor: { zh: '督办员', en: 'Supervisor' },
  road_chief: { zh: '路长', en: 'Road chief' },
  leader: { zh: '领导', en: 'Leader' },
  admin: { zh: '系统管理员', en: 'Administrator' },
  integration: { zh: '系统对接', en: 'Integration' },
};

/** The automated actor (sweeper, intake gateways) when no person acts. */
export const SYSTEM_ROLE = 'system';
export type ActorRole = Role | typeof SYSTEM_ROLE | 'citizen';

/** Names of everyone who can appear on a case's timeline, people or not. */
export const ACTOR_ROLE_NAMES: Record<ActorRole, { zh: string; en: string }> = {
  ...ROLE_NAMES,
  system: { zh: '系统', en: 'System' },
  citizen: { zh: '市民', en: 'Citizen' },
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
