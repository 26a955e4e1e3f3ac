import Flatbush from 'flatbush';
import { containsPoint, onBoundary, type PreparedGeometry, prepareGeometry } from './geometry.ts';
import type { BBox, GridCell } from './types.ts';

/**
 * Point → unit cell lookup. A Flatbush R-tree over cell bounding boxes finds the few candidates,
 * then an exact crossing test (holes respected) decides. Cells are held sorted by code, so when
 * several cells claim a point (overlapping data) the lowest code wins, deterministically.
 * A point on an edge shared by two cells goes to one of them by the half-open rule of the
 * crossing test (east / north neighbour for axis-aligned cells); a point on the outer boundary
 * of the tiling, which no cell claims by that rule, falls back to the lowest-coded cell whose
 * boundary it lies on.
 */
export class GridIndex {
  readonly size: number;
  /** [minLon, minLat, maxLon, maxLat] of all cells, or null for an empty index. */
  readonly bbox: BBox | null;
  private readonly cells: readonly GridCell[];
  private readonly shapes: readonly PreparedGeometry[];
  private readonly tree: Flatbush | null;

  private constructor(
    cells: readonly GridCell[],
    shapes: readonly PreparedGeometry[],
    tree: Flatbush | null,
  ) {
    this.cells = cells;
    this.shapes = shapes;
    this.tree = tree;
    this.size = cells.length;
    this.bbox = tree ? [tree.minX, tree.minY, tree.maxX, tree.maxY] : null;
  }

  /** Indexes WGS84 cells. Does not check overlaps or codes: run validateGridImport first. */
  static build(cells: readonly GridCell[]): GridIndex {
    const sorted = [...cells].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const shapes = sorted.map((cell) => prepareGeometry(cell.geometry));
    if (sorted.length === 0) return new GridIndex(sorted, shapes, null);
    const tree = new Flatbush(sorted.length);
    for (const shape of shapes) tree.add(shape.bbox[0], shape.bbox[1], shape.bbox[2], shape.bbox[3]);
    tree.finish();
    return new GridIndex(sorted, shapes, tree);
  }

  /** The cell containing the WGS84 point, or null when no cell does (or lon/lat is NaN). */
  lookup(lon: number, lat: number): GridCell | null {
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
    return best === -1 ? null : this.cells[best]!;
  }

  /** Cells whose bounding box intersects the given WGS84 box, ordered by code. */
  search(minLon: number, minLat: number, maxLon: number, maxLat: number): GridCell[] {
    if (!this.tree) return [];
    return this.tree
      .search(minLon, minLat, maxLon, maxLat)
      .sort((a, b) => a - b)
      .map((i) => this.cells[i]!);
  }
}
