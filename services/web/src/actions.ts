import type { Request, Response } from 'express';
import { asProblem, callApi } from './api.ts';
import { tokenOf } from './auth.ts';
import { redirectWith } from './render.ts';

/**
 * A form's action: calls the API as the user, then back to the page with the API's answer as a message
 * (post/redirect/get). The form's hidden `_key` (a random id rendered with it) is sent as Idempotency-Key,
 * so a form sent twice does the step once.
 */
export async function postAction(req: Request, res: Response, opts: { path: string; body?: unknown; back: string; done: string }): Promise<void> {
  const key = typeof req.body._key === 'string' && /^[\w-]{8,100}$/.test(req.body._key) ? req.body._key : undefined;
  const answer = await callApi(tokenOf(res), 'POST', opts.path, opts.body ?? {}, { idempotencyKey: key });
  if (answer.status >= 400) return redirectWith(res, opts.back, 'error', refusalText(answer));
  return redirectWith(res, opts.back, 'ok', opts.done);
}

/** A refusal of the API as one line: its detail and the fields it names. */
export function refusalText(answer: Parameters<typeof asProblem>[0]): string {
  const p = asProblem(answer);
  const fields = (p.errors ?? []).map((e) => `${e.field}: ${e.detail}`);
  return [p.detail, ...fields.filter((f) => !p.detail.includes(f))].join(' · ');
}
