// Subsystems are imported by path: '@xiuhua/domain/workflow', '/calendar', '/geo', '/catalogue',
// '/routing'. The root exports what they share.
export { DomainError, type DomainErrorCode } from './errors/index.ts';
