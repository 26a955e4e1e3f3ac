// What the inspector app keeps doing while it is open, whichever page is on screen: sending the
// outbox (reports, going on and off duty) and, while on duty, recording the patrol track.
// Started once per signed-in user by the inspector page; it outlives route changes (opening a
// case from a task card must not stop the track).

import { api, post } from '../../api/client.ts';
import type { Case, UploadedPhoto } from '../../api/types.ts';
import {
  cacheGet,
  cachePut,
  dropPoints,
  enqueue,
  isRefusal,
  queuedPoints,
  queuePoint,
  registerFlusher,
  registerSender,
  startOutboxSync,
  subscribeOutbox,
  syncOutbox,
} from '../../shared/outbox.ts';
import { type GeoProblem, watchPosition } from '../../shared/geolocation.ts';
import { randomId } from '../../shared/random-id.ts';

// ------------------------------------------------------------------ what a report carries

/** The case to create (POST /api/cases), minus photos: those travel as blobs in the outbox. */
export interface ReportPayload extends Record<string, unknown> {
  kind: 'component' | 'event';
  classCode: string;
  className: string;
  description: string;
  location: { lon: number; lat: number; crs: 'WGS84' };
  /** How the position was got: a GPS fix (with its accuracy in metres) or a tap on the map. */
  positionSource: 'gps' | 'map';
  accuracy?: number;
  componentRef?: string;
}

/**
 * Photos first (the server gives the same photo back for the same bytes from the same user, so a
 * resend after a lost answer makes no copy), then the case with the item's id as Idempotency-Key
 * (a resend returns the case made the first time).
 */
registerSender('report', async (item, ctx) => {
  const p = item.payload as ReportPayload;
  const urls: string[] = [];
  for (const photo of item.photos) {
    if (!photo.url) {
      const form = new FormData();
      form.append('file', await ctx.blob(photo), photo.name || 'photo.jpg');
      const uploaded = await api<UploadedPhoto>('POST', '/api/photos', form);
      await ctx.photoUploaded(photo, uploaded.url);
    }
    urls.push(photo.url!);
  }
  const created = await post<Case>(
    '/api/cases',
    {
      source: 'inspector',
      kind: p.kind,
      classCode: p.classCode,
      description: p.description,
      location: p.location,
      ...(p.componentRef ? { componentRef: p.componentRef } : {}),
      photos: urls.map((url) => ({ url })),
    },
    { 'Idempotency-Key': item.id },
  );
  return { caseId: created.id, number: created.number };
});

registerSender('shift_start', async (item) => {
  await post('/api/patrol/shifts', item.payload);
  return {};
});

registerSender('shift_end', async (item) => {
  const { id, endedAt } = item.payload as { id: string; endedAt: string };
  await post(`/api/patrol/shifts/${id}/end`, { endedAt });
  return {};
});

const BATCH = 500;

/** GPS points in batches of up to 500; the server skips any it already has. */
registerFlusher('patrol-points', async (owner) => {
  for (;;) {
    const batch = await queuedPoints(owner, BATCH);
    if (batch.length === 0) return;
    try {
      await post('/api/patrol/points', {
        points: batch.map((p) => ({
          at: new Date(p.at).toISOString(),
          lon: p.lon,
          lat: p.lat,
          crs: 'WGS84',
          ...(p.accuracy !== undefined ? { accuracy: Math.min(100_000, p.accuracy) } : {}),
        })),
      });
      await dropPoints(batch);
    } catch (e) {
      if (!isRefusal(e)) throw e;
      // A point the server will never take (the phone's clock was far off, or it is too old):
      // drop the one it names, or the batch if it names none, rather than block the track.
      const index = /^points\.(\d+)\./.exec(e.field ?? '')?.[1];
      await dropPoints(index === undefined ? batch : [batch[Number(index)]!]);
    }
  }
});

// ------------------------------------------------------------------ duty and the patrol track

export interface Duty {
  shiftId: string;
  startedAt: string;
  /** The outbox item that tells the server (going off duty is sent after it). */
  itemId?: string;
}

export interface PatrolState {
  owner: number | null;
  duty: Duty | null;
  /** The last GPS problem while on duty (permission refused, no fix). */
  gpsError: GeoProblem | null;
  lastFix: { lon: number; lat: number; accuracy: number; at: number } | null;
}

let state: PatrolState = { owner: null, duty: null, gpsError: null, lastFix: null };
const stateListeners = new Set<() => void>();

function setState(patch: Partial<PatrolState>): void {
  state = { ...state, ...patch };
  for (const l of stateListeners) l();
}

export function patrolState(): PatrolState {
  return state;
}

export function subscribePatrol(listener: () => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

/** Keep a fix when the inspector moved this far, or this long after the last kept one. */
export const THIN_METRES = 20;
export const THIN_MS = 30_000;
/** A fix worse than this (indoors, cell towers only) would draw a wild track. */
const WORST_ACCURACY_M = 200;

/** Flat-earth metres: plenty for tens of metres (domain/geo would bring gcoord and turf to the phone). */
function metresBetween(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.sqrt(x * x + y * y) * 6_371_008.8;
}

let stopWatching: (() => void) | null = null;
let lastKept: { lon: number; lat: number; at: number } | null = null;

function startWatch(owner: number): void {
  if (stopWatching !== null) return;
  stopWatching = watchPosition(
    (fix) => {
      setState({ lastFix: fix, gpsError: null });
      if (fix.accuracy > WORST_ACCURACY_M) return;
      if (lastKept && fix.at - lastKept.at < THIN_MS && metresBetween(lastKept, fix) < THIN_METRES) return;
      lastKept = fix;
      void queuePoint({
        owner,
        at: Math.round(fix.at),
        lon: fix.lon,
        lat: fix.lat,
        accuracy: Math.round(fix.accuracy),
      });
    },
    (problem) => setState({ gpsError: problem }),
    { enableHighAccuracy: true, maximumAge: 5_000, timeout: 60_000 },
  );
}

function stopWatch(): void {
  stopWatching?.();
  stopWatching = null;
  lastKept = null;
}

const dutyKey = (owner: number) => `duty:${owner}`;

export async function goOnDuty(owner: number): Promise<void> {
  if (state.duty) return;
  const shift = { id: randomId(), startedAt: new Date().toISOString() };
  const item = await enqueue('shift_start', owner, shift);
  const duty: Duty = { shiftId: shift.id, startedAt: shift.startedAt, itemId: item.id };
  await cachePut(dutyKey(owner), duty);
  setState({ duty });
  startWatch(owner);
}

export async function goOffDuty(owner: number): Promise<void> {
  const duty = state.duty;
  if (!duty) return;
  stopWatch();
  await enqueue('shift_end', owner, { id: duty.shiftId, endedAt: new Date().toISOString() }, [], {
    after: duty.itemId,
  });
  await cachePut(dutyKey(owner), null);
  setState({ duty: null, gpsError: null });
  void syncOutbox(owner, { force: true }).catch(() => undefined);
}

let stopSync: (() => void) | null = null;

/** Start (once per user) the outbox sync and, if the user was on duty, the track again. */
export async function startInspectorBackground(owner: number): Promise<void> {
  if (state.owner === owner) return;
  stopSync?.();
  stopWatch();
  setState({ owner, duty: null, gpsError: null, lastFix: null });
  stopSync = startOutboxSync(owner);
  const duty = (await cacheGet<Duty | null>(dutyKey(owner)).catch(() => undefined))?.data ?? null;
  if (duty && state.owner === owner) {
    setState({ duty });
    startWatch(owner);
  }
}

/** For tests and the queue page: send now, whatever the backoff says. */
export function syncNow(owner: number) {
  return syncOutbox(owner, { force: true });
}

export { subscribeOutbox };
