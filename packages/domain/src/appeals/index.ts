// Appeals: states, the one table of moves, the default review limit. See docs/appeals.md.
export * from './appeals.ts';
