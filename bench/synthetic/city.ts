// The synthetic city (issue 15 item 4): one deterministic, pure generator of a city's districts,
// street offices, communities, unit-grid cells, roads, units, people and a year of cases, for the
// benchmarks and a leader's screen. Plain data only; load.ts writes it into a database and
// synth.ts is the command (`npm run synth`). docs/synthetic-city.md describes sizes and timings.

import { seededRandom } from '@xiuhua/domain/geo';
import { type AreaShape, CITY, type SyntheticDistrict, syntheticDistrict } from './areas.ts';
import { districtCases, type SyntheticCase } from './cases.ts';
import {
  cityPeople,
  cityUnits,
  districtPeople,
  districtUnits,
  type SyntheticPerson,
  type SyntheticUnit,
} from './organisation.ts';
import { type SyntheticSegment, syntheticRoadNetwork } from './roads.ts';

export type CitySize = 'small' | 'medium' | 'large';
export const CITY_SIZES: readonly CitySize[] = ['small', 'medium', 'large'];

export interface SizeSpec extends AreaShape {
  /** Roads per district (half east–west, half north–south) and segments per road. */
  roads: number;
  segmentsPerRoad: readonly [number, number];
  /** Cases per district over the year. */
  cases: number;
}

const spec = (
  streets: [number, number],
  communities: [number, number],
  cells: [number, number],
  roads: number,
  segmentsPerRoad: [number, number],
  cases: number,
): SizeSpec => ({ streets, communities, cells, roads, segmentsPerRoad, cases });

/**
 * Per district: streets, communities per street and cells per community (across × down), roads,
 * segments per road, cases a year. large: 10 streets, 100 communities, 10,000 cells, ~5,000
 * segments, 50,000 cases.
 */
export const SIZES: Readonly<Record<CitySize, SizeSpec>> = {
  small: spec([2, 1], [1, 2], [4, 4], 6, [3, 5], 2_000),
  medium: spec([3, 2], [2, 2], [8, 8], 40, [10, 16], 10_000),
  large: spec([5, 2], [2, 5], [10, 10], 200, [20, 30], 50_000),
};

export interface CityOptions {
  size: CitySize;
  /** How many districts, side by side (default 1). */
  districts?: number;
  /** Default 1. The same options give the same city, value for value. */
  seed?: number;
  /** The end (exclusive) of the year of cases; default 2026-12-01 00:00 CST. */
  until?: Date;
  /** Skip the cases (the benchmarks that need only geometry). */
  cases?: boolean;
}

export interface SyntheticCityDistrict extends SyntheticDistrict {
  segments: SyntheticSegment[];
  units: SyntheticUnit[];
  people: SyntheticPerson[];
  cases: SyntheticCase[];
}

export interface SyntheticCity {
  size: CitySize;
  seed: number;
  /** The year of cases: [from, until). */
  from: Date;
  until: Date;
  city: typeof CITY;
  districts: SyntheticCityDistrict[];
  /** The city-level units and people (city centre, admin, leader). */
  units: SyntheticUnit[];
  people: SyntheticPerson[];
}

export const DEFAULT_UNTIL = new Date('2026-12-01T00:00:00+08:00');

/** The road network's seed of district `index`: with the default seed, district 0 uses 15. */
const roadSeed = (seed: number, index: number): number => seed + 14 + index * 7919;

/** Only the districts' geometry and roads (no organisation, no cases): cheap, for benchmarks. */
export function syntheticGeography(options: Omit<CityOptions, 'cases' | 'until'>): SyntheticCityDistrict[] {
  return syntheticCity({ ...options, cases: false }).districts;
}

export function syntheticCity(options: CityOptions): SyntheticCity {
  const size = SIZES[options.size];
  if (!size) throw new Error(`unknown size ${options.size}; one of ${CITY_SIZES.join(', ')}`);
  const count = options.districts ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 99) throw new Error('districts must be 1–99');
  const seed = options.seed ?? 1;
  const until = options.until ?? DEFAULT_UNTIL;
  const districts: SyntheticCityDistrict[] = [];
  for (let i = 0; i < count; i++) {
    const district = syntheticDistrict(size, i, count);
    const segments = syntheticRoadNetwork({
      bbox: district.bbox,
      roads: size.roads,
      segments: size.segmentsPerRoad,
      seed: roadSeed(seed, i),
    });
    const units = districtUnits(district);
    const people = districtPeople(district, units, size.roads);
    const cases =
      options.cases === false
        ? []
        : districtCases(district, {
            count: size.cases,
            until: until.getTime(),
            random: seededRandom(seed * 1_000_003 + i),
          });
    districts.push({ ...district, segments, units, people, cases });
  }
  return {
    size: options.size,
    seed,
    from: new Date(until.getTime() - 365 * 86_400_000),
    until,
    city: CITY,
    districts,
    units: cityUnits(),
    people: cityPeople(),
  };
}

/** Counts of everything generated, for printing and tests. */
export function cityCounts(city: SyntheticCity) {
  const sum = (f: (d: SyntheticCityDistrict) => number) => city.districts.reduce((a, d) => a + f(d), 0);
  return {
    districts: city.districts.length,
    streets: sum((d) => d.streets.length),
    communities: sum((d) => d.communities.length),
    cells: sum((d) => d.cells.length),
    roads: sum((d) => new Set(d.segments.map((s) => s.roadIndex)).size),
    segments: sum((d) => d.segments.length),
    units: city.units.length + sum((d) => d.units.length),
    people: city.people.length + sum((d) => d.people.length),
    cases: sum((d) => d.cases.length),
    events: sum((d) => d.cases.reduce((a, c) => a + c.events.length, 0)),
  };
}
