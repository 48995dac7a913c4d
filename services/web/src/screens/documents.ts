import type { Response, Router } from 'express';
import { callApi, query, type ApiAnswer } from '../api.ts';
import { tokenOf } from '../auth.ts';
import { addMessages } from '../i18n.ts';
import type { Screen } from '../screen.ts';

addMessages({
  de: { 'pdf.notReady': 'Das PDF wird gerade erstellt. Bitte in einigen Sekunden erneut öffnen.' },
  en: { 'pdf.notReady': 'The PDF is being rendered. Please open it again in a few seconds.' },
});

/** Passes a PDF answer of the API on byte for byte (true), or leaves the response alone (false). */
export function sendPdfAnswer(res: Response, answer: ApiAnswer, fallbackName: string): boolean {
  if (answer.status !== 200 || !Buffer.isBuffer(answer.body)) return false;
  res.set({
    'Content-Type': 'application/pdf',
    'Content-Disposition': answer.headers.get('content-disposition') ?? `inline; filename="${fallbackName}"`,
    'Cache-Control': 'private, no-store',
  });
  res.send(answer.body);
  return true;
}

/** An API refusal of a PDF as an error page with the API's status (409/503 while it is rendered: "try again"). */
export function pdfRefusal(res: Response, answer: ApiAnswer): void {
  const notReady = (answer.status === 409 || answer.status === 503) && (answer.body as { code?: string })?.code === 'pdf_not_ready';
  if (notReady) res.set('Retry-After', answer.headers.get('retry-after') ?? '2');
  const detail = (answer.body as { detail?: string })?.detail ?? `HTTP ${answer.status}`;
  res.status(answer.status).render('error', { title: res.locals.t('common.error'), message: notReady ? res.locals.t('pdf.notReady') : detail });
}

/** Every document's PDF, fetched from the API as the signed-in user and passed on byte for byte. */
export const documentsScreen: Screen = {
  mount(router: Router) {
    router.get('/documents/:number/pdf', async (req, res) => {
      const revision = typeof req.query.revision === 'string' && /^\d{1,6}$/.test(req.query.revision) ? req.query.revision : undefined;
      const answer = await callApi(tokenOf(res), 'GET', `/documents/${encodeURIComponent(String(req.params.number))}/pdf${query({ revision })}`, undefined, {
        raw: true,
      });
      if (!sendPdfAnswer(res, answer, `${req.params.number}.pdf`)) pdfRefusal(res, answer);
    });
    // The 80 mm receipt (Kassenbon) of a counter sale's invoice: the same invoice on a till roll.
    router.get('/invoices/:number/receipt.pdf', async (req, res) => {
      const number = String(req.params.number);
      const answer = await callApi(tokenOf(res), 'GET', `/invoices/${encodeURIComponent(number)}/receipt/pdf`, undefined, { raw: true });
      if (!sendPdfAnswer(res, answer, `${number}-Kassenbon.pdf`)) pdfRefusal(res, answer);
    });
  },
};
