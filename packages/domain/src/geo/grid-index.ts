import { PolygonIndex } from './polygon-index.ts';
import type { BBox, GridCell } from './types.ts';

/**
 * Point → unit cell lookup: a PolygonIndex over the cells sorted by code, so when several cells
 * claim a point (overlapping data) the lowest code wins, deterministically. A point on an edge
 * shared by two cells goes to one of them by the half-open rule of the crossing test (east /
 * north neighbour for axis-aligned cells); a point on the outer boundary of the tiling, which no
 * cell claims by that rule, falls back to the lowest-coded cell whose boundary it lies on.
 */
export class GridIndex {
  readonly size: number;
  /** [minLon, minLat, maxLon, maxLat] of all cells, or null for an empty index. */
  readonly bbox: BBox | null;
  private readonly index: PolygonIndex<GridCell>;

  private constructor(index: PolygonIndex<GridCell>) {
    this.index = index;
    this.size = index.size;
    this.bbox = index.bbox;
  }

  /** Indexes WGS84 cells. Does not check overlaps or codes: run validateGridImport first. */
  static build(cells: readonly GridCell[]): GridIndex {
    const sorted = [...cells].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    return new GridIndex(new PolygonIndex(sorted));
  }

  /** The cell containing the WGS84 point, or null when no cell does (or lon/lat is NaN). */
  lookup(lon: number, lat: number): GridCell | null {
    return this.index.lookup(lon, lat);
  }

  /** Cells whose bounding box intersects the given WGS84 box, ordered by code. */
  search(minLon: number, minLat: number, maxLon: number, maxLat: number): GridCell[] {
    return this.index.search(minLon, minLat, maxLon, maxLat);
  }
}
