import { describe, it, expect, afterEach } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brandingFromEnv, NO_BRANDING } from '../../services/document/src/branding.ts';
import { configureTemplates, renderHtml } from '../../services/document/src/templates.ts';
import { templateVersion, useBrandingInTemplateVersion } from '../../services/document/src/archive/template-version.ts';
import { sellerFromEnv } from '../../shared/seller.ts';
import { buildInvoice } from '../fixtures/documents.ts';
import { thrown } from '../helpers/thrown.ts';

/** Branding from configuration: colour, font, logo and an overriding template folder, all without touching the code. */
describe('branding', () => {
  const seller = sellerFromEnv({});
  afterEach(() => {
    configureTemplates(NO_BRANDING);
    useBrandingInTemplateVersion(NO_BRANDING);
  });

  it('refuses unusable settings, naming them', () => {
    expect(String(thrown(() => brandingFromEnv({ KONTOR_BRAND_COLOR: 'blue' })))).toContain('KONTOR_BRAND_COLOR');
    expect(String(thrown(() => brandingFromEnv({ KONTOR_BRAND_FONT: 'x"; } body { display: none' })))).toContain('KONTOR_BRAND_FONT');
    expect(String(thrown(() => brandingFromEnv({ KONTOR_BRAND_LOGO: '/etc/passwd' })))).toContain('KONTOR_BRAND_LOGO');
    expect(String(thrown(() => brandingFromEnv({ KONTOR_TEMPLATE_DIR: '/no/such/folder' })))).toContain('KONTOR_TEMPLATE_DIR');
    expect(brandingFromEnv({})).toEqual(NO_BRANDING);
  });

  it('prints the colour, font and logo, and takes templates from the overriding folder, falling back to the built-in partials', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kontor-brand-'));
    const logo = join(dir, 'logo.svg');
    writeFileSync(logo, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    mkdirSync(join(dir, 'templates', 'invoice'), { recursive: true });
    // An overriding invoice template that still includes the built-in header.
    writeFileSync(
      join(dir, 'templates', 'invoice', 'invoice.ejs'),
      `<%- include('../partials/header.ejs', vm) %>\n<p class="own">Unsere eigene Rechnungsvorlage für <%= vm.number %></p>\n`,
    );
    const before = templateVersion();
    const branding = brandingFromEnv({
      KONTOR_BRAND_COLOR: '#8a1538',
      KONTOR_BRAND_FONT: 'Liberation Serif',
      KONTOR_BRAND_LOGO: logo,
      KONTOR_TEMPLATE_DIR: join(dir, 'templates'),
    });
    configureTemplates(branding);
    useBrandingInTemplateVersion(branding);
    const html = renderHtml({ kind: 'invoice', document: buildInvoice() }, seller);
    expect(html).toContain('Unsere eigene Rechnungsvorlage für RE-2025-00042');
    expect(html).toContain('class="letterhead"');
    expect(html).toContain('src="data:image/svg+xml;base64,');
    expect(html).toContain('#8a1538');
    expect(html).not.toContain('#1f3a5f');
    expect(html).toContain('font-family: "Liberation Serif"');
    // Other documents keep the built-in templates; the version names the branding too.
    expect(renderHtml({ kind: 'invoice', document: buildInvoice() }, seller)).not.toContain('Gesamtbetrag (brutto)');
    expect(templateVersion()).not.toBe(before);
    expect(templateVersion()).toMatch(/^tpl-[0-9a-f]{16}$/);
  });
});
