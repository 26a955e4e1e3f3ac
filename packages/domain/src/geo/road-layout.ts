import { METERS_PER_DEGREE_LAT, metersPerDegreeLon } from './geometry.ts';
import { randomInt, seededRandom } from './random.ts';
import type { BBox, Position } from './types.ts';

// A deterministic road-network layout for generated cities: the demo city's roads and the
// benchmark's district. It is the road part the synthetic-city generator (issue 15) will own:
// roads alternate east–west and north–south across a box, evenly spaced with a little jitter,
// each drawn as a gently winding line and cut into consecutive segments.

export interface LayoutOptions {
  /** The box the roads cross, WGS84 [minLon, minLat, maxLon, maxLat]. */
  bbox: BBox;
  /** How many roads: even-numbered ones run east–west, odd-numbered ones north–south. */
  count: number;
  seed: number;
  /** Segments per road, drawn uniformly from [min, max] (default 3–8). */
  segments?: readonly [number, number];
  /** Straight pieces per segment (default 3). */
  piecesPerSegment?: number;
  /** Largest sideways wander of a road from its straight course, in metres (default 12). */
  wobbleM?: number;
  /** Share of the box kept clear at each end of a road (default 0.03). */
  margin?: number;
  /** A [lon, lat] point road i must pass through (its gazetteer place), when given. */
  through?: readonly (readonly [number, number] | undefined)[];
}

export interface LaidRoad {
  orientation: 'east-west' | 'north-south';
  /** Consecutive segments: each segment's last position is the next one's first. */
  segments: Position[][];
}

const round7 = (x: number): number => Math.round(x * 1e7) / 1e7;

/** Moves the whole line sideways so that it passes through `via` (the side it wobbles on). */
function passThrough(line: Position[], ew: boolean, [lon, lat]: readonly [number, number]): void {
  const [along, side] = ew ? [0, 1] : [1, 0];
  const at = ew ? lon : lat;
  const want = ew ? lat : lon;
  let current = line[0]![side]!;
  for (let v = 1; v < line.length; v++) {
    const a = line[v - 1]!;
    const b = line[v]!;
    if (at >= a[along]! && at <= b[along]!) {
      const t = b[along] === a[along] ? 0 : (at - a[along]!) / (b[along]! - a[along]!);
      current = a[side]! + t * (b[side]! - a[side]!);
      break;
    }
    if (at > b[along]!) current = b[side]!;
  }
  const shift = want - current;
  for (const p of line) p[side] = round7(p[side]! + shift);
}

export function layoutRoads(options: LayoutOptions): LaidRoad[] {
  const [w, s, e, n] = options.bbox;
  const random = seededRandom(options.seed);
  const [minSegments, maxSegments] = options.segments ?? [3, 8];
  const pieces = options.piecesPerSegment ?? 3;
  const margin = options.margin ?? 0.03;
  const wobbleM = options.wobbleM ?? 12;
  const eastWest = Math.ceil(options.count / 2);
  const northSouth = Math.floor(options.count / 2);
  const midLat = (s + n) / 2;
  const roads: LaidRoad[] = [];
  for (let i = 0; i < options.count; i++) {
    const ew = i % 2 === 0;
    const k = Math.floor(i / 2);
    const lanes = ew ? eastWest : northSouth;
    // Position across the box: evenly spaced lanes, jittered by up to a quarter of a lane.
    const across = (k + 0.5 + (random() - 0.5) * 0.5) / lanes;
    const segmentCount = randomInt(random, minSegments, maxSegments);
    const vertices = segmentCount * pieces;
    const phase = random() * Math.PI * 2;
    const waves = 1 + random() * 2;
    const wobble = ew ? wobbleM / METERS_PER_DEGREE_LAT : wobbleM / metersPerDegreeLon(midLat);
    const line: Position[] = [];
    for (let v = 0; v <= vertices; v++) {
      const along = margin + ((1 - 2 * margin) * v) / vertices;
      const side = wobble * Math.sin(phase + (v / vertices) * waves * Math.PI * 2);
      line.push(
        ew
          ? [round7(w + (e - w) * along), round7(s + (n - s) * across + side)]
          : [round7(w + (e - w) * across + side), round7(s + (n - s) * along)],
      );
    }
    const via = options.through?.[i];
    if (via) passThrough(line, ew, via);
    const segments: Position[][] = [];
    for (let j = 0; j < segmentCount; j++) segments.push(line.slice(j * pieces, (j + 1) * pieces + 1));
    roads.push({ orientation: ew ? 'east-west' : 'north-south', segments });
  }
  return roads;
}
