// infra/trim-source-map.ts: our code keeps every mapping, a library keeps one per run, and a
// trimmed bundle run with --enable-source-maps still names our file and line, and a library
// frame's file (never one of ours).

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../infra/bundling';
import { REPO_ROOT } from '../../infra/tongbao-function';
import { isOurSource, trimSourceMap, trimSourceMapFile } from '../../infra/trim-source-map';

describe('trimSourceMap', () => {
  it('keeps our segments exactly, collapses each library run to its first segment, reindexes sources and names', () => {
    const sources = ['../../node_modules/zod/a.js', '../../shared/x.ts', '../../node_modules/exceljs/b.js', '../../src/xml/ed5.ts'];
    const names = ['lib', 'ours', 'other'];
    const lines = [
      [
        [0, 0, 10, 0, 0],
        [5, 0, 11, 2],
        [9, 0, 12, 4],
        [14, 1, 3, 0, 1],
        [20, 1, 4, 2],
        [25, 2, 0, 0],
        [30, 2, 1, 0, 2],
      ],
      [[0, 2, 2, 0], [4, 3, 7, 1], [8], [10, 1, 9, 0, 1]],
    ] as const;
    const out = trimSourceMap({ version: 3, sources, names, mappings: encode(lines.map((l) => l.map((s) => [...s]) as never)) });
    expect(out.sources).toEqual(['../../node_modules/zod/a.js', '../../shared/x.ts', '../../node_modules/exceljs/b.js', '../../src/xml/ed5.ts']);
    expect(out.names).toEqual(['ours']);
    expect(decode(out.mappings)).toEqual([
      [
        [0, 0, 10, 0],
        [14, 1, 3, 0, 0],
        [20, 1, 4, 2],
        [25, 2, 0, 0],
      ],
      // exceljs' run goes on across the line break; the package's own "src/" is a library's too.
      [[4, 3, 7, 1], [8], [10, 1, 9, 0, 0]],
    ]);
  });

  it('tells our sources from libraries’', () => {
    expect(['../../functions/api.ts', '../../shared/http.ts', '../web-assets.mjs', '../../web/src/app.ts'].every(isOurSource)).toBe(true);
    expect(['../../node_modules/zod/v4/core/schemas.js', '../../src/xml/1.0/ed5.ts', '../../node_modules/x/shared/y.js'].some(isOurSource)).toBe(false);
  });
});

describe('a trimmed bundle under --enable-source-maps', () => {
  const dir = (() => {
    mkdirSync(path.join(REPO_ROOT, '.build'), { recursive: true });
    return mkdtempSync(path.join(REPO_ROOT, '.build', 'trim-test-'));
  })();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('maps a frame of ours to its file and line, and a library frame to the library', async () => {
    mkdirSync(path.join(dir, 'functions'));
    const entry = path.join(dir, 'functions', 'entry.ts');
    writeFileSync(
      entry,
      [
        "import { z } from 'zod';",
        'export function ours(): never {',
        "  throw new Error('ours');",
        '}',
        'export function library(): unknown {',
        "  return z.string().refine(() => { throw new Error('inside'); }).parse('x');",
        '}',
        '',
      ].join('\n'),
    );
    const outfile = path.join(dir, 'out', 'index.mjs');
    await build(esbuildOptions(entry, outfile));
    const { before, after } = trimSourceMapFile(`${outfile}.map`);
    expect(after).toBeLessThan(before / 3);
    // The first two frames of each stack.
    const probe = `const m = await import(process.argv[1]); for (const f of ['ours', 'library']) { try { m[f](); } catch (e) { console.log(f + ' ' + e.stack.split('\\n').filter((l) => l.includes(' at ')).slice(0, 2).map((l) => l.trim()).join(' | ')); } }`;
    const r = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', probe, `file://${outfile}`], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const lines = Object.fromEntries(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf(' ')), l]),
    );
    expect(lines.ours).toMatch(/^ours at .*functions\/entry\.ts:3:\d+\)? \| /);
    // Our callback, then zod calling it: zod's frame names zod's file, not ours.
    const [callback, caller] = lines.library!.slice('library '.length).split(' | ');
    expect(callback).toMatch(/functions\/entry\.ts:6:\d+\)?$/);
    expect(caller).toMatch(/node_modules\/zod\/.*\.js:\d+:\d+\)?$/);
    // The untrimmed map would have taken more than three times the bytes.
    expect(JSON.parse(readFileSync(`${outfile}.map`, 'utf8')).sources.filter(isOurSource)).toEqual(['../functions/entry.ts']);
  });
});
