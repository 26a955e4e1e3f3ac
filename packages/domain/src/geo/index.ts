export * from './coords.ts';
export * from './demo-city.ts';
export * from './geometry.ts';
export * from './grid-index.ts';
export * from './random.ts';
export * from './types.ts';
export * from './validate.ts';
