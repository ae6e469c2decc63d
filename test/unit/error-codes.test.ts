// The one table of error codes (shared/error-codes.ts) against the source: every code a
// handler or use case can answer with is in it with the status it comes with, nothing in it is
// thrown nowhere, and docs/error-codes.md is the table as generated.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorCodesMarkdown } from '../../shared/error-codes';
import * as errors from '../../shared/errors';
import { scanErrorCodes } from '../helpers/error-code-scan';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Each AppError subclass and its status (constructed with placeholder arguments). */
const CLASSES: Record<string, number> = Object.fromEntries(
  Object.entries(errors)
    .filter(([, v]) => typeof v === 'function' && v.prototype instanceof errors.AppError)
    .map(([name, Cls]) => {
      const C = Cls as unknown as new (...a: unknown[]) => errors.AppError;
      return [name, new C('X', 'x', 'x').status];
    }),
);
const found = scanErrorCodes(ROOT, Object.keys(CLASSES));

describe('error codes', () => {
  it('reads the source: finds codes of every kind (sanity check of the scanner)', () => {
    expect(Object.keys(CLASSES)).toEqual(expect.arrayContaining(['ValidationError', 'ConflictError', 'MethodNotAllowedError']));
    const codes = new Set(found.map((f) => f.code));
    for (const c of ['VALIDATION_FAILED', 'VERSION_CONFLICT', 'PLATFORM_NOT_FOUND', 'CARRIER_NOT_ACTIVE', 'INTERNAL', 'METHOD_NOT_ALLOWED'])
      expect(codes).toContain(c);
    expect(found.filter((f) => f.code.startsWith('<unknown'))).toEqual([]);
  });

  it('every code thrown is in the table, with the status of the error that carries it', () => {
    const missing = [...new Set(found.filter((f) => !ERROR_CODES[f.code]).map((f) => `${f.code} (${f.file})`))];
    expect(missing).toEqual([]);
    const wrongStatus = found
      .filter((f) => f.errorClass && !ERROR_CODES[f.code]!.status.includes(CLASSES[f.errorClass]!))
      .map((f) => `${f.code}: ${f.errorClass} ${CLASSES[f.errorClass!]} (${f.file})`);
    expect(wrongStatus).toEqual([]);
  });

  it('every code in the table is thrown somewhere, and says when', () => {
    const thrown = new Set(found.map((f) => f.code));
    expect(Object.keys(ERROR_CODES).filter((c) => !thrown.has(c))).toEqual([]);
    for (const [code, e] of Object.entries(ERROR_CODES)) expect([code, e.when.length > 10, e.status.length > 0]).toEqual([code, true, true]);
  });

  it('docs/error-codes.md is the table as generated (npx tsx shared/error-codes.ts > docs/error-codes.md)', () => {
    expect(readFileSync(path.join(ROOT, 'docs', 'error-codes.md'), 'utf8')).toBe(errorCodesMarkdown());
  });
});
