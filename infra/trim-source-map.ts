// Lambda runs the functions with --enable-source-maps, and node parses the whole source map when
// it loads the bundle: for the two functions that carry exceljs (2.6 MB of map, 96 % of it for
// node_modules) that was ~160 ms of every cold start. Stack frames in our code are what we read,
// so library code keeps one mapping per contiguous run (a frame there still names the right
// file, at the start of the run: never one of ours) and our own code keeps every mapping.
//
//   npx tsx infra/trim-source-map.ts <file.map>    (in place; TongbaoFunction runs it after bundling)

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';

export interface RawSourceMap {
  version: number;
  sources: string[];
  names: string[];
  mappings: string;
  file?: string;
  sourceRoot?: string;
  sourcesContent?: Array<string | null>;
}

/**
 * Our code: what lives in functions/, shared/ or web/ (and the generated web-assets module).
 * Everything else is a library's, also where a package's own source map names its sources
 * outside node_modules (xmlchars' "../../src/xml/…").
 */
export const isOurSource = (source: string) => /(^|\/)(functions|shared|web)\/|(^|\/)web-assets\.mjs$/.test(source) && !/(^|\/)node_modules\//.test(source);

export function trimSourceMap(map: RawSourceMap, isOurs: (source: string) => boolean = isOurSource): RawSourceMap {
  const sources: string[] = [];
  const sourcesContent: Array<string | null> = [];
  const sourceIndex = new Map<number, number>();
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const sourceOf = (i: number) => {
    let j = sourceIndex.get(i);
    if (j === undefined) {
      sourceIndex.set(i, (j = sources.length));
      sources.push(map.sources[i]!);
      if (map.sourcesContent) sourcesContent.push(map.sourcesContent[i] ?? null);
    }
    return j;
  };
  const nameOf = (n: number) => {
    const name = map.names[n]!;
    let j = nameIndex.get(name);
    if (j === undefined) nameIndex.set(name, (j = names.push(name) - 1));
    return j;
  };
  const library = map.sources.map((s) => !isOurs(s));
  // The source of the segment before, across lines: a library run continues over line breaks.
  let previous = -1;
  const lines = decode(map.mappings).map((line) => {
    const kept: SourceMapSegment[] = [];
    for (const seg of line) {
      if (seg.length === 1) {
        kept.push(seg);
        previous = -1;
        continue;
      }
      const [column, source, origLine, origColumn] = seg;
      if (!library[source])
        kept.push(seg.length === 5 ? [column, sourceOf(source), origLine, origColumn, nameOf(seg[4])] : [column, sourceOf(source), origLine, origColumn]);
      else if (source !== previous) kept.push([column, sourceOf(source), origLine, origColumn]);
      previous = source;
    }
    return kept;
  });
  return {
    version: 3,
    ...(map.file !== undefined ? { file: map.file } : {}),
    ...(map.sourceRoot !== undefined ? { sourceRoot: map.sourceRoot } : {}),
    sources,
    ...(map.sourcesContent ? { sourcesContent } : {}),
    names,
    mappings: encode(lines),
  };
}

/** Trims a .map file in place; returns its size before and after. */
export function trimSourceMapFile(file: string): { before: number; after: number } {
  const text = readFileSync(file, 'utf8');
  const out = JSON.stringify(trimSourceMap(JSON.parse(text) as RawSourceMap));
  writeFileSync(file, out);
  return { before: Buffer.byteLength(text), after: Buffer.byteLength(out) };
}

// Run as a script (the CDK bundling hook in infra/bundling.ts).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = process.argv.slice(2);
  if (!files.length) {
    console.error('usage: tsx infra/trim-source-map.ts <file.map>...');
    process.exitCode = 2;
  }
  for (const f of files) trimSourceMapFile(f);
}
