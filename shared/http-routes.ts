// Which function answers which HTTP request: the HTTP API's routes (infra/stateless-stack.ts)
// and the local server's (local/stack.ts) are both built from this list, so `npm start` routes
// exactly as API Gateway does. API Gateway prefers the most specific route; the list is in that
// order (the local server takes the first match and gives what matches none to the API function),
// with the API function's catch-alls last.

export type HttpFunctionName = 'api' | 'export' | 'template';

export interface HttpRoute {
  /** An HTTP API route path: literal segments, {param} and a final {proxy+}. */
  path: string;
  /** 'ANY' or one method. */
  method: 'ANY' | 'GET';
  fn: HttpFunctionName;
}

export const HTTP_ROUTES: readonly HttpRoute[] = [
  // exceljs lives only in the template function (it doubled the API's cold import; the export
  // function writes its workbooks with shared/bulletin/xlsx.ts).
  // The registry imports (issue 19) and their .xlsx templates.
  { path: '/api/bases/import', method: 'ANY', fn: 'template' },
  { path: '/api/bases/import/template.xlsx', method: 'ANY', fn: 'template' },
  { path: '/api/platforms/import', method: 'ANY', fn: 'template' },
  { path: '/api/platforms/import/template.xlsx', method: 'ANY', fn: 'template' },
  { path: '/api/carriers/import', method: 'ANY', fn: 'template' },
  { path: '/api/carriers/import/template.xlsx', method: 'ANY', fn: 'template' },
  { path: '/api/bases/{baseId}/filings/{period}/template.xlsx', method: 'ANY', fn: 'template' },
  { path: '/api/bases/{baseId}/filings/{period}/template', method: 'ANY', fn: 'template' },
  { path: '/api/platforms/{platformId}/filings/{period}/template.xlsx', method: 'ANY', fn: 'template' },
  { path: '/api/platforms/{platformId}/filings/{period}/template', method: 'ANY', fn: 'template' },
  // ANY: the export function answers HEAD and says 405 to other methods itself.
  { path: '/api/bulletins/{file}', method: 'ANY', fn: 'export' },
  { path: '/api/carriers/{carrierId}/assessments/{file}', method: 'ANY', fn: 'export' },
  { path: '/api/periods/{period}/completeness.xlsx', method: 'ANY', fn: 'export' },
  // 导出Excel of any list page (issue 19): the rows the page shows, as a workbook.
  { path: '/api/exports/table.xlsx', method: 'ANY', fn: 'export' },
  // The national bulletin, asynchronously (a national deployment): the job and its link.
  { path: '/api/exports/national-bulletins', method: 'ANY', fn: 'export' },
  { path: '/api/exports/national-bulletins/{jobId}', method: 'ANY', fn: 'export' },
  { path: '/api/{proxy+}', method: 'ANY', fn: 'api' },
  { path: '/', method: 'GET', fn: 'api' },
  { path: '/{proxy+}', method: 'GET', fn: 'api' },
];

/** The route path as a RegExp over request paths ({x} one segment, {x+} the rest). */
export function routePattern(path: string): RegExp {
  const body = path
    .split('/')
    .map((seg) => (/^\{\w+\+\}$/.test(seg) ? '.+' : /^\{\w+\}$/.test(seg) ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}$`);
}
