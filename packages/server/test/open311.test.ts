// Open311 GeoReport v2 through HTTP (open311.suite.ts), validated against the Open311 project's
// JSON Schemas beside the repository: skipped, in one line, where they are absent.

import { withSharedData } from './shared-data.ts';

await withSharedData(
  'Open311 GeoReport v2',
  'data/open311/georeport-v2/',
  () => import('./open311.suite.ts'),
);
