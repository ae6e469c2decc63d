// The Word document written directly (shared/bulletin/docx.ts) means what the `docx` package's did
// (test/helpers/docx-reference.ts, the writer before it): both packages are read by a small strict
// reader — every element of word/document.xml must be one it knows, or it throws — into sections
// (page size, orientation, margins, footer with its PAGE field), paragraphs (alignment, spacing,
// indents, runs with fonts, sizes, bold, colour, breaks and text) and tables (width, borders, grid,
// rows with cantSplit / tblHeader, cells with widths, spans, vMerge, borders, margins, alignment),
// plus the default run properties and the core properties, and compared whole — for the bases'
// bulletins, the window-platform bulletin, the carrier self-assessment and hostile text.

import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { type BulletinModel, layoutBulletin, writeDocument } from '../../shared/bulletin';
import { seed2020Input, sparseQuarterInput } from '../helpers/bulletin-inputs';
import { writeReferenceDocument } from '../helpers/docx-reference';
import { carrierSeedModel, platformDemoModel } from '../helpers/program-inputs';

// ---- a strict reader of the WordprocessingML the bulletins use --------------------------------

interface El {
  name: string;
  attrs: Record<string, string>;
  children: Array<El | string>;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
    const c = ENTITIES[e];
    if (c === undefined) throw new Error(`unknown entity ${m}`);
    return c;
  });

/** An XML document as a tree: elements, attributes and text; throws on anything unbalanced. */
function parse(xml: string): El {
  const root: El = { name: '#root', attrs: {}, children: [] };
  const stack = [root];
  const token = /<\?[^>]*\?>|<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < xml.length && (m = token.exec(xml))) {
    at = token.lastIndex;
    const top = stack[stack.length - 1]!;
    if (m[5] !== undefined) {
      top.children.push(decode(m[5]));
      continue;
    }
    if (!m[2]) continue; // declaration
    if (m[1]) {
      if (top.name !== m[2]) throw new Error(`</${m[2]}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of (m[3] ?? '').matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) attrs[a[1]!] = decode(a[2]!);
    const el: El = { name: m[2], attrs, children: [] };
    top.children.push(el);
    if (!m[4]) stack.push(el);
  }
  if (at !== xml.length || stack.length !== 1) throw new Error(`unparsed XML at ${at}`);
  const doc = root.children.find((c): c is El => typeof c !== 'string');
  if (!doc) throw new Error('no root element');
  return doc;
}

const elements = (e: El) => e.children.filter((c): c is El => typeof c !== 'string');
/** Attributes without their namespace prefixes and without namespace declarations. */
const attrsOf = (e: El) =>
  Object.fromEntries(
    Object.entries(e.attrs)
      .filter(([k]) => !k.startsWith('xmlns'))
      .map(([k, v]) => [k.replace(/^\w+:/, ''), v]),
  );

/** The property elements a paragraph, run, row, cell, table or section may carry (anything else throws). */
const PROPS = new Set([
  'w:spacing',
  'w:ind',
  'w:jc',
  'w:rFonts',
  'w:b',
  'w:bCs',
  'w:color',
  'w:sz',
  'w:szCs',
  'w:tblW',
  'w:tblBorders',
  'w:tblCellMar',
  'w:top',
  'w:left',
  'w:bottom',
  'w:right',
  'w:insideH',
  'w:insideV',
  'w:cantSplit',
  'w:tblHeader',
  'w:tcW',
  'w:gridSpan',
  'w:vMerge',
  'w:tcBorders',
  'w:tcMar',
  'w:vAlign',
  'w:pgSz',
  'w:pgMar',
  'w:pgNumType',
  'w:docGrid',
]);
const OFF = new Set(['false', '0', 'off']);

/** Properties as data, whatever their order: element → its attributes (or, nested, its properties). */
function props(e: El | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of e ? elements(e) : []) {
    if (!PROPS.has(c.name)) throw new Error(`unexpected <${c.name}> in <${e!.name}>`);
    const a = attrsOf(c);
    // <w:b w:val="false"/> is no bold at all (the default has none).
    if ((c.name === 'w:b' || c.name === 'w:bCs') && a.val !== undefined && OFF.has(a.val)) continue;
    const key = c.name.slice(2);
    if (key in out) throw new Error(`<${c.name}> twice in <${e!.name}>`);
    out[key] = elements(c).length ? props(c) : a;
  }
  return out;
}

type Para = { props: Record<string, unknown>; runs: Array<{ props: Record<string, unknown>; content: string[] }> };

function paragraph(p: El): { para: Para; sectPr?: El } {
  let sectPr: El | undefined;
  let pPr: El | undefined;
  const runs: Para['runs'] = [];
  for (const c of elements(p)) {
    if (c.name === 'w:pPr') {
      pPr = { ...c, children: elements(c).filter((x) => x.name !== 'w:sectPr') };
      sectPr = elements(c).find((x) => x.name === 'w:sectPr');
    } else if (c.name === 'w:r') {
      const content: string[] = [];
      let rPr: El | undefined;
      for (const x of elements(c)) {
        if (x.name === 'w:rPr') rPr = x;
        else if (x.name === 'w:t') {
          expect(x.attrs['xml:space'], 'w:t keeps its spaces').toBe('preserve');
          content.push(`t:${x.children.join('')}`);
        } else if (x.name === 'w:br') content.push('br');
        else if (x.name === 'w:fldChar') content.push(`field:${x.attrs['w:fldCharType']}`);
        else if (x.name === 'w:instrText') content.push(`instr:${x.children.join('')}`);
        else throw new Error(`unexpected <${x.name}> in a run`);
      }
      runs.push({ props: props(rPr), content });
    } else throw new Error(`unexpected <${c.name}> in a paragraph`);
  }
  return { para: { props: props(pPr), runs }, ...(sectPr ? { sectPr } : {}) };
}

/**
 * A table as it shows: each cell's borders and margins are its own, else its table's (a cell on
 * the table's edge takes the table's outer edge, an inner one insideH / insideV), else — margins
 * only — the default table style's. Where a writer says them does not matter, what they are does.
 */
function table(t: El, styleMargins: Record<string, unknown>) {
  let tblProps: Record<string, unknown> = {};
  let tblBorders: Record<string, unknown> | undefined;
  let tblMargins: Record<string, unknown> | undefined;
  const grid: string[] = [];
  const rows: unknown[] = [];
  const rowCount = elements(t).filter((c) => c.name === 'w:tr').length;
  let ri = -1;
  for (const c of elements(t)) {
    if (c.name === 'w:tblPr') {
      const { tblBorders: b, tblCellMar: m, ...rest } = props(c);
      tblProps = rest;
      tblBorders = b as Record<string, unknown> | undefined;
      tblMargins = m as Record<string, unknown> | undefined;
    } else if (c.name === 'w:tblGrid') for (const g of elements(c)) grid.push(attrsOf(g).w!);
    else if (c.name === 'w:tr') {
      ri++;
      let trProps: Record<string, unknown> = {};
      const cells: unknown[] = [];
      let col = 0;
      for (const x of elements(c)) {
        if (x.name === 'w:trPr') trProps = props(x);
        else if (x.name === 'w:tc') {
          let tcProps: Record<string, unknown> = {};
          const paras: Para[] = [];
          for (const y of elements(x)) {
            if (y.name === 'w:tcPr') tcProps = props(y);
            else if (y.name === 'w:p') paras.push(paragraph(y).para);
            else throw new Error(`unexpected <${y.name}> in a cell`);
          }
          const { tcBorders, tcMar, ...rest } = tcProps;
          const span = Number((rest.gridSpan as { val?: string } | undefined)?.val ?? 1);
          const edge = (name: 'top' | 'left' | 'bottom' | 'right', outer: boolean) =>
            tblBorders?.[outer ? name : name === 'top' || name === 'bottom' ? 'insideH' : 'insideV'];
          const borders =
            tcBorders ??
            (tblBorders && {
              top: edge('top', ri === 0),
              left: edge('left', col === 0),
              bottom: edge('bottom', ri === rowCount - 1),
              right: edge('right', col + span >= grid.length),
            });
          col += span;
          cells.push({ props: { ...rest, ...(borders ? { tcBorders: borders } : {}), tcMar: tcMar ?? tblMargins ?? styleMargins }, paras });
        } else throw new Error(`unexpected <${x.name}> in a row`);
      }
      rows.push({ props: trProps, cells });
    } else throw new Error(`unexpected <${c.name}> in a table`);
  }
  return { table: { props: tblProps, grid, rows } };
}

const part = async (z: JSZip, name: string) => {
  const f = z.file(name);
  if (!f) throw new Error(`no ${name}`);
  return f.async('string');
};

/** What a reader sees of the .docx, as plain data. */
async function meaning(buffer: Buffer) {
  const z = await JSZip.loadAsync(buffer);
  const rels = parse(await part(z, 'word/_rels/document.xml.rels'));
  const target = new Map(elements(rels).map((r) => [r.attrs.Id!, r.attrs.Target!]));
  const footer = async (sectPr: El) => {
    const refs = elements(sectPr).filter((x) => x.name === 'w:footerReference');
    expect(refs.map((r) => r.attrs['w:type'])).toEqual(['default']);
    const ftr = parse(await part(z, `word/${target.get(refs[0]!.attrs['r:id']!)}`));
    return elements(ftr).map((p) => paragraph(p).para);
  };
  const section = async (sectPr: El, blocks: unknown[]) => ({
    page: props({ ...sectPr, children: elements(sectPr).filter((x) => x.name !== 'w:footerReference') }),
    footer: await footer(sectPr),
    blocks,
  });

  const styles = parse(await part(z, 'word/styles.xml'));
  // The default table style's cell margins: what a cell has where neither it nor its table says.
  const tableStyle = elements(styles).find((e) => e.name === 'w:style' && e.attrs['w:type'] === 'table' && e.attrs['w:default'] === '1');
  const styleTblPr = tableStyle && elements(tableStyle).find((e) => e.name === 'w:tblPr');
  const styleMarginsEl = styleTblPr && elements(styleTblPr).find((e) => e.name === 'w:tblCellMar');
  // Where no default table style says them (the docx package's styles.xml): Word's own default,
  // 108 twips left and right, none above and below — what the new writer's TableNormal states.
  const dxa = (w: number) => ({ w: String(w), type: 'dxa' });
  const styleMargins = styleMarginsEl ? props(styleMarginsEl) : { top: dxa(0), left: dxa(108), bottom: dxa(0), right: dxa(108) };

  const body = elements(parse(await part(z, 'word/document.xml')))[0]!;
  expect(body.name).toBe('w:body');
  const sections: unknown[] = [];
  let blocks: unknown[] = [];
  for (const c of elements(body)) {
    if (c.name === 'w:p') {
      const { para, sectPr } = paragraph(c);
      blocks.push(para);
      if (sectPr) {
        sections.push(await section(sectPr, blocks));
        blocks = [];
      }
    } else if (c.name === 'w:tbl') blocks.push(table(c, styleMargins));
    else if (c.name === 'w:sectPr') {
      sections.push(await section(c, blocks));
      blocks = [];
    } else throw new Error(`unexpected <${c.name}> in the body`);
  }
  expect(blocks, 'the body ends with its sectPr').toEqual([]);

  const defaults = elements(styles).find((e) => e.name === 'w:docDefaults')!;
  const rPrDefault = elements(elements(defaults).find((e) => e.name === 'w:rPrDefault')!)[0];
  const core = parse(await part(z, 'docProps/core.xml'));
  const coreText = (n: string) => (elements(core).find((e) => e.name === n)?.children ?? []).join('');
  const settings = parse(await part(z, 'word/settings.xml'));
  const compat = elements(elements(settings).find((e) => e.name === 'w:compat')!).map((e) => attrsOf(e));
  return { sections, defaultRun: props(rPrDefault), compat, title: coreText('dc:title'), creator: coreText('dc:creator') };
}

async function expectSameMeaning(model: BulletinModel) {
  const before = await meaning(await writeReferenceDocument(model));
  const after = await meaning(await writeDocument(model));
  expect(after.sections.length).toBe(before.sections.length);
  for (let i = 0; i < before.sections.length; i++)
    expect({ section: i, ...(after.sections[i] as object) }).toEqual({ section: i, ...(before.sections[i] as object) });
  expect(after).toEqual(before);
  return after;
}

// ---- models -------------------------------------------------------------------------------------

/** The 2020 bulletin with markup, quotes, control characters, a lone surrogate and an emoji in its title, text and tables. */
function hostileModel(): BulletinModel {
  const m = structuredClone(layoutBulletin(seed2020Input()));
  const doc = m.document!;
  doc.title = `关于<“a&b”>'x' 孤\ud800字😀的通报`;
  doc.recipients = '  前后有空格  ';
  doc.paragraphs[0]!.text = '控制\u0001字符\u001f\u007f尾';
  doc.paragraphs[1]!.text = 'a&b<c>"d\'e &amp; ]]> 孤\udc00字';
  const annex = m.sheets.find((s) => s.name === doc.annexes[0])!;
  annex.rows[3]!.cells[0] = { t: 'text', v: '=HYPERLINK("http://x","y") <&>' };
  return m;
}

describe('the Word document written directly means what the docx package wrote', () => {
  it('the 2020 annual bulletin of seed 000: four sections, the letter and three 附件', async () => {
    const m = await expectSameMeaning(layoutBulletin(seed2020Input()));
    expect(m.sections).toHaveLength(4);
    expect(m.title).toBe('关于湖南省中小微企业创业创新基地2020年运营情况的通报');
    expect(m.creator).toBe('通报 Tongbao');
    expect(m.defaultRun).toEqual({
      rFonts: { ascii: '仿宋_GB2312', eastAsia: '仿宋_GB2312', hAnsi: '仿宋_GB2312', cs: '仿宋_GB2312' },
      sz: { val: '32' },
      szCs: { val: '32' },
    });
    // The reader did see what matters: tables with repeated headings, a PAGE field in every footer.
    const json = JSON.stringify(m.sections);
    for (const seen of ['"tblHeader":{}', '"vMerge":{"val":"restart"}', '"vMerge":{"val":"continue"}', '"gridSpan"', '"br"'])
      expect(json.includes(seen), seen).toBe(true);
    for (const s of m.sections as Array<{ footer: Para[] }>)
      expect(s.footer[0]!.runs.flatMap((r) => r.content)).toEqual(['t:— ', 'field:begin', 'instr:PAGE', 'field:separate', 'field:end', 't: —']);
  });

  it('a quarter 2 of 85 bases filed (the red warning first)', async () => {
    await expectSameMeaning(layoutBulletin(sparseQuarterInput()));
  });

  it('the window-platform bulletin of seed 003 (landscape annexes over several pages)', async () => {
    const m = await expectSameMeaning(platformDemoModel());
    const pages = (m.sections as Array<{ page: { pgSz: Record<string, string> } }>).map((s) => s.page.pgSz.orient);
    expect(pages).toEqual(['portrait', 'landscape', 'landscape', 'landscape']);
  });

  it('the carrier self-assessment of seed 002 (a section row over the whole grid, a two-line title)', async () => {
    const m = await expectSameMeaning(carrierSeedModel());
    const json = JSON.stringify(m.sections);
    for (const seen of ['"gridSpan"', '"br"']) expect(json.includes(seen), seen).toBe(true);
  });

  it('hostile text: markup and quotes escaped, control characters dropped, lone surrogates replaced, spaces kept', async () => {
    const m = await expectSameMeaning(hostileModel());
    const json = JSON.stringify(m.sections);
    for (const seen of ['a&b<c>\\"d\'e &amp; ]]> 孤\ufffd字', 't:  前后有空格  ', 't:控制字符\u007f尾', "关于<“a&b”>'x' 孤\ufffd字😀的通报"])
      expect(json.includes(seen), seen).toBe(true);
  });

  it('drops the control characters XML 1.0 cannot hold, as the docx package did (DEL, which XML allows, stays)', async () => {
    const m = structuredClone(layoutBulletin(seed2020Input()));
    m.document!.paragraphs[0]!.text = '控制\u0001字符\u001f\u007f尾\t';
    const xml = await (await JSZip.loadAsync(await writeDocument(m))).file('word/document.xml')!.async('string');
    expect(xml).toContain('>控制字符\u007f尾\t</w:t>');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });
});
