// Road chiefs (路长制): dated posts and what they cover (docs/road-chiefs.md).
export * from './posts.ts';
