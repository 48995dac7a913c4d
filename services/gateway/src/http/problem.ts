import type { Response } from 'express';
import type { FieldIssue } from '../../../../shared/errors.ts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** An RFC 9457 problem document; `errors` names each offending field, `correlationId` finds a 5xx in the logs. */
export function problemBody(status: number, code: string, detail: string, issues?: FieldIssue[], correlationId?: string): Record<string, unknown> {
  return {
    type: `https://kontor.dev/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...(issues?.length ? { errors: issues.map((i) => ({ field: i.field, detail: i.message })) } : {}),
    ...(correlationId ? { correlationId } : {}),
  };
}

/** Answers an RFC 9457 problem. */
export function sendProblem(res: Response, status: number, code: string, detail: string, issues?: FieldIssue[], correlationId?: string): void {
  res
    .status(status)
    .type('application/problem+json')
    .json(problemBody(status, code, detail, issues, correlationId));
}
