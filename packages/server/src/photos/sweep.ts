// The photo sweep, hourly:
// 1. anonymous uploads (citizen portal) not attached to any case within PUBLIC_CLAIM_HOURS (+1 h
//    so a report checked just before the deadline still finds its photo) lose their row, then
//    their files; attached ones are marked kept and never looked at again;
// 2. orphan files — a crash between storing the files and writing the row, or a failed delete —
//    older than a day with no row, in the current and previous month's folders (uploads go to
//    the current month, so that is where crashes leave them), and stale temp files;
// 3. spool files of uploads interrupted by a crash.
// Rows are claimed with FOR UPDATE SKIP LOCKED, so several instances may sweep at once.

import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '@xiuhua/db';
import { cstDateOf } from '@xiuhua/domain/calendar';
import type { Clock } from '../platform/clock.ts';
import { isAttached, isPhotoId, type PhotoService, PUBLIC_CLAIM_HOURS } from './service.ts';

const HOUR = 3_600_000;
/** Files this old with no row are orphans; nothing takes a day between file and row. */
export const ORPHAN_AGE_HOURS = 24;
const GRACE_HOURS = 1;
const KEY_RE = /^(\d{4}\/\d{2})\/([0-9a-f-]{36})(_thumb)?\.jpg$/;

export interface PhotoSweepReport {
  /** Anonymous uploads never attached, deleted. */
  expired: number;
  /** Anonymous uploads found on a case, marked kept. */
  kept: number;
  /** Files without a row (and stale temp files), deleted. */
  orphans: number;
  /** Leftover spool files, deleted. */
  spool: number;
}

export async function sweepPhotos(
  db: Db,
  photos: PhotoService,
  now: Date,
  batch = 200,
): Promise<PhotoSweepReport> {
  const report: PhotoSweepReport = { expired: 0, kept: 0, orphans: 0, spool: 0 };
  await sweepExpired(db, photos, now, batch, report);
  report.orphans = await sweepOrphans(db, photos, now);
  report.spool = await sweepSpool(photos.spoolDir, now);
  return report;
}

async function sweepExpired(
  db: Db,
  photos: PhotoService,
  now: Date,
  batch: number,
  report: PhotoSweepReport,
): Promise<void> {
  const cutoff = new Date(now.getTime() - (PUBLIC_CLAIM_HOURS + GRACE_HOURS) * HOUR);
  for (;;) {
    const gone = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('photos')
        .select(['id', 'path'])
        .where('origin', '=', 'public')
        .where('kept_at', 'is', null)
        .where('created_at', '<', cutoff)
        .orderBy('created_at')
        .limit(batch)
        .forUpdate()
        .skipLocked()
        .execute();
      const kept: string[] = [];
      const deleted: typeof due = [];
      for (const row of due) {
        if (await isAttached(trx, row.id)) kept.push(row.id);
        else deleted.push(row);
      }
      if (kept.length > 0)
        await trx.updateTable('photos').set({ kept_at: now }).where('id', 'in', kept).execute();
      if (deleted.length > 0)
        await trx
          .deleteFrom('photos')
          .where(
            'id',
            'in',
            deleted.map((r) => r.id),
          )
          .execute();
      report.kept += kept.length;
      return { deleted, more: due.length === batch };
    });
    // Row first, then files: a crash in between leaves orphans for step 2, never a row without files.
    for (const row of gone.deleted) {
      const keys = photos.keys(row.path);
      await Promise.all([photos.store.delete(keys.main), photos.store.delete(keys.thumb)]).catch(() => {});
    }
    report.expired += gone.deleted.length;
    if (!gone.more) return;
  }
}

async function sweepOrphans(db: Db, photos: PhotoService, now: Date): Promise<number> {
  const before = now.getTime() - ORPHAN_AGE_HOURS * HOUR;
  const [year, month] = cstDateOf(now).split('-').map(Number) as [number, number];
  const previous = month === 1 ? `${year - 1}/12` : `${year}/${String(month - 1).padStart(2, '0')}`;
  let deleted = 0;
  for (const prefix of [`${year}/${String(month).padStart(2, '0')}`, previous]) {
    const candidates = new Map<string, string[]>(); // photo id → its old keys
    for await (const object of photos.store.list(prefix)) {
      if (object.modifiedAt.getTime() > before) continue;
      const m = KEY_RE.exec(object.key);
      if (m && isPhotoId(m[2]!)) {
        candidates.set(m[2]!, [...(candidates.get(m[2]!) ?? []), object.key]);
      } else if (object.key.endsWith('.tmp')) {
        await photos.store.delete(object.key); // a write interrupted by a crash
        deleted++;
      }
      // anything else is not ours to judge: leave it
    }
    const ids = [...candidates.keys()];
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      const known = new Set(
        (await db.selectFrom('photos').select('id').where('id', 'in', chunk).execute()).map((r) => r.id),
      );
      for (const id of chunk) {
        if (known.has(id)) continue;
        for (const key of candidates.get(id)!) {
          await photos.store.delete(key);
          deleted++;
        }
      }
    }
  }
  return deleted;
}

async function sweepSpool(dir: string, now: Date): Promise<number> {
  const before = now.getTime() - ORPHAN_AGE_HOURS * HOUR;
  let deleted = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const file = path.join(dir, name);
    const s = await stat(file).catch(() => null);
    if (s?.isFile() && s.mtime.getTime() < before) {
      await rm(file, { force: true });
      deleted++;
    }
  }
  return deleted;
}

export function startPhotoSweeper(
  db: Db,
  photos: PhotoService,
  clock: Clock,
  log: (msg: string) => void,
  everyMs = HOUR,
) {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    running ??= sweepPhotos(db, photos, clock.now())
      .then((r) => {
        if (r.expired + r.orphans + r.spool > 0)
          log(
            `photo sweep: ${r.expired} unclaimed uploads, ${r.orphans} orphan files, ${r.spool} spool files removed`,
          );
      })
      .catch((e) => log(`photo sweep: ${(e as Error).message}`))
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
