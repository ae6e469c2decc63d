// shared/http-routes.ts: the one route list behind the HTTP API (infra) and npm start (local).

import { describe, expect, it } from 'vitest';
import { HTTP_ROUTES, routePattern } from '../../shared/http-routes';

/** The local server's rule: the first route whose method and path match, else the API function. */
const localTarget = (method: string, path: string) =>
  HTTP_ROUTES.find((r) => (r.method === 'ANY' || r.method === method) && routePattern(r.path).test(path))?.fn ?? 'api';

describe('HTTP routes', () => {
  it('turns route paths into patterns: {x} one segment, {x+} the rest, literals literal', () => {
    const t = routePattern('/api/bases/{baseId}/filings/{period}/template.xlsx');
    expect(t.test('/api/bases/csxc-01/filings/2020Q3/template.xlsx')).toBe(true);
    expect(t.test('/api/bases/csxc-01/filings/2020Q3/templateXxlsx')).toBe(false);
    expect(t.test('/api/bases/a/b/filings/2020Q3/template.xlsx')).toBe(false);
    expect(t.test('/api/bases/csxc-01/filings/2020Q3/template.xlsx/x')).toBe(false);
    expect(routePattern('/{proxy+}').test('/a/b/c.js')).toBe(true);
    expect(routePattern('/').test('/')).toBe(true);
    expect(routePattern('/').test('/x')).toBe(false);
  });

  it('sends the Excel template to its function, bulletins and the 催报 workbook to the export function, the rest to the API', () => {
    const cases: Array<[string, string, string]> = [
      ['GET', '/api/bases/csxc-01/filings/2020Q3/template.xlsx', 'template'],
      ['PUT', '/api/bases/csxc-01/filings/2020Q3/template.xlsx', 'template'],
      ['POST', '/api/bases/csxc-01/filings/2020Q3/template', 'template'],
      ['POST', '/api/bases/import', 'template'],
      ['POST', '/api/platforms/import', 'template'],
      ['POST', '/api/carriers/import', 'template'],
      ['GET', '/api/carriers/import/template.xlsx', 'template'],
      ['GET', '/api/platforms/plat-01', 'api'],
      ['POST', '/api/exports/table.xlsx', 'export'],
      ['GET', '/api/bases/csxc-01', 'api'],
      ['GET', '/api/bulletins/2020Q3.xlsx', 'export'],
      ['HEAD', '/api/bulletins/2020Q3.xlsx', 'export'],
      ['POST', '/api/bulletins/2020Q3.xlsx', 'export'],
      ['GET', '/api/platforms/plat-hs/filings/2020/template.xlsx', 'template'],
      ['POST', '/api/platforms/plat-hs/filings/2020/template', 'template'],
      ['GET', '/api/carriers/hy-gxq/assessments/2020.docx', 'export'],
      ['GET', '/api/carriers/hy-gxq/plan', 'api'],
      ['GET', '/api/periods/2020Q3/completeness.xlsx', 'export'],
      ['HEAD', '/api/periods/2020/completeness.xlsx', 'export'],
      ['GET', '/api/periods/2020Q3/completeness', 'api'],
      ['GET', '/api/periods/2020Q3/completenessXxlsx', 'api'],
      ['PUT', '/api/platforms/plat-hs/filings/2020', 'api'],
      ['PUT', '/api/bases/csxc-01/filings/2020Q3', 'api'],
      ['GET', '/api/bases/csxc-01/filings/2020Q3/history', 'api'],
      ['GET', '/api/bulletins/a/b.xlsx', 'api'],
      ['GET', '/', 'api'],
      ['GET', '/filing.html', 'api'],
    ];
    for (const [method, path, fn] of cases) expect([method, path, localTarget(method, path)]).toEqual([method, path, fn]);
  });

  it('lists the specific routes before the API function’s catch-alls (the local server takes the first match)', () => {
    const firstApi = HTTP_ROUTES.findIndex((r) => r.fn === 'api');
    expect(HTTP_ROUTES.slice(firstApi).every((r) => r.fn === 'api')).toBe(true);
    expect(HTTP_ROUTES.slice(firstApi).map((r) => r.path)).toEqual(['/api/{proxy+}', '/', '/{proxy+}']);
  });
});
