// A carrier's plan (SPEC §10): its own performance indicators (each with a baseline and yearly
// targets) and its sub-projects (planned investment and special funds). The plan is the catalog
// of the carrier's yearly filing. As typed, every value is decimal text; as stored, every value
// is an integer in base units (indicator value × 10^decimals; money in 元 = 万元 × 10^4), so
// nothing is ever summed or compared as a binary float. Pure: no I/O.

import { z } from 'zod';
import { type Field, MAX_BASE_UNITS } from '../catalog';
import { formatDecimal, parseDecimal } from '../decimal';
import type { FieldMessages } from '../errors';
import { plainText } from '../registry';

/** The one form section of a carrier filing. */
export const CARRIER_SECTIONS: ReadonlyArray<{ id: string; label: string }> = [{ id: 'indicators', label: '绩效指标完成值' }];

export const CODE = /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/;
/** Money is typed in 万元 with up to 4 decimals and stored in 元. */
export const MONEY_DP = 4;
/** Targets may be set for the ten years after the baseline. */
export const TARGET_SPAN = 10;
export const MAX_INDICATORS = 100;
export const MAX_SUB_PROJECTS = 100;

// ---- as typed (the PUT body) ---------------------------------------------------------------------

export interface PlanIndicator {
  code: string;
  name: string;
  unit: string;
  decimals: number;
  better: 'higher' | 'lower';
  baseline: { year: number; value: string };
  targets: Record<string, string>;
}

export interface SubProject {
  code: string;
  name: string;
  content: string;
  /** 万元 */
  plannedInvestment: string;
  /** 万元: 直接补助, 绩效奖励, 购买服务 */
  plannedFund: { subsidy: string; reward: string; purchase: string };
}

export interface CarrierPlan {
  indicators: PlanIndicator[];
  subProjects: SubProject[];
}

// ---- as stored -------------------------------------------------------------------------------------

export interface StoredIndicator {
  code: string;
  name: string;
  unit: string;
  decimals: number;
  better: 'higher' | 'lower';
  /** value in 10^-decimals units */
  baseline: { year: number; value: number };
  /** year → value in 10^-decimals units */
  targets: Record<string, number>;
}

export interface StoredSubProject {
  code: string;
  name: string;
  content: string;
  /** 元 */
  plannedInvestment: number;
  /** 元 */
  plannedFund: { subsidy: number; reward: number; purchase: number };
}

export interface StoredPlan {
  indicators: StoredIndicator[];
  subProjects: StoredSubProject[];
}

export const FUND_LABELS = { subsidy: '直接补助', reward: '绩效奖励', purchase: '购买服务' } as const;
export type FundKind = keyof typeof FUND_LABELS;
export const FUND_KINDS = Object.keys(FUND_LABELS) as FundKind[];

// ---- parsing --------------------------------------------------------------------------------------

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const YEAR = /^\d{4}$/;

type Issue = { path: (string | number)[]; message: string };

/** An exact decimal in 10^-dp units, or an issue: not a number, too many decimals, negative, too large. */
export function parseAmount(input: unknown, dp: number, what: string, unit: string): { ok: true; value: bigint } | { ok: false; message: string } {
  const r = parseDecimal(input, dp);
  if (!r.ok) {
    if (r.reason === 'empty') return { ok: false, message: `${what}:必填` };
    if (r.reason === 'too-many-decimals')
      return { ok: false, message: dp === 0 ? `${what}:应为整数(单位:${unit})` : `${what}:最多保留${dp}位小数(单位:${unit})` };
    return { ok: false, message: `${what}:请填写数字(单位:${unit})` };
  }
  if (r.value < 0n) return { ok: false, message: `${what}:不能为负数` };
  if (r.value > MAX_BASE_UNITS) return { ok: false, message: `${what}:数值超出上限(${formatDecimal(MAX_BASE_UNITS, dp)}${unit})` };
  return { ok: true, value: r.value };
}

function text(schema: z.ZodType<string>, raw: unknown, path: (string | number)[], issues: Issue[]): string {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  issues.push({ path, message: r.error.issues[0]?.message ?? '格式有误' });
  return '';
}

function parseIndicator(raw: unknown, i: number, issues: Issue[]): StoredIndicator | null {
  const at = (...p: (string | number)[]) => ['indicators', i, ...p];
  if (!isObject(raw)) {
    issues.push({ path: at(), message: `第${i + 1}项指标:应为对象 {code, name, unit, decimals, better, baseline, targets}` });
    return null;
  }
  const n0 = issues.length;
  const code = typeof raw.code === 'string' ? raw.code : '';
  const name = typeof raw.name === 'string' && raw.name.trim() ? raw.name.trim() : code || `第${i + 1}项`;
  const who = `指标「${name}」`;
  for (const k of Object.keys(raw))
    if (!['code', 'name', 'unit', 'decimals', 'better', 'baseline', 'targets'].includes(k))
      issues.push({ path: at(k), message: `${who}:未知字段「${k.slice(0, 40)}」` });
  if (!CODE.test(code)) issues.push({ path: at('code'), message: `${who}:代码应以字母开头,由字母、数字、下划线组成,最多40个字符` });
  text(plainText(`${who}:名称`, 100), raw.name, at('name'), issues);
  const unit = text(plainText(`${who}:单位`, 20), raw.unit, at('unit'), issues);
  const decimals = raw.decimals;
  const dpOk = typeof decimals === 'number' && Number.isInteger(decimals) && decimals >= 0 && decimals <= 4;
  if (!dpOk) issues.push({ path: at('decimals'), message: `${who}:小数位数应为0至4的整数` });
  const dp = dpOk ? (decimals as number) : 4;
  if (raw.better !== 'higher' && raw.better !== 'lower') issues.push({ path: at('better'), message: `${who}:完成方向应为 higher(越高越好)或 lower(越低越好)` });

  let baseYear = 0;
  let baseValue = 0n;
  if (!isObject(raw.baseline)) issues.push({ path: at('baseline'), message: `${who}:基准应为 {year, value}` });
  else {
    const y = raw.baseline.year;
    if (typeof y !== 'number' || !Number.isInteger(y) || y < 2000 || y > 2100)
      issues.push({ path: at('baseline', 'year'), message: `${who}:基准年应为2000至2100之间的年份` });
    else baseYear = y;
    const v = parseAmount(raw.baseline.value, dp, `${who}基准值`, unit);
    if (!v.ok) issues.push({ path: at('baseline', 'value'), message: v.message });
    else baseValue = v.value;
  }
  const targets: Record<string, number> = {};
  if (raw.targets === undefined) {
    // no targets yet: judged 无目标 every year
  } else if (!isObject(raw.targets)) issues.push({ path: at('targets'), message: `${who}:目标值应为 {年份: 目标值}` });
  else {
    for (const [year, value] of Object.entries(raw.targets)) {
      const y = Number(year);
      if (!YEAR.test(year)) {
        issues.push({ path: at('targets', year.slice(0, 40)), message: `${who}:目标年份「${year.slice(0, 40)}」应为四位年份` });
        continue;
      }
      if (baseYear && (y <= baseYear || y > baseYear + TARGET_SPAN)) {
        issues.push({
          path: at('targets', year),
          message: `${who}:${year}年目标值超出范围(应为基准年${baseYear}年之后${TARGET_SPAN}年内,即${baseYear + 1}—${baseYear + TARGET_SPAN}年)`,
        });
        continue;
      }
      const v = parseAmount(value, dp, `${who}${year}年目标值`, unit);
      if (!v.ok) issues.push({ path: at('targets', year), message: v.message });
      else targets[year] = Number(v.value);
    }
  }
  if (issues.length > n0) return null;
  const sorted: Record<string, number> = {};
  for (const y of Object.keys(targets).sort()) sorted[y] = targets[y]!;
  return {
    code,
    name: (raw.name as string).trim(),
    unit,
    decimals: dp,
    better: raw.better as 'higher' | 'lower',
    baseline: { year: baseYear, value: Number(baseValue) },
    targets: sorted,
  };
}

function parseSubProject(raw: unknown, i: number, issues: Issue[]): StoredSubProject | null {
  const at = (...p: (string | number)[]) => ['subProjects', i, ...p];
  if (!isObject(raw)) {
    issues.push({ path: at(), message: `第${i + 1}个子项目:应为对象 {code, name, content, plannedInvestment, plannedFund}` });
    return null;
  }
  const n0 = issues.length;
  const code = typeof raw.code === 'string' ? raw.code : '';
  const label = typeof raw.name === 'string' && raw.name.trim() ? raw.name.trim() : code || `第${i + 1}个`;
  const who = `子项目「${label}」`;
  for (const k of Object.keys(raw))
    if (!['code', 'name', 'content', 'plannedInvestment', 'plannedFund'].includes(k))
      issues.push({ path: at(k), message: `${who}:未知字段「${k.slice(0, 40)}」` });
  if (!CODE.test(code)) issues.push({ path: at('code'), message: `${who}:代码应以字母开头,由字母、数字、下划线组成,最多40个字符` });
  const name = text(plainText(`${who}:名称`, 100), raw.name, at('name'), issues);
  const content = text(plainText(`${who}:项目内容`, 2000, 0).default(''), raw.content, at('content'), issues);
  const money = (input: unknown, what: string, path: (string | number)[]): bigint => {
    if (input === undefined || input === null || input === '') return 0n;
    const v = parseAmount(input, MONEY_DP, `${who}${what}`, '万元');
    if (!v.ok) issues.push({ path, message: v.message });
    return v.ok ? v.value : 0n;
  };
  const investment = money(raw.plannedInvestment, '计划总投资', at('plannedInvestment'));
  const fund = { subsidy: 0n, reward: 0n, purchase: 0n };
  if (raw.plannedFund !== undefined && raw.plannedFund !== null) {
    if (!isObject(raw.plannedFund)) issues.push({ path: at('plannedFund'), message: `${who}:计划使用专项资金应为 {subsidy, reward, purchase}(万元)` });
    else {
      for (const k of Object.keys(raw.plannedFund))
        if (!(FUND_KINDS as string[]).includes(k))
          issues.push({ path: at('plannedFund', k.slice(0, 40)), message: `${who}:专项资金类别应为 subsidy(直接补助)、reward(绩效奖励)或 purchase(购买服务)` });
      for (const k of FUND_KINDS) fund[k] = money(raw.plannedFund[k], `计划${FUND_LABELS[k]}`, at('plannedFund', k));
    }
  }
  const fundTotal = fund.subsidy + fund.reward + fund.purchase;
  if (issues.length === n0 && fundTotal > investment)
    issues.push({
      path: at('plannedFund'),
      message: `${who}:计划使用专项资金${formatDecimal(fundTotal, MONEY_DP)}万元超过计划总投资${formatDecimal(investment, MONEY_DP)}万元`,
    });
  if (issues.length > n0) return null;
  return {
    code,
    name,
    content,
    plannedInvestment: Number(investment),
    plannedFund: { subsidy: Number(fund.subsidy), reward: Number(fund.reward), purchase: Number(fund.purchase) },
  };
}

function parsePlan(raw: unknown, issues: Issue[]): StoredPlan {
  const plan: StoredPlan = { indicators: [], subProjects: [] };
  if (!isObject(raw)) {
    issues.push({ path: [], message: '计划应为对象 {indicators, subProjects}' });
    return plan;
  }
  for (const k of Object.keys(raw))
    if (k !== 'indicators' && k !== 'subProjects') issues.push({ path: [k.slice(0, 40)], message: `未知字段「${k.slice(0, 40)}」` });
  if (!Array.isArray(raw.indicators) || raw.indicators.length === 0) issues.push({ path: ['indicators'], message: '绩效指标:至少填写一项' });
  else if (raw.indicators.length > MAX_INDICATORS) issues.push({ path: ['indicators'], message: `绩效指标:最多${MAX_INDICATORS}项` });
  else {
    const seen = new Map<string, number>();
    raw.indicators.forEach((r, i) => {
      const ind = parseIndicator(r, i, issues);
      const code = isObject(r) && typeof r.code === 'string' ? r.code : null;
      if (code !== null && CODE.test(code)) {
        const j = seen.get(code.toLowerCase());
        if (j !== undefined) issues.push({ path: ['indicators', i, 'code'], message: `指标代码「${code}」重复(与第${j + 1}项指标相同)` });
        else seen.set(code.toLowerCase(), i);
      }
      if (ind) plan.indicators.push(ind);
    });
    const names = new Map<string, number>();
    plan.indicators.forEach((ind, i) => {
      if (names.has(ind.name)) issues.push({ path: ['indicators', i, 'name'], message: `指标名称「${ind.name}」重复` });
      else names.set(ind.name, i);
    });
  }
  if (raw.subProjects === undefined) return plan;
  if (!Array.isArray(raw.subProjects)) issues.push({ path: ['subProjects'], message: '子项目:应为列表' });
  else if (raw.subProjects.length > MAX_SUB_PROJECTS) issues.push({ path: ['subProjects'], message: `子项目:最多${MAX_SUB_PROJECTS}个` });
  else {
    const seen = new Map<string, number>();
    raw.subProjects.forEach((r, i) => {
      const sp = parseSubProject(r, i, issues);
      const code = isObject(r) && typeof r.code === 'string' ? r.code : null;
      if (code !== null && CODE.test(code)) {
        const j = seen.get(code.toLowerCase());
        if (j !== undefined) issues.push({ path: ['subProjects', i, 'code'], message: `子项目代码「${code}」重复(与第${j + 1}个子项目相同)` });
        else seen.set(code.toLowerCase(), i);
      }
      if (sp) plan.subProjects.push(sp);
    });
  }
  return plan;
}

/**
 * Parses the PUT body ({indicators, subProjects}, values as typed) into the StoredPlan. Errors
 * are zod issues whose path names the entry (`indicators.3.targets.2021`) and whose message
 * names the indicator or sub-project in Chinese.
 */
// Built in a /* @__PURE__ */ call: the stream consumers import this module for its facts only, and
// their bundles leave zod out (esbuild drops an unused pure call; 376 KB instead of 778 KB).
export const planInputSchema: z.ZodType<StoredPlan, unknown> = /* @__PURE__ */ (() =>
  z.unknown().transform((raw, ctx) => {
    const issues: Issue[] = [];
    const plan = parsePlan(raw, issues);
    if (issues.length) {
      for (const i of issues) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
      return z.NEVER;
    }
    return plan;
  }))();

/** The same as planInputSchema, as {field path: message} (the API's error format). */
export function checkPlan(raw: unknown): { ok: true; plan: StoredPlan } | { ok: false; errors: FieldMessages } {
  const issues: Issue[] = [];
  const plan = parsePlan(raw, issues);
  if (!issues.length) return { ok: true, plan };
  const errors: FieldMessages = Object.create(null);
  for (const i of issues) {
    const key = i.path.join('.') || 'plan';
    errors[key] ??= i.message;
  }
  return { ok: false, errors };
}

/** The plan as people typed it back (decimal text), e.g. to prefill the plan form. */
export function planAsTyped(plan: StoredPlan): CarrierPlan {
  return {
    indicators: plan.indicators.map((i) => ({
      code: i.code,
      name: i.name,
      unit: i.unit,
      decimals: i.decimals,
      better: i.better,
      baseline: { year: i.baseline.year, value: formatDecimal(i.baseline.value, i.decimals) },
      targets: Object.fromEntries(Object.entries(i.targets).map(([y, v]) => [y, formatDecimal(v, i.decimals)])),
    })),
    subProjects: plan.subProjects.map((s) => ({
      code: s.code,
      name: s.name,
      content: s.content,
      plannedInvestment: formatDecimal(s.plannedInvestment, MONEY_DP),
      plannedFund: {
        subsidy: formatDecimal(s.plannedFund.subsidy, MONEY_DP),
        reward: formatDecimal(s.plannedFund.reward, MONEY_DP),
        purchase: formatDecimal(s.plannedFund.purchase, MONEY_DP),
      },
    })),
  };
}

/** Whether an indicator is filed and judged in `year`: only after its baseline year. */
export const indicatorFiledIn = (i: Pick<StoredIndicator, 'baseline'>, year: number): boolean => i.baseline.year < year;

/** The filing catalog of `year`: one yearly value per indicator filed that year, in plan order. */
export function fieldsOfPlan(plan: StoredPlan, year: number): Field[] {
  return plan.indicators
    .filter((i) => indicatorFiledIn(i, year))
    .map((i) => ({ code: i.code, label: i.name, formUnit: i.unit, baseUnit: i.unit, dp: i.decimals, type: 'flow' as const, section: 'indicators' }));
}
