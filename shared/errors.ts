/**
 * Errors that cross process boundaries carry a code and an HTTP-like status so
 * the gateway can answer RFC 9457 problems and workflows can tell business
 * refusals (never retried) from transient faults (retried).
 */
export interface FieldIssue {
  field: string;
  message: string;
}

export interface ErrorBody {
  status: number;
  code: string;
  message: string;
  issues?: FieldIssue[];
  /** Set on internal errors: the id under which the real error was logged. */
  correlationId?: string;
}

export class DomainError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: FieldIssue[] | undefined;
  readonly correlationId: string | undefined;

  constructor(status: number, code: string, message: string, issues?: FieldIssue[], correlationId?: string) {
    super(message);
    this.name = 'DomainError';
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.correlationId = correlationId;
  }

  toBody(): ErrorBody {
    return {
      status: this.status,
      code: this.code,
      message: this.message,
      ...(this.issues ? { issues: this.issues } : {}),
      ...(this.correlationId ? { correlationId: this.correlationId } : {}),
    };
  }

  static fromBody(body: ErrorBody): DomainError {
    return new DomainError(body.status, body.code, body.message, body.issues, body.correlationId);
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, issues: FieldIssue[]) {
    super(422, 'validation_failed', message, issues);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string, field?: string) {
    super(404, 'not_found', message, field ? [{ field, message }] : undefined);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, code = 'conflict') {
    super(409, code, message);
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}
