import type { Response } from 'express';
import type { FieldIssue } from '../../../../shared/errors.ts';

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  415: 'Unsupported Media Type', 422: 'Unprocessable Content', 500: 'Internal Server Error', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** An RFC 9457 problem document; `errors` names each offending field. */
export function problemBody(status: number, code: string, detail: string, issues?: FieldIssue[]): Record<string, unknown> {
  return {
    type: `https://kontor.dev/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...(issues?.length ? { errors: issues.map((i) => ({ field: i.field, detail: i.message })) } : {}),
  };
}

/** Answers an RFC 9457 problem. */
export function sendProblem(res: Response, status: number, code: string, detail: string, issues?: FieldIssue[]): void {
  res.status(status).type('application/problem+json').json(problemBody(status, code, detail, issues));
}
