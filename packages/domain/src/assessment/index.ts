// Assessment (考评): periods, scores, ranks, flags, accountability triggers and funds (DOMAIN.md §6).
// The indicator values themselves are counted from case events by the server.
export * from './facts.ts';
export * from './flags.ts';
export * from './indicators.ts';
export * from './period.ts';
export * from './schemes.ts';
export * from './scoring.ts';
