export { buildApp } from './app.ts';
export { buildServices, type Services } from './composition.ts';
export { type Clock, ManualClock, systemClock } from './platform/clock.ts';
export { DEMO_PASSWORD, seedDemo } from './demo/seed.ts';
export { sweepAll, sweepOnce } from './cases/sweeper.ts';
