// Which workbenches a role sees, and where each role lands after signing in.

import type { Role } from '@xiuhua/domain/workflow';

export interface NavItem {
  path: string;
  label: string; // i18n key
  roles: readonly Role[] | 'all';
}

export const NAV: readonly NavItem[] = [
  { path: '/intake', label: 'nav.intake', roles: ['intake_operator', 'shift_leader'] },
  { path: '/hotline', label: 'nav.hotline', roles: ['intake_operator', 'shift_leader'] },
  { path: '/callback', label: 'nav.callback', roles: ['intake_operator', 'shift_leader'] },
  { path: '/dispatch', label: 'nav.dispatch', roles: ['dispatcher', 'shift_leader'] },
  { path: '/handling', label: 'nav.handling', roles: ['handler'] },
  { path: '/inspector', label: 'nav.inspector', roles: ['inspector'] },
  { path: '/supervision', label: 'nav.supervision', roles: ['supervisor', 'leader', 'shift_leader'] },
  { path: '/overview', label: 'nav.overview', roles: ['leader', 'supervisor', 'shift_leader', 'admin'] },
  { path: '/assessment', label: 'nav.assessment', roles: ['leader', 'supervisor', 'shift_leader', 'admin'] },
  { path: '/map', label: 'nav.map', roles: 'all' },
  { path: '/patrol', label: 'nav.patrol', roles: ['supervisor', 'leader', 'shift_leader', 'admin'] },
  { path: '/cases', label: 'nav.cases', roles: 'all' },
  { path: '/admin', label: 'nav.admin', roles: ['admin'] },
];

export function navFor(roles: readonly Role[]): NavItem[] {
  return NAV.filter((item) => item.roles === 'all' || item.roles.some((r) => roles.includes(r)));
}

const LANDING: readonly [Role, string][] = [
  ['intake_operator', '/intake'],
  ['shift_leader', '/intake'],
  ['dispatcher', '/dispatch'],
  ['handler', '/handling'],
  ['inspector', '/inspector'],
  ['supervisor', '/supervision'],
  ['leader', '/overview'],
  ['admin', '/admin'],
];

export function landingFor(roles: readonly Role[]): string {
  return LANDING.find(([role]) => roles.includes(role))?.[1] ?? '/cases';
}
