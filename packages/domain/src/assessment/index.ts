// Assessment (考评): periods, scores, ranks, flags, accountability triggers and funds (DOMAIN.md §6).
// The indicator values themselves are counted from case events by the server.
export * from './flags.ts';
export * from './period.ts';
export * from './scoring.ts';
