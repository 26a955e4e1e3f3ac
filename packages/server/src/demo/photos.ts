// Demo photos: a handful of small pictures drawn at seed time (a street scene before and after
// handling), uploaded through the product's own photo service by the user who attaches them, so
// every demo photo URL is a stored photo the product serves (200, image/jpeg) to whoever may see
// the case. Each user uploads a picture once and reuses its URL.

import sharp from 'sharp';
import type { Actor } from '../platform/actor.ts';
import type { PhotoService } from '../photos/service.ts';
import { photoUrl } from '../photos/service.ts';

export type DemoPhotoKind = 'before' | 'after';

const W = 480;
const H = 360;

/** A street scene: sky, buildings, pavement, road; `mess` draws what the case is about. */
function scene(seed: number, mess: boolean): string {
  const sky = ['#9cc9ee', '#b7d3e8', '#a9c4d9', '#c9d8e4'][seed % 4]!;
  const walls = ['#d9c7a7', '#c4b5a0', '#e0d4c0', '#bfae96'];
  const buildings = Array.from({ length: 5 }, (_, i) => {
    const h = 90 + ((seed * 37 + i * 53) % 80);
    return `<rect x="${i * 100 - 10}" y="${200 - h}" width="92" height="${h}" fill="${walls[(seed + i) % 4]}"/>`;
  }).join('');
  const windows = Array.from({ length: 10 }, (_, i) => {
    const x = (i % 5) * 100 + 12;
    const y = 200 - 70 + Math.floor(i / 5) * 30;
    return `<rect x="${x}" y="${y}" width="18" height="14" fill="#6d8ba3"/><rect x="${x + 40}" y="${y}" width="18" height="14" fill="#6d8ba3"/>`;
  }).join('');
  const things = mess
    ? [
        // bags of rubbish, a broken cover, a stall and litter: one per picture
        `<ellipse cx="150" cy="250" rx="34" ry="24" fill="#333"/><ellipse cx="195" cy="258" rx="28" ry="20" fill="#2b4a2b"/><ellipse cx="120" cy="262" rx="22" ry="16" fill="#444"/>`,
        `<ellipse cx="240" cy="305" rx="46" ry="14" fill="#222"/><path d="M205 300 L240 312 L270 298" stroke="#888" stroke-width="4" fill="none"/>`,
        `<rect x="150" y="215" width="120" height="50" fill="#c0392b"/><rect x="140" y="205" width="140" height="12" fill="#e67e22"/><rect x="160" y="265" width="8" height="20" fill="#555"/><rect x="252" y="265" width="8" height="20" fill="#555"/>`,
        `<rect x="300" y="235" width="40" height="30" fill="#8e5a2b"/><circle cx="230" cy="258" r="6" fill="#fff"/><circle cx="260" cy="250" r="5" fill="#f1c40f"/><circle cx="200" cy="262" r="5" fill="#e74c3c"/>`,
      ][seed % 4]!
    : `<rect x="330" y="215" width="26" height="44" rx="4" fill="#27ae60"/><rect x="360" y="215" width="26" height="44" rx="4" fill="#7f8c8d"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
<rect width="${W}" height="200" fill="${sky}"/>${buildings}${windows}
<rect y="200" width="${W}" height="80" fill="#b9b4aa"/>
<rect y="280" width="${W}" height="80" fill="#5d6065"/>
<rect x="0" y="318" width="${W}" height="4" fill="#eee" stroke-dasharray="30 20"/>
${things}
</svg>`;
}

const drawn = new Map<string, Promise<Buffer>>();

/** The picture as PNG bytes (drawn once per process). */
function picture(kind: DemoPhotoKind, n: number): Promise<Buffer> {
  const key = `${kind}:${n}`;
  let bytes = drawn.get(key);
  if (!bytes) {
    bytes = sharp(Buffer.from(scene(n, kind === 'before')))
      .png({ compressionLevel: 6 })
      .toBuffer();
    drawn.set(key, bytes);
  }
  return bytes;
}

/** How many different pictures of each kind there are. */
export const DEMO_PICTURES: Record<DemoPhotoKind, number> = { before: 4, after: 1 };

/**
 * Photo URLs for demo actions: `url(actor, kind, n)` uploads picture n of the kind as that user on
 * first use (the photo service keeps one copy per user and bytes) and returns its /api/photos URL.
 */
export function demoPhotos(photos: PhotoService) {
  const uploaded = new Map<string, Promise<string>>();
  return {
    url(actor: Actor, kind: DemoPhotoKind, n: number): Promise<string> {
      const k = `${actor.user.id}:${kind}:${n % DEMO_PICTURES[kind]}`;
      let url = uploaded.get(k);
      if (!url) {
        url = picture(kind, n % DEMO_PICTURES[kind]).then(async (bytes) =>
          photoUrl((await photos.upload(actor, bytes)).row.id),
        );
        uploaded.set(k, url);
      }
      return url;
    },
  };
}
