// The server's configuration from the environment: the defaults a fresh clone starts with.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../src/platform/config.ts';

test('by default the console is served from packages/web/dist, where `npm run build:web` puts it', () => {
  const root = path.resolve(import.meta.dirname, '../../..');
  assert.equal(loadConfig({}).webDir, path.join(root, 'packages/web/dist'));
  assert.equal(loadConfig({ WEB_DIR: '/srv/console' }).webDir, '/srv/console');
});
