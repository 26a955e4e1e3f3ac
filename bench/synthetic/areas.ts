// The area part of the synthetic city: districts laid side by side (row by row), each cut into a
// grid of street offices, each street into a grid of communities, each community into square
// unit-grid cells (万米单元网格). Every boundary is computed from the same column/row → degree
// function, so cells tile their community exactly and no point falls between two of them.
// Codes follow the product's scheme: district 6 digits, street +3, community +3, cell +3.

import type { BBox, GridCell, Polygon } from '@xiuhua/domain/geo';

/** How a district is cut: streets per district, communities per street, cells per community. */
export interface AreaShape {
  /** Street offices across × down the district. */
  streets: readonly [number, number];
  /** Communities across × down each street. */
  communities: readonly [number, number];
  /** Cells across × down each community. */
  cells: readonly [number, number];
}

/** A cell is 0.0025° × 0.002° (≈ 238 m × 222 m near Shanghai); a large district ≈ 24 km × 22 km. */
export const CELL_DEGREES: readonly [number, number] = [0.0025, 0.002];
/** The first district's south-west corner (闵行/松江 area), WGS84. */
export const ORIGIN: readonly [number, number] = [121.2, 30.95];
export const CITY = { code: '310100', name: '合成市', nameEn: 'Synthetic City' } as const;

export interface SyntheticArea {
  code: string;
  name: string;
  nameEn: string;
  bbox: BBox;
  geometry: Polygon;
  /** Area class (A busiest … C quietest), as the assessment uses it. */
  areaClass: 'A' | 'B' | 'C';
}

export interface SyntheticDistrict extends SyntheticArea {
  index: number;
  streets: (SyntheticArea & { districtCode: string })[];
  communities: (SyntheticArea & { streetCode: string; districtCode: string })[];
  cells: GridCell[];
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const CHINESE_DIGITS = '〇一二三四五六七八九';
/** 1 → 一, 12 → 一二: short distinct names, not proper numerals. */
const zhNumber = (n: number): string => [...String(n)].map((d) => CHINESE_DIGITS[Number(d)]).join('');

export function boxPolygon([w, s, e, n]: BBox): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  };
}

/** Columns and rows of cells across a whole district. */
export function districtCells(shape: AreaShape): [number, number] {
  return [
    shape.streets[0] * shape.communities[0] * shape.cells[0],
    shape.streets[1] * shape.communities[1] * shape.cells[1],
  ];
}

/** District `index` of `count`: districts fill rows of ⌈√count⌉ side by side, west to east. */
export function districtBox(shape: AreaShape, index: number, count: number): BBox {
  const perRow = Math.ceil(Math.sqrt(count));
  const [columns, rows] = districtCells(shape);
  const width = columns * CELL_DEGREES[0];
  const height = rows * CELL_DEGREES[1];
  const west = ORIGIN[0] + (index % perRow) * width;
  const south = ORIGIN[1] + Math.floor(index / perRow) * height;
  return [west, south, west + width, south + height];
}

/** District `index`: its streets, communities and cells, numbered west→east, south→north. */
export function syntheticDistrict(shape: AreaShape, index: number, count: number): SyntheticDistrict {
  if (index >= 99) throw new Error('at most 99 districts (district codes 310101–310199)');
  const bbox = districtBox(shape, index, count);
  // Exact multiples of the cell size from the district's corner, shared by every level.
  const lon = (column: number) => Math.round((bbox[0] + column * CELL_DEGREES[0]) * 1e7) / 1e7;
  const lat = (row: number) => Math.round((bbox[1] + row * CELL_DEGREES[1]) * 1e7) / 1e7;
  const box = (c0: number, r0: number, c1: number, r1: number): BBox => [lon(c0), lat(r0), lon(c1), lat(r1)];
  const code = `3101${pad(index + 1, 2)}`;
  const name = `合成${zhNumber(index + 1)}区`;
  const district: SyntheticDistrict = {
    index,
    code,
    name,
    nameEn: `Synthetic District ${index + 1}`,
    bbox,
    geometry: boxPolygon(bbox),
    areaClass: 'B',
    streets: [],
    communities: [],
    cells: [],
  };
  const [sx, sy] = shape.streets;
  const [cx, cy] = shape.communities;
  const [kx, ky] = shape.cells;
  const streetCount = sx * sy;
  for (let s = 0; s < streetCount; s++) {
    const streetCode = code + pad(s + 1, 3);
    const sc = (s % sx) * cx * kx;
    const sr = Math.floor(s / sx) * cy * ky;
    // The first streets are the busy centre (A), the last the outskirts (C).
    const areaClass = s < streetCount / 4 ? 'A' : s >= (streetCount * 3) / 4 ? 'C' : 'B';
    const streetBox = box(sc, sr, sc + cx * kx, sr + cy * ky);
    district.streets.push({
      code: streetCode,
      name: `${name}第${zhNumber(s + 1)}街道`,
      nameEn: `Street ${s + 1}, district ${index + 1}`,
      bbox: streetBox,
      geometry: boxPolygon(streetBox),
      areaClass,
      districtCode: code,
    });
    for (let c = 0; c < cx * cy; c++) {
      const communityCode = streetCode + pad(c + 1, 3);
      const cc = sc + (c % cx) * kx;
      const cr = sr + Math.floor(c / cx) * ky;
      const communityBox = box(cc, cr, cc + kx, cr + ky);
      district.communities.push({
        code: communityCode,
        name: `${name}${zhNumber(s + 1)}街${zhNumber(c + 1)}社区`,
        nameEn: `Community ${c + 1}, street ${s + 1}, district ${index + 1}`,
        bbox: communityBox,
        geometry: boxPolygon(communityBox),
        areaClass,
        streetCode,
        districtCode: code,
      });
      for (let k = 0; k < kx * ky; k++) {
        const x = cc + (k % kx);
        const y = cr + Math.floor(k / kx);
        district.cells.push({
          code: communityCode + pad(k + 1, 3),
          communityCode,
          streetCode,
          districtCode: code,
          geometry: boxPolygon(box(x, y, x + 1, y + 1)),
        });
      }
    }
  }
  return district;
}
