// Minimal GeoJSON geometry types (RFC 7946), structurally compatible with @types/geojson,
// so the domain does not depend on a types package it does not declare.

/** [lon, lat] in degrees; any further ordinates (altitude) are ignored. */
export type Position = number[];

export interface Point {
  type: 'Point';
  coordinates: Position;
}

export interface LineString {
  type: 'LineString';
  coordinates: Position[];
}

/** Ring 0 is the exterior ring; further rings are holes. Rings are closed (first = last). */
export interface Polygon {
  type: 'Polygon';
  coordinates: Position[][];
}

export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}

export type ArealGeometry = Polygon | MultiPolygon;

/** [minLon, minLat, maxLon, maxLat] */
export type BBox = [number, number, number, number];

/**
 * A unit grid cell (单元网格). `code` has 15 digits: 6-digit county (district) code,
 * 3-digit street, 3-digit community and a 3-digit sequence; the other codes are its prefixes.
 * Geometry is WGS84.
 */
export interface GridCell {
  code: string;
  communityCode: string;
  streetCode: string;
  districtCode: string;
  geometry: ArealGeometry;
}
