// Intake channels: the fields each source records beside the case (leader instruction, media,
// petition, survey, online opinion, sensor alarm) and their validation.
export * from './fields.ts';
export * from './validate.ts';
export * from './devices.ts';
