// Titles and file names of the bulletin, and the Content-Disposition header (RFC 6266 with an
// RFC 5987 `filename*` for the Chinese name and an ASCII `filename` for old clients).

import { config } from '../config';
import { periodLabel } from '../periods';
import type { Province } from '../province';
import { LEVEL_LABELS } from '../registry';

/** The place named in titles (the configured province's): `湖南省`, `长沙市`, `湖南省国家级`, `湖南省第一批`. */
export function scopeLabel(scope: string, of: Pick<Province, 'name'> = config.province): string {
  const province = of.name;
  if (scope === 'all') return province;
  if (scope.startsWith('city:')) return scope.slice(5);
  if (scope.startsWith('level:')) return `${province}${LEVEL_LABELS[scope.slice(6) as 'national'] ?? scope.slice(6)}`;
  if (scope.startsWith('cohort:')) return `${province}${scope.slice(7)}`;
  return scope;
}

/** How the text refers to the whole scope: `全省`, `全市`, `全州`, `全省国家级`. */
export function regionWord(scope: string): string {
  if (scope.startsWith('city:')) return scope.endsWith('州') ? '全州' : '全市';
  if (scope.startsWith('level:')) return `全省${LEVEL_LABELS[scope.slice(6) as 'national'] ?? ''}`;
  if (scope.startsWith('cohort:')) return `全省${scope.slice(7)}`;
  return '全省';
}

/** `2020年湖南省中小微企业创业创新基地` + what. */
export const titleOf = (period: string, scope: string, what: string, province?: Pick<Province, 'name'>): string =>
  `${periodLabel(period)}${scopeLabel(scope, province)}中小微企业创业创新基地${what}`;

const UNSAFE_IN_FILE_NAMES = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;

/** `2020年湖南省中小微企业创业创新基地运营情况通报.xlsx` and an ASCII fallback. */
export function bulletinFileName(
  period: string,
  scope: string,
  province: Pick<Province, 'name' | 'id'> = config.province,
): { fileName: string; asciiFileName: string } {
  const fileName = `${titleOf(period, scope, '运营情况通报', province)}.xlsx`.replace(UNSAFE_IN_FILE_NAMES, '_');
  const kind = scope === 'all' ? province.id : scope.startsWith('level:') ? scope.slice(6) : scope.split(':')[0]!;
  const asciiFileName = `tongbao-bulletin-${period}-${kind}.xlsx`;
  return { fileName, asciiFileName };
}

// RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
const ATTR_CHAR = /[A-Za-z0-9!#$&+\-.^_`|~]/;

/** Percent-encodes UTF-8 bytes of everything that is not an RFC 5987 attr-char. */
export function rfc5987(value: string): string {
  let out = '';
  for (const ch of value) {
    if (ATTR_CHAR.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `attachment; filename="<ascii>"; filename*=UTF-8''<percent-encoded>` */
export function contentDisposition(fileName: string, asciiFallback?: string): string {
  const fallback =
    (asciiFallback ?? fileName)
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\]/g, '_')
      .replace(/_+/g, '_') || 'download';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${rfc5987(fileName)}`;
}
