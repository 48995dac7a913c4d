import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';

/**
 * A firm's look from configuration, without touching the code: its colour,
 * font and logo, and a folder whose templates replace the built-in ones file
 * by file (a missing file falls back to the built-in one). Everything is read
 * once at start and embedded in the page: the renderer loads nothing remote.
 */
export interface Branding {
  /** Replaces the built-in accent colour (#1f3a5f). */
  color: string | null;
  /** A font family installed on the machine, tried before the built-in fonts. */
  font: string | null;
  /** The logo as a data URI, shown in the letterhead. */
  logo: string | null;
  /** Absolute folder of overriding templates (same relative paths as templates/). */
  templateDir: string | null;
}

export const NO_BRANDING: Branding = { color: null, font: null, logo: null, templateDir: null };

const LOGO_TYPES: Readonly<Record<string, string>> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.svg': 'image/svg+xml' };
const MAX_LOGO_BYTES = 512 * 1024;

/** Reads the branding settings; a setting that is set but unusable stops the service with a message naming it. */
export function brandingFromEnv(env: NodeJS.ProcessEnv = process.env): Branding {
  const color = env.KONTOR_BRAND_COLOR?.trim() || null;
  if (color && !/^#[0-9a-fA-F]{6}$/.test(color)) throw new Error(`KONTOR_BRAND_COLOR must be a colour like #1f3a5f, not '${color}'`);
  const font = env.KONTOR_BRAND_FONT?.trim() || null;
  if (font && !/^[A-Za-z0-9 _-]{1,60}$/.test(font))
    throw new Error(`KONTOR_BRAND_FONT must be a font family name (letters, digits, space, - and _), not '${font}'`);
  let logo: string | null = null;
  const logoPath = env.KONTOR_BRAND_LOGO?.trim();
  if (logoPath) {
    const type = LOGO_TYPES[extname(logoPath).toLowerCase()];
    if (!type) throw new Error(`KONTOR_BRAND_LOGO must be a .png, .jpg or .svg file, not '${logoPath}'`);
    if (!existsSync(logoPath)) throw new Error(`KONTOR_BRAND_LOGO: no file ${logoPath}`);
    if (statSync(logoPath).size > MAX_LOGO_BYTES) throw new Error(`KONTOR_BRAND_LOGO: ${logoPath} is larger than 512 KB`);
    logo = `data:${type};base64,${readFileSync(logoPath).toString('base64')}`;
  }
  const dir = env.KONTOR_TEMPLATE_DIR?.trim();
  if (dir && !(existsSync(dir) && statSync(dir).isDirectory())) throw new Error(`KONTOR_TEMPLATE_DIR: no folder ${dir}`);
  return { color, font, logo, templateDir: dir ? resolve(dir) : null };
}

/** The stylesheet with the brand's colour and font (the built-in stylesheet names its accent colour #1f3a5f). */
export function brandedStyles(css: string, b: Branding): string {
  const coloured = b.color ? css.replaceAll('#1f3a5f', b.color) : css;
  return b.font ? `${coloured}\nbody { font-family: "${b.font}", "DejaVu Sans", sans-serif; }\n` : coloured;
}
