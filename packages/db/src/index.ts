export * from './connect.ts';
export * from './embedded.ts';
export { processAlive } from './processes.ts';
export { migrations } from './migrations/index.ts';
export type * from './schema.ts';
