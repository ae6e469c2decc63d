// The OpenAPI description (shared/api-description.ts, GET /api/openapi.json) against the code:
// every route of functions/api.ts and of shared/http-routes.ts is in it with a summary, every
// exported request schema is in it with a description, the filing bodies carry every catalog
// field of every program, the error codes are the one table's — and `redocly lint` (offline)
// finds no error in it.

import { execSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OPERATIONS, openApiDocument, REQUEST_SCHEMAS } from '../../shared/api-description';
import { fieldsForPeriod } from '../../shared/catalog';
import { ERROR_CODES } from '../../shared/error-codes';
import { HTTP_ROUTES, routePattern } from '../../shared/http-routes';
import { PLATFORM_FIELDS } from '../../shared/platforms/catalog';

process.env.ADMIN_TOKEN ??= 'test-admin-token-0123456789';
const { API_ROUTES, dispatch } = await import('../../functions/api');
const { makeEvent } = await import('../helpers/api');

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// biome-ignore lint/suspicious/noExplicitAny: tests walk the OpenAPI document as untyped JSON
const doc = openApiDocument('0.0.0-test') as any;
/** `/api/bases/{baseId}/filings/{period}` and `/api/bases/{id}/filings/{period}` are one path. */
const shape = (p: string) => p.replace(/\{[^}]+\}/g, '{}');
const documented = new Set(
  Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${shape(p)}`)),
);

describe('OpenAPI description', () => {
  it('is served at GET /api/openapi.json without a token', async () => {
    const r = await dispatch(makeEvent('GET', '/api/openapi.json', undefined, { token: null }));
    expect(r.statusCode).toBe(200);
    const served = JSON.parse(r.body!);
    expect(served.openapi).toBe('3.1.0');
    expect(Object.keys(served.paths)).toEqual(Object.keys(doc.paths));
  });

  it('has every route of the API function, with its method', () => {
    expect(API_ROUTES.length).toBeGreaterThan(50);
    expect(API_ROUTES.map((r) => `${r.method} ${shape(r.path)}`).filter((k) => !documented.has(k))).toEqual([]);
  });

  it('has every route of shared/http-routes.ts (the export and template functions, the pages); catch-alls by what they serve', () => {
    const paths = Object.keys(doc.paths);
    for (const r of HTTP_ROUTES) {
      if (r.path.endsWith('{proxy+}')) {
        const prefix = r.path.replace('{proxy+}', '');
        const served = paths.filter((p) => p.startsWith(prefix) && p !== '/' && !(prefix === '/' && p.startsWith('/api/')));
        expect([r.path, served.length > 0]).toEqual([r.path, true]);
      } else expect([r.path, paths.some((p) => shape(p) === shape(r.path))]).toEqual([r.path, true]);
    }
  });

  it('describes no route that does not exist', () => {
    const api = new Set(API_ROUTES.map((r) => `${r.method} ${shape(r.path)}`));
    const others = HTTP_ROUTES.filter((r) => r.fn !== 'api');
    const stray = OPERATIONS.filter((o) => {
      const key = `${o.method.toUpperCase()} ${shape(o.path)}`;
      if (api.has(key)) return false;
      const concrete = o.path.replace(/\{[^}]+\}/g, 'x1');
      if (others.some((r) => routePattern(r.path).test(concrete))) return false;
      return !(o.method === 'get' && !o.path.startsWith('/api/'));
    });
    expect(stray.map((o) => `${o.method} ${o.path}`)).toEqual([]);
  });

  it('gives every operation a summary, an id, who may call it and x-request-id on its answers', () => {
    // biome-ignore lint/suspicious/noExplicitAny: tests walk the OpenAPI document as untyped JSON
    for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>))
      for (const [m, op] of Object.entries(ops)) {
        expect([p, m, typeof op.summary === 'string' && op.summary.length > 8]).toEqual([p, m, true]);
        expect(op.description).toMatch(/^Who: /);
        expect(op.operationId).toMatch(/^[a-z]+[A-Z]/);
        if (p.startsWith('/api/'))
          // biome-ignore lint/suspicious/noExplicitAny: tests walk the OpenAPI document as untyped JSON
          expect(Object.values(op.responses).find((r: any) => !r.$ref)).toMatchObject({ headers: { 'x-request-id': expect.anything() } });
      }
    // biome-ignore lint/suspicious/noExplicitAny: tests walk the OpenAPI document as untyped JSON
    const ids = Object.values(doc.paths as Record<string, Record<string, any>>).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has every exported request schema, each with a description', async () => {
    const files = execSync(`grep -rl "from 'zod'" shared --include=*.ts`, { cwd: ROOT, encoding: 'utf8' }).trim().split('\n');
    const registered = new Set(Object.values(REQUEST_SCHEMAS).map((e) => e.schema));
    const exported: string[] = [];
    for (const f of files) {
      const mod = (await import(path.join(ROOT, f))) as Record<string, unknown>;
      for (const [name, v] of Object.entries(mod)) if (v instanceof z.ZodType) exported.push(registered.has(v) ? '' : `${f}: ${name}`);
    }
    expect(exported.length).toBeGreaterThan(15);
    expect(exported.filter(Boolean)).toEqual([]);
    // biome-ignore lint/suspicious/noExplicitAny: tests walk the OpenAPI document as untyped JSON
    for (const [name, s] of Object.entries(doc.components.schemas as Record<string, any>))
      expect([name, typeof s.description === 'string' && s.description.length > 10]).toEqual([name, true]);
  });

  it('generates request bodies from the zod schemas: fields, enums, limits, no unknown fields', () => {
    const base = doc.components.schemas.BaseInput;
    expect(base).toMatchObject({ type: 'object', additionalProperties: false, required: expect.arrayContaining(['name', 'city', 'county', 'level']) });
    expect(base.properties.level.enum).toEqual(['national', 'provincial']);
    expect(base.properties.name.maxLength).toBe(100);
    expect(doc.components.schemas.Review.properties.action.enum).toEqual(['accept', 'return', 'reopen', 'pass']);
  });

  it('takes the filing values of every program from its catalog', () => {
    const s = doc.components.schemas;
    const baseCodes = new Set([...fieldsForPeriod('2019Q1'), ...fieldsForPeriod('2020Q1')].map((f) => f.code));
    expect(new Set(Object.keys(s.BaseFilingWrite.properties.values.properties))).toEqual(baseCodes);
    expect(s.BaseFilingWrite.properties.values.properties['service.mentoring.sessions'].description).toMatch(/创业辅导.*2017 only|2017 only/);
    expect(s.BaseFilingWrite.properties.values.properties.operatorAssets.description).toContain('运营单位总资产(万元, up to 4 decimals');
    expect(Object.keys(s.PlatformFilingWrite.properties.values.properties)).toEqual(PLATFORM_FIELDS.map((f) => f.code));
    expect(s.CarrierFilingWrite.properties).toHaveProperty('funds');
    expect(s.CarrierFilingWrite.properties.values.additionalProperties).toEqual({ type: ['number', 'string'] });
    expect(doc.paths['/api/platforms/{platformId}/filings/{period}'].put.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/PlatformFilingWrite',
    );
  });

  it('lists every error code in one component, from the one table', () => {
    expect(doc.components.schemas.ErrorCode.enum).toEqual(Object.keys(ERROR_CODES));
    for (const code of Object.keys(ERROR_CODES)) expect(doc.components.schemas.ErrorCode.description).toContain(`\`${code}\``);
  });

  it('passes redocly lint (recommended rules), offline', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tongbao-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'redocly'), ['lint', file, '--format=json'], {
        encoding: 'utf8',
        timeout: 120_000,
        // No telemetry, no update check: nothing leaves the machine.
        env: {
          ...process.env,
          REDOCLY_TELEMETRY: 'off',
          REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
          HTTPS_PROXY: 'http://127.0.0.1:9',
          HTTP_PROXY: 'http://127.0.0.1:9',
        },
      });
      const out = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as {
        totals: { errors: number; warnings: number };
        problems: Array<{ ruleId: string; severity: string; message: string }>;
      };
      expect(out.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(out.totals.errors).toBe(0);
      expect(r.status).toBe(0);
      // Warnings are allowed by the acceptance, but there are none today: keep it so.
      expect(out.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
