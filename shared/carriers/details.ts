// The non-indicator part of a carrier's yearly filing (SPEC §10): funds received in batches,
// funds disbursed to the sub-projects, investment and progress per sub-project, and the texts of
// the self-assessment. Money is typed in 万元 (up to 4 decimals) and stored in integer 元. Pure.

import { formatDecimal } from '../decimal';
import type { FieldMessages } from '../errors';
import { plainText } from '../registry';
import type { Values } from '../validation';
import { indicatorFiledIn, MONEY_DP, parseAmount, type StoredPlan } from './plan';

export interface FundBatch {
  /** 'YYYY-MM' or 'YYYY-MM-DD' */
  date: string;
  /** 元 */
  amount: number;
  /** e.g. 中央财政中小企业发展专项资金 */
  source: string;
}

export interface FilingDetails {
  funds: {
    /** Batches received this year, in date order. */
    received: FundBatch[];
    /** Sub-project code → 元 disbursed this year. */
    disbursed: Record<string, number>;
  };
  /** Sub-project code → 元 invested this year. */
  investment: Record<string, number>;
  /** Sub-project code → progress text. */
  progress: Record<string, string>;
  problems: string;
  nextSteps: string;
  suggestions: string;
  /** 主要经验做法及典型案例 (section 四 of the seed's template). */
  experience: string;
}

export interface DetailsInput {
  funds?: unknown;
  investment?: unknown;
  progress?: unknown;
  problems?: unknown;
  nextSteps?: unknown;
  suggestions?: unknown;
  experience?: unknown;
}

export const emptyDetails = (): FilingDetails => ({
  funds: { received: [], disbursed: {} },
  investment: {},
  progress: {},
  problems: '',
  nextSteps: '',
  suggestions: '',
  experience: '',
});

export const MAX_TEXT = 5000;
export const MAX_BATCHES = 50;

const DATE = /^(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const TEXTS = { problems: '未达到绩效目标的原因', nextSteps: '下一步改进措施', suggestions: '有关建议', experience: '主要经验做法及典型案例' } as const;

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  if (!m[3]) return true;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCDate() === Number(m[3]);
}

/**
 * Checks and converts the details of one filing against the carrier's plan. Every error is keyed
 * by its path (`funds.received.0.amount`, `funds.disbursed.sp9`, `investment.sp9`, `problems`).
 * With `year`, fund batches must be dated within that year.
 */
export function checkDetails(
  raw: DetailsInput,
  plan: StoredPlan,
  year?: number,
): { ok: true; details: FilingDetails } | { ok: false; errors: Record<string, string> } {
  const errors: FieldMessages = Object.create(null);
  const details = emptyDetails();
  const subs = new Map(plan.subProjects.map((s) => [s.code, s]));
  const spName = (code: string) => subs.get(code)?.name ?? code;

  const money = (input: unknown, key: string, what: string): number | null => {
    const v = parseAmount(input, MONEY_DP, what, '万元');
    if (!v.ok) {
      errors[key] = v.message;
      return null;
    }
    return Number(v.value);
  };
  /** {subProjectCode: x} maps: unknown codes are errors naming them. */
  const bySubProject = <T>(input: unknown, key: string, label: string, each: (v: unknown, k: string, code: string) => T | null): Record<string, T> => {
    const out: Record<string, T> = {};
    if (input === undefined || input === null) return out;
    if (!isObject(input)) {
      errors[key] = `${label}:应为 {子项目代码: …}`;
      return out;
    }
    for (const [code, v] of Object.entries(input)) {
      const k = `${key}.${code.slice(0, 40)}`;
      if (!subs.has(code)) {
        errors[k] = `${label}:计划中没有代码为「${code.slice(0, 40)}」的子项目`;
        continue;
      }
      if (v === undefined || v === null || v === '') continue;
      const r = each(v, k, code);
      if (r !== null) out[code] = r;
    }
    return out;
  };

  // funds
  const funds = raw.funds;
  if (funds !== undefined && funds !== null) {
    if (!isObject(funds)) errors.funds = '资金:应为 {received, disbursed}';
    else {
      for (const k of Object.keys(funds)) if (k !== 'received' && k !== 'disbursed') errors[`funds.${k.slice(0, 40)}`] = `资金:未知字段「${k.slice(0, 40)}」`;
      const received = funds.received;
      if (received !== undefined && received !== null) {
        if (!Array.isArray(received)) errors['funds.received'] = '到位资金:应为批次列表 [{date, amount, source}]';
        else if (received.length > MAX_BATCHES) errors['funds.received'] = `到位资金:最多${MAX_BATCHES}批`;
        else
          received.forEach((b, i) => {
            const key = `funds.received.${i}`;
            const who = `到位资金第${i + 1}批`;
            if (!isObject(b)) {
              errors[key] = `${who}:应为 {date, amount, source}`;
              return;
            }
            for (const k of Object.keys(b))
              if (!['date', 'amount', 'source'].includes(k)) errors[`${key}.${k.slice(0, 40)}`] = `${who}:未知字段「${k.slice(0, 40)}」`;
            const date = typeof b.date === 'string' ? b.date.trim() : '';
            let dateOk = validDate(date);
            if (!dateOk) errors[`${key}.date`] = `${who}:到位时间应为年月(如 2019-07)或日期(如 2019-07-15)`;
            else if (year !== undefined && Number(date.slice(0, 4)) !== year) {
              errors[`${key}.date`] = `${who}:到位时间${date}不在${year}年内(每年只填报当年到位的资金)`;
              dateOk = false;
            }
            const amount = money(b.amount, `${key}.amount`, `${who}金额`);
            if (amount === 0) errors[`${key}.amount`] = `${who}金额:应大于0`;
            const src = plainText(`${who}资金来源`, 100).safeParse(b.source);
            if (!src.success) errors[`${key}.source`] = src.error.issues[0]?.message ?? `${who}资金来源:必填`;
            if (dateOk && amount && src.success) details.funds.received.push({ date, amount, source: src.data });
          });
      }
      details.funds.disbursed = bySubProject(funds.disbursed, 'funds.disbursed', '拨付资金', (v, k, code) => money(v, k, `拨付给「${spName(code)}」的资金`));
    }
  }
  // Stable order: by date (a month sorts before the days of that month), then as typed.
  details.funds.received = details.funds.received
    .map((b, i) => ({ b, i }))
    .sort((x, y) => (x.b.date < y.b.date ? -1 : x.b.date > y.b.date ? 1 : x.i - y.i))
    .map((x) => x.b);

  details.investment = bySubProject(raw.investment, 'investment', '完成投资', (v, k, code) => money(v, k, `「${spName(code)}」完成投资`));
  details.progress = bySubProject(raw.progress, 'progress', '项目进度', (v, k, code) => {
    const r = plainText(`「${spName(code)}」项目进度`, MAX_TEXT, 0).safeParse(v);
    if (!r.success) {
      errors[k] = r.error.issues[0]?.message ?? '项目进度:应为文本';
      return null;
    }
    return r.data || null;
  });
  for (const [key, label] of Object.entries(TEXTS) as Array<[keyof typeof TEXTS, string]>) {
    const v = raw[key];
    if (v === undefined || v === null) continue;
    const r = plainTextMultiline(label).safeParse(v);
    if (!r.success) errors[key] = r.error.issues[0]?.message ?? `${label}:应为文本`;
    else details[key] = r.data;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, details };
}

/** Text that may span paragraphs: line breaks allowed (plainText refuses control characters). */
function plainTextMultiline(label: string) {
  return {
    safeParse(v: unknown): { success: true; data: string } | { success: false; error: { issues: Array<{ message: string }> } } {
      if (typeof v !== 'string') return { success: false, error: { issues: [{ message: `${label}:应为文本` }] } };
      const lines = v.replace(/\r\n?/g, '\n').split('\n');
      const out: string[] = [];
      for (const line of lines) {
        const r = plainText(label, MAX_TEXT, 0).safeParse(line);
        if (!r.success) return { success: false, error: { issues: [{ message: r.error.issues[0]?.message ?? `${label}:应为文本` }] } };
        out.push(r.data);
      }
      const data = out
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
      if ([...data].length > MAX_TEXT) return { success: false, error: { issues: [{ message: `${label}:最多${MAX_TEXT}个字` }] } };
      return { success: true, data };
    },
  };
}

const sumOf = (r: Record<string, number>): bigint => Object.values(r).reduce((a, v) => a + BigInt(v), 0n);
export const receivedOf = (d: FilingDetails): bigint => d.funds.received.reduce((a, b) => a + BigInt(b.amount), 0n);
export const disbursedOf = (d: FilingDetails): bigint => sumOf(d.funds.disbursed);
export const investmentOf = (d: FilingDetails): bigint => sumOf(d.investment);

/** 万元 with `dp` decimals from 元, rounded half away from zero: 25000000 → `2500.00`. */
export function wan(yuan: bigint | number, dp = 2): string {
  const v = BigInt(yuan);
  const drop = 10n ** BigInt(MONEY_DP - dp);
  const neg = v < 0n;
  const a = neg ? -v : v;
  let q = a / drop;
  if ((a % drop) * 2n >= drop) q += 1n;
  const s = formatDecimal(q, dp);
  const [ip, fp = ''] = s.split('.');
  return (neg && q !== 0n ? '-' : '') + (dp ? `${ip}.${fp.padEnd(dp, '0')}` : ip!);
}

/**
 * Checks that need the earlier years (their counted filings): funds disbursed in total may not
 * exceed funds received in total.
 */
export function checkCumulative(history: readonly FilingDetails[], current: FilingDetails): Record<string, string> {
  const errors: Record<string, string> = {};
  const all = [...history, current];
  const received = all.reduce((a, d) => a + receivedOf(d), 0n);
  const disbursed = all.reduce((a, d) => a + disbursedOf(d), 0n);
  if (disbursed > received) errors['funds.disbursed'] = `累计拨付资金${wan(disbursed, MONEY_DP)}万元超过累计到位资金${wan(received, MONEY_DP)}万元,请核对`;
  return errors;
}

/** Whether `actual` meets `target` by the indicator's direction. */
export const meets = (better: 'higher' | 'lower', actual: bigint, target: bigint): boolean => (better === 'higher' ? actual >= target : actual <= target);

export const SUMMARY_CODES = ['sum.fundsReceived', 'sum.fundsDisbursed', 'sum.investment', 'sum.indicatorsJudged', 'sum.indicatorsMet'] as const;

/**
 * The integers the province aggregates from one counted filing: funds received, disbursed and
 * invested this year (元), and the indicators judged against this year's targets and met.
 */
export function summaryOf(values: Values, details: FilingDetails, plan: StoredPlan, year: number): Values {
  let judged = 0;
  let met = 0;
  for (const ind of plan.indicators) {
    if (!indicatorFiledIn(ind, year)) continue;
    const target = ind.targets[String(year)];
    const actual = values[ind.code];
    if (target === undefined || actual === undefined) continue;
    judged++;
    if (meets(ind.better, BigInt(actual), BigInt(target))) met++;
  }
  return {
    'sum.fundsReceived': Number(receivedOf(details)),
    'sum.fundsDisbursed': Number(disbursedOf(details)),
    'sum.investment': Number(investmentOf(details)),
    'sum.indicatorsJudged': judged,
    'sum.indicatorsMet': met,
  };
}
