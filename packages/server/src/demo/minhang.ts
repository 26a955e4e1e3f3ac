// Real names of 闵行 roads and landmarks, grouped by the demo street they are placed in, at points
// computed inside the demo streets (the names are real, the positions are not): the gazetteer's
// places (hotline.ts) and the points the demo's real roads are drawn through (roads.ts).

import { containsPoint, type DemoCity, prepareGeometry, seededRandom } from '@xiuhua/domain/geo';
import type { PlaceInput } from '../geo/places.ts';

type Named = readonly [name: string, aliases?: readonly string[], category?: string];

/** Real names of 闵行 roads and landmarks, grouped by the demo street they are placed in. */
const MINHANG: Record<string, { roads: readonly Named[]; landmarks: readonly Named[] }> = {
  '310112001': {
    roads: [
      ['江川路'],
      ['沪闵路'],
      ['华宁路'],
      ['东川路'],
      ['剑川路'],
      ['永德路'],
      ['鹤庆路'],
      ['碧江路'],
      ['瑞丽路'],
    ],
    landmarks: [
      ['上海交通大学闵行校区', ['交大闵行校区', '交大'], 'school'],
      ['华东师范大学闵行校区', ['华师大闵行校区', '华师大'], 'school'],
      ['上海市第五人民医院', ['五院', '闵行五院'], 'hospital'],
      ['江川路地铁站', ['江川路站'], 'metro_exit'],
      ['东川路地铁站', ['东川路站'], 'metro_exit'],
    ],
  },
  '310112006': {
    roads: [['古美路'], ['平南路'], ['顾戴路'], ['莲花南路'], ['万源路'], ['古龙路'], ['平吉路'], ['梅陇路']],
    landmarks: [
      ['古美公园', [], 'park'],
      ['东兰路地铁站', ['东兰路站'], 'metro_exit'],
      ['顾戴路地铁站', ['顾戴路站'], 'metro_exit'],
      ['万源城', ['万源城小区'], 'residential'],
    ],
  },
  '310112008': {
    roads: [['申长路'], ['申虹路'], ['华翔路'], ['诸光路'], ['申滨路'], ['纪翟路'], ['建虹路']],
    landmarks: [
      ['虹桥火车站', ['上海虹桥站', '虹桥站'], 'transport'],
      ['虹桥天地', [], 'mall'],
      ['龙湖虹桥天街', ['虹桥天街'], 'mall'],
      ['诸光路地铁站', ['诸光路站'], 'metro_exit'],
    ],
  },
  '310112009': {
    roads: [['浦星公路'], ['浦锦路'], ['芦胜路'], ['丰溪路'], ['浦秀路'], ['联航路'], ['陈行公路']],
    landmarks: [
      ['浦江郊野公园', ['郊野公园'], 'park'],
      ['芦恒路地铁站', ['芦恒路站'], 'metro_exit'],
      ['浦江镇地铁站', ['浦江镇站'], 'metro_exit'],
    ],
  },
};

/** The real names as gazetteer places, each with its demo street; the same points every time. */
export function minhangPlaces(city: DemoCity): (PlaceInput & { streetCode: string })[] {
  const out: (PlaceInput & { streetCode: string })[] = [];
  // Seeded, so the demo's places sit at the same points every time.
  const random = seededRandom(12345);
  for (const street of city.streets) {
    const shape = prepareGeometry(street.geometry);
    const [w, s, e, n] = shape.bbox;
    const somewhere = () => {
      for (;;) {
        // keep a margin from the edge, so a point never sits on a street boundary
        const lon = w + (e - w) * (0.08 + 0.84 * random());
        const lat = s + (n - s) * (0.08 + 0.84 * random());
        if (containsPoint(shape, lon, lat)) return { lon, lat };
      }
    };
    const names = MINHANG[street.code];
    if (!names) continue;
    const streetCode = street.code;
    for (const [name, aliases = [], category] of names.roads)
      out.push({
        streetCode,
        kind: 'road',
        name,
        aliases: [...aliases],
        category: category ?? null,
        ...somewhere(),
      });
    for (const [name, aliases = [], category = null] of names.landmarks)
      out.push({
        streetCode,
        kind: category === 'residential' ? 'compound' : 'landmark',
        name,
        aliases: [...aliases],
        category,
        ...somewhere(),
      });
  }
  return out;
}

/** The real road names placed in a demo street (none for a street the list does not cover). */
export function minhangRoads(streetCode: string): string[] {
  return (MINHANG[streetCode]?.roads ?? []).map(([name]) => name);
}
