// The web app reads the API's answers with the API's own types (issue 17): a change of a
// response on the server is a compile error in the pages (`npx tsc`), not a page broken at run
// time. Two things keep that honest and the bundle free of server code:
// - the modules that answer requests (use cases, auth, http, the store) reach web/src only as
//   `import type` / `export type`, which esbuild erases;
// - the response shapes are not declared again in web/src.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { MeView } from '../../shared/auth';
import type { CatalogView } from '../../shared/catalog';
import type { AggregatesView } from '../../shared/use-cases/read-aggregates';
import type { FilingView } from '../../shared/use-cases/read-filings';
import type { Wire } from '../../shared/wire';
import type { Catalog } from '../../web/src/form-model';
import type { TrendAggregate } from '../../web/src/trend';
import type { Me } from '../../web/src/ui';
import type { FilingView as FormFilingView } from '../../web/src/views/form-extension';
import type { AggregatesAnswer } from '../../web/src/views/totals-shell';

const WEB_SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/** Server-only modules: their code must never be bundled into the pages. */
const SERVER_ONLY = /shared\/(use-cases|store)\/|shared\/(auth|http|wire|config|audit|passwords)['"]/;

describe('the web app shares the API types', () => {
  it('imports server-only modules with import type only', () => {
    const offending: string[] = [];
    for (const file of sources(WEB_SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^(import|export)\s+([^;]*?)\s+from\s+(['"][^'"]+['"]);/gms)) {
        if (!SERVER_ONLY.test(m[3]!)) continue;
        if (!/^type\s/.test(m[2]!)) offending.push(`${path.relative(WEB_SRC, file)}: ${m[0].replace(/\s+/g, ' ')}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('does not declare the API answers again', () => {
    const names = ['FilingView', 'Me', 'Role', 'AccountView', 'TokenView', 'AggregatesAnswer', 'PeriodRow', 'DesignationListItem', 'Catalog', 'Schedule'];
    const redeclared: string[] = [];
    for (const file of sources(WEB_SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const n of names) if (new RegExp(`^(export )?interface ${n}\\b`, 'm').test(text)) redeclared.push(`${path.relative(WEB_SRC, file)}: interface ${n}`);
    }
    expect(redeclared).toEqual([]);
  });

  it('reads each answer as the server types it', () => {
    expectTypeOf<Me>().toEqualTypeOf<MeView>();
    expectTypeOf<FormFilingView>().toEqualTypeOf<FilingView>();
    expectTypeOf<AggregatesAnswer>().toEqualTypeOf<Wire<AggregatesView>>();
    expectTypeOf<Catalog>().toEqualTypeOf<Pick<CatalogView, 'sections' | 'fields'>>();
    expectTypeOf<Wire<AggregatesView>>().toExtend<TrendAggregate>();
    // What JSON makes of the server's integers.
    expectTypeOf<Wire<AggregatesView>['values'][string]>().toEqualTypeOf<bigint | number>();
  });
});
