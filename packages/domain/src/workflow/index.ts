export * from './decide.ts';
export * from './roles.ts';
export * from './states.ts';
export * from './transitions.ts';
export * from './units.ts';
export * from './public-stages.ts';
