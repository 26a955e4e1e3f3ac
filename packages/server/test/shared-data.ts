// Data that lives beside the repository, not in it: ../shared/data (the Open311 project's JSON
// Schemas, LA's 311 requests and council outlines; README § "Data beside the repository").
// XIUHUA_SHARED_DIR points the tests elsewhere. A test file that needs it loads its suite only
// when the data is there; otherwise it is one skipped test naming the missing path.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

export const SHARED_DIR = path.resolve(
  process.env.XIUHUA_SHARED_DIR || fileURLToPath(new URL('../../../../shared/', import.meta.url)),
);

/** A path under the shared directory, e.g. sharedData('data/us311/'). */
export function sharedData(relative: string): string {
  return path.join(SHARED_DIR, relative);
}

/** Run `suite` (a dynamic import of the tests) if `relative` exists; else one skipped test. */
export async function withSharedData(
  name: string,
  relative: string,
  suite: () => Promise<unknown>,
): Promise<void> {
  const needed = sharedData(relative);
  if (existsSync(needed)) await suite();
  else test(name, { skip: `missing ${needed} (data beside the repository, see README)` }, () => {});
}
