// The LA check (open311-la.suite.ts) on LA's 311 requests and council outlines beside the
// repository: skipped, in one line, where they are absent.

import { withSharedData } from './shared-data.ts';

await withSharedData('Open311: the LA check', 'data/us311/', () => import('./open311-la.suite.ts'));
