// Errors: the domain's own (DomainError, a code and a sentence) and the closed list of every code
// the API answers with, with its Chinese and English text (codes.ts). Server and console import
// both from '@xiuhua/domain/errors'.

export * from './codes.ts';
export * from './domain-error.ts';
