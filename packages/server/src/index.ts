export { buildApp, buildServices, type Services } from './app.ts';
export { type Clock, ManualClock, systemClock } from './clock.ts';
export { DEMO_PASSWORD, seedDemo } from './demo/seed.ts';
export { sweepAll, sweepOnce } from './jobs/sweeper.ts';
