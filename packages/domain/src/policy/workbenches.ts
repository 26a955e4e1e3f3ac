// The console's workbenches: which pages each role has and where it lands after signing in. The
// console's menu and router read this list; the server's answers decide what each page may do.

import type { Role } from '../workflow/index.ts';
import { isIntegrationAccount, type PolicyActor, type Refusal } from './actor.ts';
import { ASSESSMENT_READERS } from './assessment.ts';
import { HOTLINE_DESK, TRACK_READERS } from './work.ts';

export interface Workbench {
  path: string;
  /** i18n key of the menu label. */
  label: string;
  roles: readonly Role[] | 'all';
}

export const WORKBENCHES = [
  { path: '/intake', label: 'nav.intake', roles: HOTLINE_DESK },
  { path: '/hotline', label: 'nav.hotline', roles: HOTLINE_DESK },
  { path: '/callback', label: 'nav.callback', roles: HOTLINE_DESK },
  { path: '/dispatch', label: 'nav.dispatch', roles: ['dispatcher', 'shift_leader'] },
  { path: '/handling', label: 'nav.handling', roles: ['handler'] },
  { path: '/inspector', label: 'nav.inspector', roles: ['inspector', 'road_chief'] },
  { path: '/supervision', label: 'nav.supervision', roles: ['supervisor', 'leader', 'shift_leader'] },
  { path: '/overview', label: 'nav.overview', roles: ASSESSMENT_READERS },
  { path: '/assessment', label: 'nav.assessment', roles: ASSESSMENT_READERS },
  { path: '/map', label: 'nav.map', roles: 'all' },
  { path: '/patrol', label: 'nav.patrol', roles: TRACK_READERS },
  { path: '/cases', label: 'nav.cases', roles: 'all' },
  { path: '/admin', label: 'nav.admin', roles: ['admin'] },
] as const satisfies readonly Workbench[];
export type WorkbenchPath = (typeof WORKBENCHES)[number]['path'];

/** Where each role lands, in order of precedence; anyone else lands on /cases. */
const LANDING: readonly [Role, WorkbenchPath][] = [
  ['intake_operator', '/intake'],
  ['shift_leader', '/intake'],
  ['dispatcher', '/dispatch'],
  ['handler', '/handling'],
  ['inspector', '/inspector'],
  ['road_chief', '/inspector'],
  ['supervisor', '/supervision'],
  ['leader', '/overview'],
  ['admin', '/admin'],
];

export function workbenchesOf(roles: readonly Role[]): Workbench[] {
  return WORKBENCHES.filter((w) => w.roles === 'all' || w.roles.some((r: Role) => roles.includes(r)));
}

export function landingOf(roles: readonly Role[]): WorkbenchPath {
  return LANDING.find(([role]) => roles.includes(role))?.[1] ?? '/cases';
}

export const workbenchRules = {
  /** Open a console page. */
  'console.open': (actor: PolicyActor | null, page: { path: WorkbenchPath }): Refusal | null => {
    if (!actor) return { code: 'UNAUTHENTICATED', message: 'sign in first' };
    if (isIntegrationAccount(actor))
      return { code: 'INTEGRATION_NO_SIGN_IN', message: 'an integration account has no console' };
    return workbenchesOf(actor.roles).some((w) => w.path === page.path)
      ? null
      : { code: 'ROLE_NOT_ALLOWED', message: `your roles do not include the ${page.path} workbench` };
  },
};
