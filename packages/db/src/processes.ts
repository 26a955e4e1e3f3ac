// Whether a process is alive, for the data-directory lock and the postmaster watchdog.

import { existsSync, readFileSync } from 'node:fs';

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A killed process not yet reaped (zombie) still answers kill(0).
    const status = existsSync(`/proc/${pid}/status`) ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
    return !/^State:\s+Z/m.test(status);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
