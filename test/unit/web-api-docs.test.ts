// The 接口说明 page's model (web/src/api-docs-model.ts) on the real OpenAPI document: every
// operation in a group, a filing's body fields from the catalog, every error code.

import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../shared/api-description';
import { ERROR_CODES } from '../../shared/error-codes';
import { apiDocModel } from '../../web/src/api-docs-model';

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document as untyped JSON the test walks
const doc = openApiDocument('9.9.9') as any;
const m = apiDocModel(doc);
const ops = m.groups.flatMap((g) => g.operations);

describe('接口说明 page model', () => {
  it('lists every operation of the document, grouped by tag, with summary and who may call it', () => {
    const count = Object.values(doc.paths as Record<string, object>).reduce((n, o) => n + Object.keys(o).length, 0);
    expect(ops).toHaveLength(count);
    expect(m.version).toBe('9.9.9');
    expect(m.groups.map((g) => g.name)).toEqual(expect.arrayContaining(['Bases', 'Window platforms', 'Featured carriers', 'Access']));
    for (const o of ops) expect(o.summary.length).toBeGreaterThan(8);
    expect(ops.find((o) => o.path === '/api/health')).toMatchObject({ method: 'GET', who: 'anyone, no token.' });
  });

  it('shows a filing body field by field, with the catalog label and unit, and the If-Match parameter', () => {
    const put = ops.find((o) => o.method === 'PUT' && o.path === '/api/bases/{baseId}/filings/{period}')!;
    expect(put.body!.name).toBe('BaseFilingWrite');
    expect(put.body!.fields.map((f) => f.name)).toEqual(['status', 'values', 'confirmWarnings', 'explanation']);
    expect(put.body!.fields.find((f) => f.name === 'status')).toMatchObject({ required: true, text: expect.stringContaining('draft / submitted') });
    expect(put.body!.fields.find((f) => f.name === 'values')!.text).toContain('buildingArea');
    expect(put.params.map((p) => p.name)).toEqual(['baseId', 'period', 'if-match']);
    expect(put.responses.map((r) => r.status)).toEqual(expect.arrayContaining(['200', '400', '409', '422']));
  });

  it('has the error code table, every code with its status', () => {
    expect(m.errors.map((e) => e.code)).toEqual(Object.keys(ERROR_CODES));
    expect(m.errors.find((e) => e.code === 'VERSION_CONFLICT')).toMatchObject({ status: '409' });
  });
});
