// Domain errors carry a stable machine code; the HTTP layer maps codes to statuses.

export type DomainErrorCode =
  | 'ROLE_NOT_ALLOWED'
  | 'INVALID_TRANSITION'
  | 'MISSING_FIELD'
  | 'INVALID_FIELD'
  | 'NOT_IN_SCOPE';

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly field: string | undefined;

  constructor(code: DomainErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.field = field;
  }
}
