import express, { type Express } from 'express';
import { createRequire } from 'node:module';

/** Serves Swagger UI from the installed package (no CDN) pointed at our OpenAPI document. */
export function mountDocs(app: Express, specUrl: string): void {
  const require = createRequire(import.meta.url);
  const assets = (require('swagger-ui-dist') as { getAbsoluteFSPath: () => string }).getAbsoluteFSPath();
  app.use('/api/v1/docs/assets', express.static(assets, { index: false }));
  app.get('/api/v1/docs', (_req, res) => {
    res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kontor API</title>
<link rel="stylesheet" href="/api/v1/docs/assets/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/api/v1/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/v1/docs/init.js"></script></body></html>`);
  });
  app.get('/api/v1/docs/init.js', (_req, res) => {
    res.type('js').send(`window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: '#ui' });`);
  });
}
