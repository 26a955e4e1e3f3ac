// Timed items: names, statuses, prompts and the moves an item may make. See docs/timed-items.md.
export * from './timed.ts';
