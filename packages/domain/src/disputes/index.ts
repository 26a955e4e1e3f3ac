// Jurisdiction disputes (权属争议): when returns open one, how a ruling judges each return. See
// docs/disputes.md.
export * from './disputes.ts';
