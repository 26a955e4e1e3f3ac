// Intake channels: the fields each source records beside the case (leader instruction, media,
// petition, survey, online opinion, sensor alarm) and their validation; the hotline's lists.
export * from './fields.ts';
export * from './validate.ts';
export * from './devices.ts';
export * from './hotline.ts';
export * from './phone.ts';
