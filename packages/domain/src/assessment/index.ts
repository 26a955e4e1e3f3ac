// Assessment (考评): periods, scores, ranks, flags, accountability triggers and funds.
// The indicator values themselves are counted from case events by the server.
// See docs/domain.md, "Assessment".
export * from './facts.ts';
export * from './flags.ts';
export * from './indicators.ts';
export * from './period.ts';
export * from './schemes.ts';
export * from './scoring.ts';
