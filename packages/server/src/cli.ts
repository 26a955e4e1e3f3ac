#!/usr/bin/env node
// xiuhua CLI: start | migrate | seed-demo | import-grids | import-roads | backfill-roads | import-catalogue |
// import-places | create-user | rebuild-facts
// Run through npm: `npm start` (= start --demo) or `npm run xiuhua -- <command> …`.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { DataDirLockedError, migrateToLatest, openConfiguredDatabase } from '@xiuhua/db';
import { isRole, type Role } from '@xiuhua/domain/workflow';
import { buildApp } from './app.ts';
import { buildServices } from './composition.ts';
import { systemClock } from './platform/clock.ts';
import { loadConfig } from './platform/config.ts';
import { isSeeded, seedDemo, DEMO_PASSWORD } from './demo/seed.ts';
import { startPhotoSweeper } from './photos/sweep.ts';
import { startSweeper } from './cases/sweeper.ts';
import { rebuildFacts } from './assessment/facts-store.ts';
import { startPoliceOutbox } from './hotline/police110.ts';
import { createPhotoStore } from './photos/store.ts';
import { passwordProblem } from './auth/passwords.ts';

const COMMANDS = [
  'start',
  'check-port',
  'migrate',
  'seed-demo',
  'import-grids',
  'import-roads',
  'backfill-roads',
  'import-catalogue',
  'import-places',
  'create-user',
  'rebuild-facts',
];

const USAGE = `usage: xiuhua <command> [options]

  start [--demo]                      migrate, (seed the demo city if the database is empty), serve
  check-port                          fail unless PORT is free on HOST (npm start runs it first)
  migrate                             apply database migrations
  seed-demo                           build the demo city in an empty database
  import-grids FILE [--crs WGS84|GCJ02|BD09]
                                      import unit cells from a GeoJSON FeatureCollection
  import-roads FILE [--crs WGS84|GCJ02|BD09]
                                      import road segments, zones and key places (GeoJSON;
                                      docs/geo.md), then back-fill older cases
  backfill-roads                      give cases filed before there were segments their segment,
                                      zone and key place (once; safe to repeat)
  import-catalogue FILE               import a catalogue file (docs/catalogue.md)
  import-places FILE [--crs WGS84|GCJ02|BD09]
                                      import a gazetteer (GeoJSON; docs/hotline.md)
  create-user --username U --password P --unit UNIT_CODE --roles r1,r2 [--name NAME]
  rebuild-facts                       recompute assessment facts and their rollup from all case events

environment: PORT (3000), HOST (0.0.0.0), DATA_DIR (./data), DATABASE_URL (external PostgreSQL;
absent = embedded server in DATA_DIR); photos in DATA_DIR/photos, or S3 with PHOTO_S3_BUCKET,
PHOTO_S3_ENDPOINT, PHOTO_S3_REGION, PHOTO_S3_ACCESS_KEY_ID, PHOTO_S3_SECRET_ACCESS_KEY,
PHOTO_S3_FORCE_PATH_STYLE, PHOTO_S3_PREFIX (docs/photos.md)

With the embedded database, the commands other than start cannot run while the server is up on
the same DATA_DIR (one process owns the database): stop the server first.`;

const log = (m: string) => console.log(`[xiuhua] ${m}`);

/** Prints an import's rejection report; exit status 1 when anything was rejected. */
function printImportReport(
  what: string,
  report: {
    imported: number;
    rejected: { index: number; code: string | null; reason: string; reasonCode: string }[];
  },
): number {
  log(`imported ${report.imported} ${what}, rejected ${report.rejected.length}`);
  for (const r of report.rejected)
    console.log(`  feature ${r.index} (${r.code ?? 'no code'}): ${r.reasonCode} — ${r.reason}`);
  return report.rejected.length > 0 ? 1 : 0;
}

/** Fails (with what to do) unless the server could listen on host:port now. */
async function assertPortFree(port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          e.code === 'EADDRINUSE'
            ? `port ${port} is already in use on ${host} (is Xiuhua or another server running?); stop it or set PORT to another port`
            : `cannot listen on ${host}:${port}: ${e.message}`,
        ),
      ),
    );
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean', default: false },
      crs: { type: 'string', default: 'WGS84' },
      username: { type: 'string' },
      password: { type: 'string' },
      unit: { type: 'string' },
      roles: { type: 'string' },
      name: { type: 'string' },
    },
  });
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  // Before anything starts: an unknown command does not start the database first.
  if (!COMMANDS.includes(command)) {
    console.error(`unknown command ${command}\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  // A busy port is found out now, not after the database and the demo city are built.
  if (command === 'start' || command === 'check-port') await assertPortFree(config.port, config.host);
  if (command === 'check-port') return 0;
  const database = await openConfiguredDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
  }).catch((e: unknown) => {
    if (e instanceof DataDirLockedError)
      throw new Error(
        `${command}: the Xiuhua server (process ${e.pid}) is running on ${config.dataDir} and owns its embedded database; stop it first (CLI commands cannot run while the server is up on the same DATA_DIR)`,
      );
    throw e;
  });
  log(
    database.embedded ? `embedded PostgreSQL in ${config.dataDir}/pg` : 'external PostgreSQL (DATABASE_URL)',
  );
  const { db } = database;
  let keepOpen = false;
  try {
    const applied = await migrateToLatest(db);
    if (applied.length > 0) log(`migrations applied: ${applied.join(', ')}`);
    switch (command) {
      case 'migrate':
        return 0;
      case 'seed-demo':
      case 'start': {
        if ((command === 'seed-demo' || values.demo) && !(await isSeeded(db))) {
          log('building the demo city (first start only)…');
          const t0 = Date.now();
          const s = await seedDemo(db, {
            log,
            photoStorage: { dir: config.photoDir, store: createPhotoStore(config.photoStore) },
          });
          log(
            `demo ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${s.cells} cells, ${s.units} units, ${s.users} users (password ${DEMO_PASSWORD}), ${s.cases} cases`,
          );
        }
        if (command === 'seed-demo') return 0;
        // Cases from before assessment facts existed (migration 0010) are assessed once rebuilt.
        const noFacts = !(await db
          .selectFrom('assessment_facts')
          .select('case_id')
          .limit(1)
          .executeTakeFirst());
        if (noFacts && (await db.selectFrom('case_events').select('id').limit(1).executeTakeFirst()))
          log(
            'assessment facts are empty but cases exist: run `xiuhua rebuild-facts` once (docs/assessment.md)',
          );
        const app = await buildApp({
          db,
          logger: false,
          webDir: config.webDir,
          trustProxy: config.trustProxy,
          photoDir: config.photoDir,
          photoStore: createPhotoStore(config.photoStore),
          databaseUrl: database.url,
        });
        const sweeper = startSweeper(db, app.services.time, systemClock, log);
        // retries of hotline transfers to 110 (POLICE110_URL; docs/hotline.md)
        const police110 = startPoliceOutbox(app.services.hotline.outbox, log);
        const photoSweeper = startPhotoSweeper(db, app.services.photos, systemClock, log);
        const store = config.photoStore;
        log(`photos: ${store.kind === 's3' ? `S3 bucket ${store.bucket}` : store.dir}`);
        await app.listen({ port: config.port, host: config.host });
        log(
          `listening on http://localhost:${config.port} (console: /, API docs: /docs, OpenAPI: /openapi.json)`,
        );
        keepOpen = true;
        let stopping = false;
        const stop = async (signal: string) => {
          if (stopping) return;
          stopping = true;
          log(`${signal}: shutting down`);
          await sweeper.stop();
          await police110.stop();
          await photoSweeper.stop();
          await app.close();
          await database.close();
          process.exit(0);
        };
        process.once('SIGINT', () => void stop('SIGINT'));
        process.once('SIGTERM', () => void stop('SIGTERM'));
        return 0;
      }
      case 'import-grids': {
        const file = positionals[0];
        if (!file) throw new Error('import-grids needs a GeoJSON file');
        const services = buildServices(db, systemClock);
        const report = await services.grid.importCells(
          JSON.parse(readFileSync(file, 'utf8')),
          values.crs as 'WGS84',
        );
        return printImportReport('cells', report);
      }
      case 'import-roads': {
        const file = positionals[0];
        if (!file) throw new Error('import-roads needs a GeoJSON file');
        const services = buildServices(db, systemClock);
        const report = await services.roads.importGeoJson(
          JSON.parse(readFileSync(file, 'utf8')),
          values.crs as 'WGS84',
        );
        log(`back-filled ${report.backfilled} cases`);
        return printImportReport('segments, zones and key places', report);
      }
      case 'backfill-roads': {
        const services = buildServices(db, systemClock);
        log(`back-filled ${await services.roads.backfill()} cases`);
        return 0;
      }
      case 'rebuild-facts': {
        // Facts are derived data; events are the truth (docs/assessment.md). Writers wait meanwhile.
        const r = await rebuildFacts(db, { log });
        log(
          `assessment facts rebuilt in ${(r.ms / 1000).toFixed(1)} s: ${r.cases} cases, ${r.events} events → ${r.facts} facts, ${r.rollupRows} rollup rows`,
        );
        return 0;
      }
      case 'import-places': {
        const file = positionals[0];
        if (!file) throw new Error('import-places needs a GeoJSON file');
        const services = buildServices(db, systemClock);
        const r = await services.places.importGeoJson(
          JSON.parse(readFileSync(file, 'utf8')),
          values.crs as 'WGS84',
          file,
        );
        log(`places: ${r.imported} new, ${r.updated} updated, ${r.rejected.length} rejected`);
        for (const x of r.rejected) console.log(`  feature ${x.index} (${x.name ?? 'no name'}): ${x.reason}`);
        return r.rejected.length > 0 ? 1 : 0;
      }
      case 'import-catalogue': {
        const file = positionals[0];
        if (!file) throw new Error('import-catalogue needs a JSON file');
        const services = buildServices(db, systemClock);
        const r = await services.catalogue.importCatalogue(
          JSON.parse(readFileSync(file, 'utf8')),
          null,
          `import ${file}`,
        );
        log(`catalogue: ${r.created} new, ${r.updated} new versions, ${r.unchanged} unchanged`);
        return 0;
      }
      case 'create-user': {
        const { username, password, unit, roles, name } = values;
        if (!username || !password || !unit || !roles)
          throw new Error('create-user needs --username --password --unit --roles');
        const problem = passwordProblem(password);
        if (problem) throw new Error(problem);
        const roleList = roles.split(',').map((r) => r.trim());
        const bad = roleList.filter((r) => !isRole(r));
        if (bad.length > 0) throw new Error(`unknown roles: ${bad.join(', ')}`);
        const unitRow = await db.selectFrom('units').select('id').where('code', '=', unit).executeTakeFirst();
        if (!unitRow) throw new Error(`no unit with code ${unit}`);
        // Through UserAdmin, so the new account is in the admin history (by the system).
        await buildServices(db, systemClock).users.create(
          {
            username,
            displayName: name ?? username,
            password,
            unitId: unitRow.id,
            roles: roleList as Role[],
          },
          null,
        );
        log(`user ${username} created`);
        return 0;
      }
      default:
        console.error(`unknown command ${command}\n\n${USAGE}`);
        return 2;
    }
  } finally {
    if (!keepOpen) await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (e) => {
    console.error(`[xiuhua] ${(e as Error).message}`);
    process.exit(1);
  },
);
