// 通报正文: the bulletin text drafted in the seeds' style. Every number in it is read back from
// the sheets' cells (ctx.facts, the rankings) and printed as the cell's format displays it.

import { SERVICE_MEASURES } from '../catalog';
import { config } from '../config';
import { isQuarter, periodLabel, yearOf } from '../periods';
import { LEVEL_LABELS } from '../registry';
import { regionWord, scopeLabel } from './file-name';
import type { Ctx, Ranking } from './layout-context';
import { type CellModel, DASH, type DocParagraph, type DocumentModel, type SheetModel, text } from './model';
import { momHeadings } from './mom';
import { show, showTrimmed } from './numbers';
import { SheetBuilder } from './sheet-builder';

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** A count before a measure word: 两家, 前两位 (never 二家), 三家 … 十家, then digits. */
export const cn = (n: number) => (n === 2 ? '两' : n >= 0 && n <= 10 ? CN_DIGITS[n]! : String(n));
/** Section numerals: 一、二、三、 */
const ordinal = (n: number) => CN_DIGITS[n] ?? String(n);

/** The issuer printed in the 落款: the configured province's department. */
export const ISSUER = config.province.department;

/**
 * Width of the 通报正文 column (characters of the default font): inside A4 portrait's printable
 * width at 100 % both where that font is Calibri (Excel, 7 px) and where it falls back to a wider
 * one (LibreOffice without Carlito: DejaVu Sans, 9.3 px) — print scaling is not relied on.
 */
export const TEXT_WIDTH = 64;

/** Sentences quote at most this many bases per ranking (001 names five). */
const TEXT_TOP = 5;

/**
 * What a fact cell displays (`—` for a division by zero), without a trailing `.0`: the seeds'
 * prose writes 1653万平方米 where their table prints 1653.0.
 */
function say(ctx: Ctx, key: string): string {
  const c: CellModel | undefined = ctx.facts.get(key);
  if (!c) throw new Error(`bulletin text quotes a value no sheet shows: ${key}`);
  if (c.t !== 'num') return c.t === 'text' ? c.v : DASH;
  // Percentages keep their decimals, so shares side by side read alike (13.0%, never 13% beside 43.5%).
  return c.fmt.endsWith('%') ? show(c.v, c.fmt) : show(c.v, c.fmt).replace(/\.0+$/, '');
}

/** The number behind a fact (null for `—`). */
function ctxValue(ctx: Ctx, key: string): number | null {
  const c = ctx.facts.get(key);
  return c && c.t === 'num' ? c.v : null;
}

/** `增长12.5%` / `下降5.2%` / `无可比数据`, from a growth fact. */
function change(ctx: Ctx, key: string, up = '增长', down = '下降'): string {
  const c = ctx.facts.get(key);
  if (c?.t !== 'num') return '无可比数据';
  return c.v < 0 ? `${down}${show(-c.v, c.fmt)}` : `${up}${show(c.v, c.fmt)}`;
}

/** The first TEXT_TOP places, with every base tied with the last of them (as the 排名 sheet). */
const leaders = (r: Ranking) => r.entries.filter((e) => e.place <= TEXT_TOP);
const names = (r: Ranking) => leaders(r).map((e) => e.base.name);
const withValues = (r: Ranking, unit = r.unit) => leaders(r).map((e) => `${e.base.name}(${showTrimmed(e.value, r.fmt)}${unit})`);

function topSentence(r: Ranking | undefined, lead: (n: string) => string, items: (r: Ranking) => string[] = names): string {
  if (!r?.entries.length) return '';
  const list = items(r);
  return `${lead(cn(list.length))}${list.join('、')}。`;
}

/** The 通报正文 sheet and the Word document: the same paragraphs, drafted once. */
export function textSheet(ctx: Ctx, annexSheets: readonly SheetModel[]): { sheet: SheetModel; document: DocumentModel } {
  const pl = periodLabel(ctx.period);
  const region = regionWord(ctx.scope);
  const who = `${region}中小微企业创业创新基地`;
  const title = `关于${scopeLabel(ctx.scope, ctx.input.province)}中小微企业创业创新基地${pl}运营情况的通报`;
  const s = new SheetBuilder(ctx, '通报正文', title, 1);
  const paragraphs: DocParagraph[] = [];
  const p = (t: string) => s.row('paragraph', [text(t)]);
  const indent = (t: string, kind: DocParagraph['kind'] = 'body') => {
    paragraphs.push({ kind, text: t });
    p(`    ${t}`);
  };
  let section = 0;
  const heading = (t: string) => indent(`${ordinal(++section)}、${t}`, 'heading');
  const ranking = (key: string) => ctx.rankings.find((r) => r.key === key);
  const end = isQuarter(ctx.period) ? `${pl}末` : `${yearOf(ctx.period)}年底`;

  const warning = ctx.completenessSummary.warning;
  if (warning) p(warning);
  s.row('blank', []);
  const recipients = ctx.scope.startsWith('city:')
    ? '各县市区工信部门,各中小微企业创业创新基地:'
    : `${(ctx.input.province ?? config.province).cityBureaus},有关县市区工信部门,各中小微企业创业创新基地:`;
  p(recipients);
  const national = ctxValue(ctx, 'basic.national') ?? 0;
  const provincial = ctxValue(ctx, 'basic.provincial') ?? 0;
  const levels =
    national && provincial
      ? `${say(ctx, 'basic.bases')}家创业创新基地(其中${LEVEL_LABELS.national}${say(ctx, 'basic.national')}家、${LEVEL_LABELS.provincial}${say(ctx, 'basic.provincial')}家)`
      : `${say(ctx, 'basic.bases')}家${national ? LEVEL_LABELS.national : provincial ? LEVEL_LABELS.provincial : ''}创业创新基地`;
  indent(`根据各基地报送的数据,现将${pl}${region}${levels}运营情况通报如下:`);

  heading('基本情况');
  // 1 建设情况
  indent(
    `1、建设情况。截至${end},${who}建筑面积${say(ctx, 'basic.buildingArea.total')}万平方米,其中基地自持部分面积${say(ctx, 'basic.selfOwnedArea.total')}万平方米;` +
      `标准厂房面积${say(ctx, 'basic.standardFactoryArea.total')}万平方米。` +
      topSentence(ranking('buildingArea'), () => '建筑面积最大的依次是:') +
      topSentence(
        ranking('standardFactoryArea'),
        (n) => `标准厂房面积居前${n}位的是:`,
        (r) => withValues(r),
      ),
  );

  // 2 服务情况
  indent(`2、服务情况。${pl},${who}共计开展服务活动${say(ctx, 'services.total.sessions')}场次,服务企业${say(ctx, 'services.total.enterprises')}家次。其中:`);
  const [sessions, enterprises] = SERVICE_MEASURES;
  // `(占55.3%)`; nothing when there is no share (no services at all), never `(占—)`.
  const share = (key: string) => (ctxValue(ctx, key) === null ? '' : `(占${say(ctx, key)})`);
  ctx.taxonomy.types.forEach((t, i) =>
    indent(
      `${t.label}${say(ctx, `services.${t.code}.sessions`)}${sessions.unit}${share(`services.${t.code}.sessions.share`)},` +
        `服务企业${say(ctx, `services.${t.code}.enterprises`)}${enterprises.unit}${share(`services.${t.code}.enterprises.share`)}` +
        (i === ctx.taxonomy.types.length - 1 ? '。' : ';'),
    ),
  );
  const servicesTop =
    topSentence(ranking('serviceSessions'), () => '开展服务活动场次最多的依次是:') +
    topSentence(ranking('serviceEnterprises'), () => '服务企业家次最多的依次是:');
  if (servicesTop) indent(servicesTop);

  // 3 运营情况
  const hd = momHeadings(ctx.period);
  const staffUp = ctx.staffIncrease;
  indent(
    `3、运营情况。${pl},${who}运营单位营业收入共计${say(ctx, 'basic.operatorRevenue.total')}亿元,其中服务性收入${say(ctx, 'basic.operatorServiceRevenue.total')}亿元,` +
      `占营业收入的${say(ctx, 'basic.serviceRevenueShare')}。` +
      (ctx.showMom
        ? `${hd.current}基地营业收入环比${change(ctx, 'mom.operatorRevenue.growth')},服务性收入环比${change(ctx, 'mom.operatorServiceRevenue.growth')}(${ctx.mom.note})。`
        : '') +
      `运营单位总资产${say(ctx, 'basic.operatorAssets.total')}亿元,企业服务人员共计${say(ctx, 'basic.serviceStaff.total')}人,` +
      `创业辅导师持证人数${say(ctx, 'basic.certifiedMentors.total')}人,引进第三方服务机构${say(ctx, 'basic.thirdPartyProviders.total')}家。` +
      topSentence(ranking('operatorAssets'), (n) => `总资产规模最大的${n}家分别是:`) +
      topSentence(ranking('operatorRevenue'), (n) => `营业收入位居前${n}位的是:`) +
      topSentence(
        staffUp.entries.length ? staffUp : undefined,
        () => `与${periodLabel(ctx.compare)}相比,服务人员增加最多的是:`,
        (r) => leaders(r).map((e) => `${e.base.name}(新增${showTrimmed(e.value, r.fmt)}${r.unit})`),
      ) +
      topSentence(ranking('certifiedMentors'), () => '创业辅导师持证人数最多的依次为:'),
  );

  // 4 入驻企业情况
  indent(
    `4、入驻企业情况。${pl},${who}入驻企业户数${say(ctx, 'basic.residentEnterprises.total')}家,其中小微企业户数${say(ctx, 'basic.smallMicroEnterprises.total')}家,` +
      `高新技术企业户数${say(ctx, 'basic.highTechEnterprises.total')}家。入驻企业营业收入${say(ctx, 'basic.enterpriseRevenue.total')}亿元,` +
      `缴纳税金${say(ctx, 'basic.enterpriseTax.total')}亿元,利润总额${say(ctx, 'basic.enterpriseProfit.total')}亿元。` +
      `基地内企业就业人数${say(ctx, 'basic.employees.total')}万人。` +
      `入驻企业拥有商标${say(ctx, 'ent.trademarks.total')}件,软件著作权${say(ctx, 'ent.softwareCopyrights.total')}件,专利${say(ctx, 'ent.patents.total')}件,` +
      `其中:发明专利${say(ctx, 'ent.inventionPatents.total')}件,实用新型专利${say(ctx, 'ent.utilityPatents.total')}件,外观设计专利${say(ctx, 'ent.designPatents.total')}件。` +
      topSentence(
        ranking('residentEnterprises'),
        (n) => `入驻企业户数居前${n}位的是:`,
        (r) => withValues(r),
      ) +
      topSentence(ranking('intellectualProperty'), () => '入驻企业拥有知识产权总数最多的分别是:'),
  );

  // 同比情况: only when there is something to compare, or the comparison was asked for.
  if (ctx.showYoy) {
    heading('同比情况');
    const cl = periodLabel(ctx.compare);
    if ((ctxValue(ctx, 'yoy.bases.before') ?? 0) === 0 || (ctxValue(ctx, 'yoy.bases.after') ?? 0) === 0) {
      indent(`${cl}无可比数据(${ctx.comparison.note})。`);
    } else {
      indent(
        `与${cl}相比(${ctx.comparison.note}),基地建筑总面积${change(ctx, 'yoy.buildingArea.growth')},运营单位营业收入${change(ctx, 'yoy.operatorRevenue.growth')},` +
          `服务性收入${change(ctx, 'yoy.operatorServiceRevenue.growth')},入驻企业户数${change(ctx, 'yoy.residentEnterprises.growth')},` +
          `入驻企业营业收入${change(ctx, 'yoy.enterpriseRevenue.growth')},开展服务活动场次${change(ctx, 'yoy.services.sessions.growth')},` +
          `服务企业家次${change(ctx, 'yoy.services.enterprises.growth')}。`,
      );
    }
  }

  // 报送情况: counts; the names are on the 报送情况 sheet, not inline.
  heading('报送情况');
  if (!ctx.input.completeness.length) indent('本期暂无报送记录。');
  for (const b of ctx.input.completeness) {
    const k = `completeness.${b.period}`;
    indent(
      `${periodLabel(b.period)}应报送基地${say(ctx, `${k}.expected`)}家,已报送${say(ctx, `${k}.submitted`)}家,报送率${say(ctx, `${k}.submissionRate`)};` +
        `其中按时报送${say(ctx, `${k}.onTime`)}家,逾期报送${say(ctx, `${k}.late`)}家。` +
        (b.missingBases.length ? `未报送${say(ctx, `${k}.missing`)}家,名单见报送情况统计表。` : '全部基地均已报送。'),
    );
  }

  s.row('blank', []);
  const annexes = annexSheets.map((a) => a.title);
  annexes.forEach((t, i) => p(`    ${i ? '      ' : '附件:'}${i + 1}. ${t}`));
  s.row('blank', []);
  const date = ctx.input.options?.date ?? '';
  s.row('paragraph', [text(ctx.input.province?.department ?? ISSUER, 'right')]);
  if (date) s.row('paragraph', [text(date, 'right')]);
  const sheet = s.build({ frozenRows: 1, landscape: false, fixedWidths: [TEXT_WIDTH] });
  return {
    sheet,
    document: {
      title,
      ...(warning ? { warning } : {}),
      recipients,
      paragraphs,
      annexes: annexSheets.map((a) => a.name),
      issuer: ctx.input.province?.department ?? ISSUER,
      date,
    },
  };
}
