import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NO_BRANDING, type Branding } from '../branding.ts';

/** Repository-level templates folder (as templates.ts reads it). */
const TEMPLATES_DIR = fileURLToPath(new URL('../../../../templates/', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []))
    .sort();
}

/**
 * The version of the templates a PDF is rendered with: "tpl-" and the first 16
 * hex digits of the SHA-256 over every file of the templates folder (relative
 * path and contents, in path order). Computed from a folder, so any change to a
 * template, partial or the stylesheet makes a new version.
 */
export function templateVersionOf(dir: string): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(dir)) {
    hash.update(relative(dir, file).split('\\').join('/')).update('\0');
    hash.update(readFileSync(file)).update('\0');
  }
  return `tpl-${hash.digest('hex').slice(0, 16)}`;
}

let current: string | undefined;
let brand: Branding = NO_BRANDING;

/** The branding this process renders with: an overriding template folder and the colour, font and logo change the version too. */
export function useBrandingInTemplateVersion(b: Branding): void {
  brand = b;
  current = undefined;
}

/** This process's template version, computed once (templates are compiled once per process too). */
export function templateVersion(): string {
  if (current) return current;
  const built = templateVersionOf(TEMPLATES_DIR);
  if (!brand.templateDir && !brand.color && !brand.font && !brand.logo) return (current = built);
  const hash = createHash('sha256').update(built);
  if (brand.templateDir) hash.update(templateVersionOf(brand.templateDir));
  hash.update(JSON.stringify([brand.color, brand.font, brand.logo]));
  return (current = `tpl-${hash.digest('hex').slice(0, 16)}`);
}
