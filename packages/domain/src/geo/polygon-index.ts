import Flatbush from 'flatbush';
import { containsPoint, onBoundary, type PreparedGeometry, prepareGeometry } from './geometry.ts';
import type { ArealGeometry, BBox } from './types.ts';

/**
 * Point → polygon lookup over items held in a given order of precedence (unit cells by code,
 * zones by strictness, key places by size). A Flatbush R-tree over the bounding boxes finds the
 * few candidates, then an exact crossing test (holes respected) decides; when several items hold
 * the point, the first in order wins. A point on an edge that no item claims by the half-open
 * rule of the crossing test (the outer boundary of a tiling) falls back to the first item whose
 * boundary it lies on.
 */
export class PolygonIndex<T extends { geometry: ArealGeometry }> {
  readonly size: number;
  /** [minLon, minLat, maxLon, maxLat] of all items, or null for an empty index. */
  readonly bbox: BBox | null;
  readonly items: readonly T[];
  private readonly shapes: readonly PreparedGeometry[];
  private readonly tree: Flatbush | null;

  /** Indexes WGS84 items, already in their order of precedence. */
  constructor(ordered: readonly T[]) {
    this.items = ordered;
    this.shapes = ordered.map((item) => prepareGeometry(item.geometry));
    this.size = ordered.length;
    if (ordered.length === 0) {
      this.tree = null;
      this.bbox = null;
      return;
    }
    const tree = new Flatbush(ordered.length);
    for (const shape of this.shapes) tree.add(shape.bbox[0], shape.bbox[1], shape.bbox[2], shape.bbox[3]);
    tree.finish();
    this.tree = tree;
    this.bbox = [tree.minX, tree.minY, tree.maxX, tree.maxY];
  }

  /** The first item containing the WGS84 point, or null when none does (or lon/lat is NaN). */
  lookup(lon: number, lat: number): T | null {
    if (!this.tree) return null;
    const candidates = this.tree.search(lon, lat, lon, lat);
    let best = -1;
    for (const i of candidates) {
      if ((best === -1 || i < best) && containsPoint(this.shapes[i]!, lon, lat)) best = i;
    }
    if (best === -1) {
      for (const i of candidates) {
        if ((best === -1 || i < best) && onBoundary(this.shapes[i]!, lon, lat)) best = i;
      }
    }
    return best === -1 ? null : this.items[best]!;
  }

  /** Items whose bounding box intersects the given WGS84 box, in order. */
  search(minLon: number, minLat: number, maxLon: number, maxLat: number): T[] {
    if (!this.tree) return [];
    return this.tree
      .search(minLon, minLat, maxLon, maxLat)
      .sort((a, b) => a - b)
      .map((i) => this.items[i]!);
  }
}
