// Reads a Word document as a reader would: its XML text, and its printed pages — converted to PDF
// by LibreOffice (soffice --headless, its own profile so parallel runs do not collide), then read
// with poppler's pdftotext / pdfinfo, and a page rendered to PNG with pdftoppm for a look.
// CI installs libreoffice-writer-nogui and poppler-utils (.ci/run).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';

/** The text of word/document.xml: runs joined, one paragraph a line. */
export async function docxText(buffer: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(buffer);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .filter((l) => l)
    .map((l) =>
      l
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&'),
    )
    .join('\n');
}

/** A part of the .docx as XML text (e.g. `word/document.xml`, `word/footer1.xml`). */
export async function docxPart(buffer: Buffer, name: string): Promise<string> {
  const zip = await JSZip.loadAsync(buffer);
  const f = zip.file(name);
  if (!f) throw new Error(`no ${name} in the document`);
  return f.async('string');
}

export interface PrintedDocument {
  pdf: string;
  /** Pages' text (pdftotext, one string per page) with all whitespace removed. */
  pages: string[];
  /** Page sizes in points, e.g. `595.3x841.9`. */
  sizes: string[];
  ms: number;
}

/** Converts the .docx to PDF with LibreOffice and reads its pages. */
export function printDocx(buffer: Buffer, name = 'bulletin'): PrintedDocument {
  return printFile(buffer, name, 'docx');
}

/** Converts a .docx or .xlsx to PDF with LibreOffice and reads its pages. */
export function printFile(buffer: Buffer, name: string, ext: 'docx' | 'xlsx'): PrintedDocument {
  const dir = mkdtempSync(path.join(tmpdir(), `tongbao-${ext}-`));
  const docx = path.join(dir, `${name}.${ext}`);
  writeFileSync(docx, buffer);
  const t = performance.now();
  execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], {
    stdio: 'pipe',
    timeout: 120_000,
  });
  const ms = Math.round(performance.now() - t);
  const pdf = path.join(dir, `${name}.pdf`);
  const info = execFileSync('pdfinfo', ['-f', '1', '-l', '999', pdf], { encoding: 'utf8' });
  const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => `${Number(m[1]).toFixed(1)}x${Number(m[2]).toFixed(1)}`);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  const pages = text
    .split('\f')
    .slice(0, sizes.length)
    .map((p) => p.replace(/\s+/g, ''));
  return { pdf, pages, sizes, ms };
}

/** Horizontal extent (points) of the words printed on a page: [leftmost xMin, rightmost xMax]. */
export function textExtent(pdf: string, page: number): [number, number] {
  const html = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-bbox', pdf, '-'], { encoding: 'utf8' });
  const xs = [...html.matchAll(/xMin="([\d.]+)"[^>]*xMax="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
  return [Math.min(...xs.map((x) => x[0])), Math.max(...xs.map((x) => x[1]))];
}

/** Pages' text as pdftotext -layout prints it (lines kept). */
export function layoutText(pdf: string): string[] {
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f');
}

/** Renders one page to PNG (for a look at it) and returns the file's path. */
export function pagePng(pdf: string, page: number, dpi = 60): string {
  const out = pdf.replace(/\.pdf$/, `-p${page}`);
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', '-f', String(page), '-l', String(page), pdf, out]);
  readFileSync(`${out}.png`); // exists
  return `${out}.png`;
}

/** A4 in points, portrait or landscape. */
export const A4_PORTRAIT = '595.3x841.9';
export const A4_LANDSCAPE = '841.9x595.3';
