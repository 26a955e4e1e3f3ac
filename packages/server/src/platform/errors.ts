// Errors the API returns: `{ code, message, field? }` with a 4xx status. Services throw AppError;
// domain errors are mapped by code.

import { DomainError } from '@xiuhua/domain';
import { CalendarConfigError, CalendarNotCoveredError } from '@xiuhua/domain/calendar';

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    field?: string,
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
  }
}

export const notFound = (what: string, field?: string) =>
  new AppError(404, 'NOT_FOUND', `${what} not found`, field);

const DOMAIN_STATUS: Record<DomainError['code'], number> = {
  ROLE_NOT_ALLOWED: 403,
  NOT_IN_SCOPE: 403,
  INVALID_TRANSITION: 409,
  MISSING_FIELD: 400,
  INVALID_FIELD: 400,
};

/** Turn any known error into an AppError; unknown errors stay as they are (500). */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof DomainError)
    return new AppError(DOMAIN_STATUS[error.code], error.code, error.message, error.field);
  if (error instanceof CalendarNotCoveredError)
    return new AppError(422, 'CALENDAR_NOT_COVERED', error.message);
  if (error instanceof CalendarConfigError)
    return new AppError(400, 'INVALID_CALENDAR', error.message, error.field);
  return null;
}
