import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** This process's template version, computed once (templates are compiled once per process too). */
export function templateVersion(): string {
  current ??= templateVersionOf(TEMPLATES_DIR);
  return current;
}
