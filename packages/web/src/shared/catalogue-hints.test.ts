// The class pickers' hints show what to type ("暴露垃圾 / bllj / 06010"): each pinyin-initials or
// code example in them must find a class on the seed catalogue. The hotline's said `blj`, which
// finds nothing (暴露垃圾 is bào lù lā jī: bllj).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { findClasses, parseCatalogue } from '@xiuhua/domain/catalogue';

const root = new URL('../', import.meta.url).pathname;
const seed = new URL('../../../db/seed/catalogue.json', import.meta.url);
const { catalogue } = parseCatalogue(JSON.parse(readFileSync(seed, 'utf8')));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(path.join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts')
        ? [path.join(dir, e.name)]
        : [],
  );
}

test('every example in a class picker hint finds a class', () => {
  const hints = sources(root).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/<CataloguePicker[^>]*placeholder="([^"]+)"/g)].map((m) => ({
      file: path.relative(root, file),
      hint: m[1]!,
    })),
  );
  assert.ok(hints.length >= 2, 'the hotline and intake pickers have hints');
  for (const { file, hint } of hints) {
    for (const example of hint.split('/').map((s) => s.trim())) {
      const [first] = findClasses(catalogue, example);
      assert.ok(first, `${file}: "${example}" in "${hint}" finds no class`);
    }
  }
});
