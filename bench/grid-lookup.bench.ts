// Point → unit cell lookup over 50,000 cells (five large districts of the synthetic city): GridIndex
// (Flatbush + exact crossing test) against a linear scan with the same exact test (the baseline),
// plus two references: the same Flatbush candidates decided by turf's booleanPointInPolygon, and a
// linear scan with turf.

import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import { containsPoint, type GridCell, GridIndex, prepareGeometry, seededRandom } from '@xiuhua/domain/geo';
import { median, timeIt, writeResult } from './lib.ts';
import { syntheticGeography } from './synthetic/city.ts';

const DISTRICTS = 5;
const POINTS = 200_000;
const SCAN_POINTS = 1_000;
const TURF_POINTS = 40;
const RUNS = 5;

// Five large districts of the synthetic city (bench/synthetic/city.ts, pure part: no database):
// 5 × 10,000 square cells of ≈ 238 m × 222 m, 100 per community, 100 communities per district.
const districts = syntheticGeography({ size: 'large', districts: DISTRICTS });
const cells: GridCell[] = districts.flatMap((d) => d.cells);
const random = seededRandom(42);
const points = new Float64Array(POINTS * 2);
for (let i = 0; i < POINTS; i++) {
  const [w, s, e, n] = districts[Math.floor(random() * DISTRICTS)]!.bbox;
  points[i * 2] = w + random() * (e - w);
  points[i * 2 + 1] = s + random() * (n - s);
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
