// Road chiefs (路长制): dated posts and what they cover (docs/road-chiefs.md).
export * from './posts.ts';
export * from './segment-pass.ts';
export * from './compliance.ts';
export * from './rules.ts';
