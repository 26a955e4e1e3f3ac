// The road part of the synthetic city (city.ts calls it for each district): a district's road
// network. Roads cross the district alternately east–west and north–south, evenly spaced with
// jitter, gently winding, each cut into consecutive segments (layoutRoads in @xiuhua/domain/geo,
// the same layout the demo city's roads use). Deterministic for a seed.

import { type BBox, layoutRoads, type Position } from '@xiuhua/domain/geo';

export interface SyntheticSegment {
  id: number;
  roadIndex: number;
  coordinates: Position[];
}

export interface RoadNetworkOptions {
  /** The district's box, WGS84. */
  bbox: BBox;
  /** How many roads (half east–west, half north–south). */
  roads: number;
  /** Segments per road, drawn from [min, max]. */
  segments: readonly [number, number];
  seed?: number;
}

/** A district's road segments, numbered from 1 road by road. */
export function syntheticRoadNetwork(options: RoadNetworkOptions): SyntheticSegment[] {
  const laid = layoutRoads({
    bbox: options.bbox,
    count: options.roads,
    seed: options.seed ?? 1,
    segments: options.segments,
    wobbleM: 20,
  });
  const out: SyntheticSegment[] = [];
  laid.forEach((road, roadIndex) => {
    for (const coordinates of road.segments) out.push({ id: out.length + 1, roadIndex, coordinates });
  });
  return out;
}
