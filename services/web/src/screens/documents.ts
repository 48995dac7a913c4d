import type { Router } from 'express';
import { callApi, query } from '../api.ts';
import { tokenOf } from '../auth.ts';
import { addMessages } from '../i18n.ts';
import type { Screen } from '../screen.ts';

addMessages({
  de: { 'pdf.notReady': 'Das PDF wird gerade erstellt. Bitte in einigen Sekunden erneut öffnen.' },
  en: { 'pdf.notReady': 'The PDF is being rendered. Please open it again in a few seconds.' },
});

/** Every document's PDF, fetched from the API as the signed-in user and passed on byte for byte. */
export const documentsScreen: Screen = {
  mount(router: Router) {
    router.get('/documents/:number/pdf', async (req, res) => {
      const revision = typeof req.query.revision === 'string' && /^\d{1,6}$/.test(req.query.revision) ? req.query.revision : undefined;
      const answer = await callApi(tokenOf(res), 'GET', `/documents/${encodeURIComponent(String(req.params.number))}/pdf${query({ revision })}`, undefined, {
        raw: true,
      });
      if (answer.status === 200 && Buffer.isBuffer(answer.body)) {
        res.set({
          'Content-Type': 'application/pdf',
          'Content-Disposition': answer.headers.get('content-disposition') ?? `inline; filename="${req.params.number}.pdf"`,
          'Cache-Control': 'private, no-store',
        });
        return res.send(answer.body);
      }
      const notReady = answer.status === 409 || answer.status === 503;
      if (notReady) res.set('Retry-After', answer.headers.get('retry-after') ?? '2');
      const detail = (answer.body as { detail?: string })?.detail ?? `HTTP ${answer.status}`;
      res.status(answer.status).render('error', { title: res.locals.t('common.error'), message: notReady ? res.locals.t('pdf.notReady') : detail });
    });
  },
};
