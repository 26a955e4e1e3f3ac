// Point → unit cell lookup over 50,000 cells: GridIndex (Flatbush + exact crossing test)
// against a linear scan with the same exact test (the baseline), plus two references: the same
// Flatbush candidates decided by turf's booleanPointInPolygon, and a linear scan with turf.

import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import { containsPoint, type GridCell, GridIndex, prepareGeometry, seededRandom } from '@xiuhua/domain/geo';
import { median, timeIt, writeResult } from './lib.ts';

const COLUMNS = 250;
const ROWS = 200;
const CELL_DEGREES = 0.001; // ≈ 95 m × 111 m near Shanghai
const ORIGIN_LON = 121.2;
const ORIGIN_LAT = 30.95;
const POINTS = 200_000;
const SCAN_POINTS = 1_000;
const TURF_POINTS = 40;
const RUNS = 5;

const pad3 = (n: number): string => String(n).padStart(3, '0');

/** 250 × 200 squares; each 10 × 10 block is a community, 25 communities make a street. */
function generateCells(): GridCell[] {
  const cells: GridCell[] = [];
  for (let y = 0; y < ROWS; y++) {
    for (let x = 0; x < COLUMNS; x++) {
      const community = Math.floor(y / 10) * (COLUMNS / 10) + Math.floor(x / 10);
      const streetCode = '310112' + pad3(Math.floor(community / 25) + 1);
      const communityCode = streetCode + pad3((community % 25) + 1);
      const x0 = ORIGIN_LON + x * CELL_DEGREES;
      const y0 = ORIGIN_LAT + y * CELL_DEGREES;
      const x1 = ORIGIN_LON + (x + 1) * CELL_DEGREES;
      const y1 = ORIGIN_LAT + (y + 1) * CELL_DEGREES;
      cells.push({
        code: communityCode + pad3((y % 10) * 10 + (x % 10) + 1),
        communityCode,
        streetCode,
        districtCode: '310112',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x0, y0],
              [x1, y0],
              [x1, y1],
              [x0, y1],
              [x0, y0],
            ],
          ],
        },
      });
    }
  }
  return cells;
}

const cells = generateCells();
const random = seededRandom(42);
const points = new Float64Array(POINTS * 2);
for (let i = 0; i < POINTS; i++) {
  points[i * 2] = ORIGIN_LON + random() * COLUMNS * CELL_DEGREES;
  points[i * 2 + 1] = ORIGIN_LAT + random() * ROWS * CELL_DEGREES;
}

// Build: median of 5.
let index = GridIndex.build(cells);
const buildMs = median(
  timeIt(
    () => {
      index = GridIndex.build(cells);
    },
    { runs: RUNS },
  ),
);

// Indexed lookups: every point, median of 5 runs.
let found = 0;
const lookupMs = median(
  timeIt(
    () => {
      found = 0;
      for (let i = 0; i < POINTS; i++) {
        if (index.lookup(points[i * 2]!, points[i * 2 + 1]!)) found++;
      }
    },
    { runs: RUNS },
  ),
);
if (found !== POINTS) throw new Error(`only ${found} of ${POINTS} points resolved to a cell`);

// Baseline: linear scan in code order with the same exact test, on a smaller sample.
const sortedCells = [...cells].sort((a, b) => (a.code < b.code ? -1 : 1));
const shapes = sortedCells.map((cell) => prepareGeometry(cell.geometry));
function scan(lon: number, lat: number): GridCell | null {
  for (let i = 0; i < shapes.length; i++) {
    if (containsPoint(shapes[i]!, lon, lat)) return sortedCells[i]!;
  }
  return null;
}
for (let i = 0; i < SCAN_POINTS; i++) {
  const lon = points[i * 2]!;
  const lat = points[i * 2 + 1]!;
  if (scan(lon, lat)?.code !== index.lookup(lon, lat)?.code) {
    throw new Error(`index and linear scan disagree at (${lon}, ${lat})`);
  }
}
const scanMs = median(
  timeIt(
    () => {
      for (let i = 0; i < SCAN_POINTS; i++) scan(points[i * 2]!, points[i * 2 + 1]!);
    },
    { runs: RUNS },
  ),
);

// Why the exact test is hand-written: the same Flatbush candidates, decided by turf instead.
const turfTree = new Flatbush(sortedCells.length);
for (const shape of shapes) turfTree.add(...shape.bbox);
turfTree.finish();
function indexedTurfLookup(lon: number, lat: number): GridCell | null {
  const point = [lon, lat];
  let best = -1;
  for (const i of turfTree.search(lon, lat, lon, lat)) {
    if ((best === -1 || i < best) && booleanPointInPolygon(point, sortedCells[i]!.geometry)) best = i;
  }
  return best === -1 ? null : sortedCells[best]!;
}
const indexedTurfMs = median(
  timeIt(
    () => {
      for (let i = 0; i < POINTS; i++) indexedTurfLookup(points[i * 2]!, points[i * 2 + 1]!);
    },
    { runs: RUNS },
  ),
);

// Second baseline: linear scan with turf's booleanPointInPolygon (tiny sample: it is slow).
function turfScan(lon: number, lat: number): GridCell | null {
  const point = [lon, lat];
  for (const cell of sortedCells) {
    if (booleanPointInPolygon(point, cell.geometry)) return cell;
  }
  return null;
}
const turfMs = median(
  timeIt(
    () => {
      for (let i = 0; i < TURF_POINTS; i++) turfScan(points[i * 2]!, points[i * 2 + 1]!);
    },
    { runs: RUNS, warmup: 1 },
  ),
);

const perSecond = (count: number, ms: number): number => (count / ms) * 1000;
const microseconds = (count: number, ms: number): number => (ms * 1000) / count;

writeResult(
  'grid-lookup',
  {
    cells: cells.length,
    points: POINTS,
    buildMs,
    lookupsPerSecond: perSecond(POINTS, lookupMs),
    microsecondsPerLookup: microseconds(POINTS, lookupMs),
  },
  {
    lookupsPerSecond: perSecond(SCAN_POINTS, scanMs),
    microsecondsPerLookup: microseconds(SCAN_POINTS, scanMs),
    indexedTurfLookupsPerSecond: perSecond(POINTS, indexedTurfMs),
    turfScanLookupsPerSecond: perSecond(TURF_POINTS, turfMs),
    turfScanMicrosecondsPerLookup: microseconds(TURF_POINTS, turfMs),
  },
);
