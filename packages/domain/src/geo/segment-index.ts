import Flatbush from 'flatbush';
import { METERS_PER_DEGREE_LAT, metersPerDegreeLon, pieceDistanceMeters } from './geometry.ts';
import type { Position } from './types.ts';

/** Anything drawn as a line of WGS84 [lon, lat] positions with a numeric id (a road segment). */
export interface IndexedLine {
  id: number;
  coordinates: readonly Position[];
}

export interface NearestLine<T> {
  line: T;
  /** Shortest distance from the point to the line, in metres (local scale at the point). */
  distanceM: number;
}

/**
 * Point → nearest road segment within a distance. Every straight piece of every line (two
 * consecutive positions) goes into a Flatbush R-tree by its bounding box; a lookup asks the tree
 * for the pieces whose boxes meet the square of ± the distance around the point, and measures
 * each exactly (point to piece, on the same local equirectangular scale the cells use). The
 * nearest line wins; at equal distance the lowest id wins, so the answer is deterministic.
 */
export class SegmentIndex<T extends IndexedLine> {
  readonly size: number;
  readonly lines: readonly T[];
  private readonly pieces: Float64Array;
  private readonly owner: Int32Array;
  private readonly tree: Flatbush | null;

  private constructor(lines: readonly T[], pieces: Float64Array, owner: Int32Array, tree: Flatbush | null) {
    this.lines = lines;
    this.size = lines.length;
    this.pieces = pieces;
    this.owner = owner;
    this.tree = tree;
  }

  /** Indexes WGS84 lines (a line with fewer than 2 positions is never found). */
  static build<T extends IndexedLine>(lines: readonly T[]): SegmentIndex<T> {
    const sorted = [...lines].sort((a, b) => a.id - b.id);
    let count = 0;
    for (const line of sorted) count += Math.max(0, line.coordinates.length - 1);
    const pieces = new Float64Array(count * 4);
    const owner = new Int32Array(count);
    if (count === 0) return new SegmentIndex(sorted, pieces, owner, null);
    const tree = new Flatbush(count);
    let k = 0;
    sorted.forEach((line, i) => {
      const c = line.coordinates;
      for (let j = 1; j < c.length; j++) {
        const ax = c[j - 1]![0]!;
        const ay = c[j - 1]![1]!;
        const bx = c[j]![0]!;
        const by = c[j]![1]!;
        pieces.set([ax, ay, bx, by], k * 4);
        owner[k] = i;
        tree.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
        k++;
      }
    });
    tree.finish();
    return new SegmentIndex(sorted, pieces, owner, tree);
  }

  /** The line nearest to the WGS84 point, if one lies within `maxDistanceM` metres. */
  nearest(lon: number, lat: number, maxDistanceM: number): NearestLine<T> | null {
    if (!this.tree || !(maxDistanceM >= 0) || !Number.isFinite(lon) || !Number.isFinite(lat)) return null;
    const kx = metersPerDegreeLon(lat);
    const ky = METERS_PER_DEGREE_LAT;
    const dLon = maxDistanceM / kx;
    const dLat = maxDistanceM / ky;
    const candidates = this.tree.search(lon - dLon, lat - dLat, lon + dLon, lat + dLat);
    const p = this.pieces;
    let best = -1;
    let bestD = Infinity;
    for (const k of candidates) {
      const o = k * 4;
      const d = pieceDistanceMeters(p[o]!, p[o + 1]!, p[o + 2]!, p[o + 3]!, lon, lat, kx, ky);
      const line = this.owner[k]!;
      if (d <= maxDistanceM && (d < bestD || (d === bestD && line < best))) {
        best = line;
        bestD = d;
      }
    }
    return best === -1 ? null : { line: this.lines[best]!, distanceM: bestD };
  }
}

/**
 * The same question answered by measuring every piece of every line: the baseline the
 * benchmark compares SegmentIndex with, and the tests' oracle.
 */
export function nearestLineByScan<T extends IndexedLine>(
  lines: readonly T[],
  lon: number,
  lat: number,
  maxDistanceM: number,
): NearestLine<T> | null {
  const kx = metersPerDegreeLon(lat);
  let best: NearestLine<T> | null = null;
  for (const line of lines) {
    const c = line.coordinates;
    for (let j = 1; j < c.length; j++) {
      const d = pieceDistanceMeters(
        c[j - 1]![0]!,
        c[j - 1]![1]!,
        c[j]![0]!,
        c[j]![1]!,
        lon,
        lat,
        kx,
        METERS_PER_DEGREE_LAT,
      );
      if (
        d <= maxDistanceM &&
        (!best || d < best.distanceM || (d === best.distanceM && line.id < best.line.id))
      )
        best = { line, distanceM: d };
    }
  }
  return best;
}
