export * from './connect.ts';
export * from './embedded.ts';
export { migrations } from './migrations/index.ts';
export type * from './schema.ts';
