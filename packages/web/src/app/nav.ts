// Which workbenches a role sees, and where each role lands after signing in: the policy's list
// (@xiuhua/domain/policy, workbenches.ts), which the server's table test pins.

import { landingOf, type Workbench, workbenchesOf } from '@xiuhua/domain/policy';
import type { Role } from '@xiuhua/domain/workflow';

export type NavItem = Workbench;

export function navFor(roles: readonly Role[]): NavItem[] {
  return workbenchesOf(roles);
}

export function landingFor(roles: readonly Role[]): string {
  return landingOf(roles);
}
