import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Violation } from './rules.ts';

const run = promisify(execFile);

/**
 * Checks a hybrid PDF with poppler-utils: PDF/A part 3 in the XMP metadata
 * (`pdfinfo -meta`), every font embedded (`pdffonts`), exactly one embedded
 * file and that it is XML (`pdfdetach -list`). Answers the violations and the
 * embedded XML as extracted (`pdfdetach -save`), for the XML gate.
 */
export async function checkHybridPdf(pdf: Uint8Array): Promise<{ violations: Violation[]; xml?: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'kontor-einvoice-'));
  try {
    const file = join(dir, 'invoice.pdf');
    await writeFile(file, pdf);
    const violations: Violation[] = [];
    const meta = (await run('pdfinfo', ['-meta', file])).stdout;
    if (!/<pdfaid:part>\s*3\s*<\/pdfaid:part>|pdfaid:part=["']3["']/.test(meta))
      violations.push({ rule: 'KONTOR-PDFA-01', message: 'the XMP metadata does not declare PDF/A-3 (pdfaid:part=3)' });
    const fonts = (await run('pdffonts', [file])).stdout
      .split('\n')
      .slice(2)
      .filter((l) => l.trim());
    for (const line of fonts) {
      // Columns: name type encoding emb sub uni object ID; "emb" is the third field from the right of the yes/no triple.
      const flags = /\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(line);
      if (!flags || flags[1] !== 'yes') violations.push({ rule: 'KONTOR-PDFA-02', message: `font not embedded: ${line.trim().split(/\s+/)[0]}` });
    }
    const list = (await run('pdfdetach', ['-list', file])).stdout;
    const files = list
      .split('\n')
      .slice(1)
      .map((l) => /^\s*\d+:\s*(.*)$/.exec(l)?.[1]?.trim())
      .filter((n): n is string => !!n);
    if (files.length !== 1 || !files[0]!.toLowerCase().endsWith('.xml')) {
      violations.push({ rule: 'KONTOR-PDFA-03', message: `expected exactly one embedded XML file, found ${files.length ? files.join(', ') : 'none'}` });
      return { violations };
    }
    const out = join(dir, 'embedded.xml');
    await run('pdfdetach', ['-save', '1', '-o', out, file]);
    return { violations, xml: await readFile(out, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
