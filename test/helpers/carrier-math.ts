// An independent recomputation of the featured carriers' figures (SPEC §10) for the tests: exact
// decimal arithmetic on bigint from the strings the tests sent, written here without any
// production helper (no shared/decimal, no shared/carriers). What an assessment or the overview
// prints must equal what these functions say.

/** Typed decimal text ('12.5', '7') → integer units of 10^-dp. Throws on anything else. */
export function dec(s: string, dp: number): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) throw new Error(`not a decimal: ${s}`);
  const frac = m[2] ?? '';
  if (frac.length > dp) throw new Error(`${s} has more than ${dp} decimals`);
  return BigInt(m[1]! + frac.padEnd(dp, '0'));
}

/** Units of 10^-dp → the shortest decimal text (no trailing zeros): 1250n, 2 → '12.5'. */
export function fmt(v: bigint, dp: number): string {
  const neg = v < 0n;
  const s = (neg ? -v : v).toString().padStart(dp + 1, '0');
  let int = s.slice(0, s.length - dp);
  let frac = dp ? s.slice(s.length - dp) : '';
  frac = frac.replace(/0+$/, '');
  int = int.replace(/^0+(?=\d)/, '');
  return (neg && v !== 0n ? '-' : '') + int + (frac ? `.${frac}` : '');
}

/** a ÷ b in units of 10^-scale, rounded half away from zero. */
export function divRound(a: bigint, b: bigint, scale: number): bigint {
  if (b === 0n) throw new Error('division by zero');
  const neg = a < 0n !== b < 0n && a !== 0n;
  const n = (a < 0n ? -a : a) * 10n ** BigInt(scale);
  const d = b < 0n ? -b : b;
  let q = n / d;
  if ((n % d) * 2n >= d) q += 1n;
  return neg ? -q : q;
}

/** A percentage with `dp` decimals as the exact fraction text a cell holds (79.4% → '0.794') and as printed ('79.4%'). */
export function pct(a: bigint, b: bigint, dp: number): { cell: string; text: string } {
  const q = divRound(a, b, dp + 2);
  return { cell: fmt(q, dp + 2), text: `${fmt(q, dp)}%` };
}

/** 元 → 万元 with two decimals, as the reports print money ('2380.00'). */
export function wan2(yuan: bigint): string {
  const q = divRound(yuan, 100n, 0); // 元 → 0.01 万元 = 100 元
  const neg = q < 0n;
  const s = (neg ? -q : q).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** 元 → 万元 as a cell holds it (exact, shortest): 23800000 → '2380'. */
export const wanCell = (yuan: bigint) => fmt(yuan, 4);

// ---- plans and filings as the tests send them ---------------------------------------------------

export interface TIndicator {
  code: string;
  name: string;
  unit: string;
  decimals: number;
  better: 'higher' | 'lower';
  baseline: { year: number; value: string };
  targets: Record<string, string>;
}
export interface TSubProject {
  code: string;
  name: string;
  content: string;
  plannedInvestment: string;
  plannedFund: { subsidy: string; reward: string; purchase: string };
}
export interface TPlan {
  indicators: TIndicator[];
  subProjects: TSubProject[];
}
export interface TFiling {
  values: Record<string, string>;
  funds: { received: Array<{ date: string; amount: string; source: string }>; disbursed: Record<string, string> };
  investment: Record<string, string>;
  progress?: Record<string, string>;
  problems?: string;
  nextSteps?: string;
  suggestions?: string;
}

export type TVerdict = '完成' | '未完成' | '无目标' | '未填报';

export interface TIndicatorResult {
  ind: TIndicator;
  actual: bigint | null;
  target: bigint | null;
  nextTarget: bigint | null;
  previous: bigint | null;
  verdict: TVerdict;
  /** unmet only, positive */
  gap: bigint | null;
  /** (actual − previous) ÷ |previous|, one decimal, as the cell and as printed */
  growth: { cell: string; text: string } | null;
}

/** An indicator is filed (and judged) only in the years after its baseline year. */
export const filedIn = (ind: TIndicator, year: number) => ind.baseline.year < year;

export function judgeIndicator(ind: TIndicator, filings: ReadonlyMap<number, TFiling>, year: number): TIndicatorResult {
  const dp = ind.decimals;
  const raw = filings.get(year)?.values[ind.code];
  const actual = raw === undefined ? null : dec(raw, dp);
  const t = ind.targets[String(year)];
  const target = t === undefined ? null : dec(t, dp);
  const nt = ind.targets[String(year + 1)];
  const nextTarget = nt === undefined ? null : dec(nt, dp);
  let previous: bigint | null = null;
  if (ind.baseline.year === year - 1) previous = dec(ind.baseline.value, dp);
  else {
    const p = filings.get(year - 1)?.values[ind.code];
    if (p !== undefined) previous = dec(p, dp);
  }
  let verdict: TVerdict;
  let gap: bigint | null = null;
  if (target === null) verdict = '无目标';
  else if (actual === null) verdict = '未填报';
  else {
    // Written out both ways on purpose, not through one comparison helper.
    const ok = ind.better === 'higher' ? !(actual < target) : !(actual > target);
    verdict = ok ? '完成' : '未完成';
    if (!ok) gap = ind.better === 'higher' ? target - actual : actual - target;
  }
  const growth = actual !== null && previous !== null && previous !== 0n ? pct(actual - previous, previous < 0n ? -previous : previous, 1) : null;
  return { ind, actual, target, nextTarget, previous, verdict, gap, growth };
}

export interface TCarrierResult {
  indicators: TIndicatorResult[];
  judged: number;
  met: number;
  /** 元, this year */
  received: bigint;
  disbursed: bigint;
  investment: bigint;
  /** 元, every year up to this one */
  cumReceived: bigint;
  cumDisbursed: bigint;
  cumInvestment: bigint;
  /** cumulative disbursed ÷ cumulative received, two decimals of a percent; null when nothing received */
  rate: { cell: string; text: string } | null;
}

const money = (s: string) => dec(s, 4);
export const receivedOf = (f: TFiling | undefined) => (f ? f.funds.received.reduce((a, b) => a + money(b.amount), 0n) : 0n);
export const disbursedOf = (f: TFiling | undefined) => (f ? Object.values(f.funds.disbursed).reduce((a, v) => a + money(v), 0n) : 0n);
export const investmentOf = (f: TFiling | undefined) => (f ? Object.values(f.investment).reduce((a, v) => a + money(v), 0n) : 0n);

export function judgeCarrier(plan: TPlan, filings: ReadonlyMap<number, TFiling>, year: number): TCarrierResult {
  const indicators = plan.indicators.filter((i) => filedIn(i, year)).map((i) => judgeIndicator(i, filings, year));
  const judged = indicators.filter((r) => r.verdict === '完成' || r.verdict === '未完成');
  let cumReceived = 0n;
  let cumDisbursed = 0n;
  let cumInvestment = 0n;
  for (const [y, f] of filings) {
    if (y > year) continue;
    cumReceived += receivedOf(f);
    cumDisbursed += disbursedOf(f);
    cumInvestment += investmentOf(f);
  }
  const f = filings.get(year);
  return {
    indicators,
    judged: judged.length,
    met: judged.filter((r) => r.verdict === '完成').length,
    received: receivedOf(f),
    disbursed: disbursedOf(f),
    investment: investmentOf(f),
    cumReceived,
    cumDisbursed,
    cumInvestment,
    rate: cumReceived === 0n ? null : pct(cumDisbursed, cumReceived, 2),
  };
}

/** What one counted filing adds to the province's totals (元 and counts). */
export function summaryOf(plan: TPlan, filings: ReadonlyMap<number, TFiling>, year: number): Record<string, bigint> {
  const r = judgeCarrier(plan, filings, year);
  return {
    'sum.fundsReceived': r.received,
    'sum.fundsDisbursed': r.disbursed,
    'sum.investment': r.investment,
    'sum.indicatorsJudged': BigInt(r.judged),
    'sum.indicatorsMet': BigInt(r.met),
  };
}

export const SUM_CODES = ['sum.fundsReceived', 'sum.fundsDisbursed', 'sum.investment', 'sum.indicatorsJudged', 'sum.indicatorsMet'] as const;

/** Reads an aggregate's value exactly from the JSON text (never through a double). */
export function rawNumber(text: string, code: string): bigint {
  const m = new RegExp(`"values":\\{[^}]*"${code.replace('.', '\\.')}":(-?\\d+)`).exec(text);
  if (!m) throw new Error(`no value for ${code} in ${text.slice(0, 300)}`);
  return BigInt(m[1]!);
}

// ---- workbooks read back -----------------------------------------------------------------------

/** A cell value as text: numbers by JS's shortest round trip (exact for the reports' decimals). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && 'richText' in (v as object)) return (v as { richText: Array<{ text: string }> }).richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'result' in (v as object)) return cellText((v as { result: unknown }).result);
  return String(v);
}

/** A worksheet's rows as text arrays (0-based columns). */
export function sheetRows(
  ws: { rowCount: number; getRow(i: number): { cellCount: number; getCell(c: number): { value: unknown } } },
  columns = 20,
): string[][] {
  const out: string[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= columns; c++) cells.push(cellText(row.getCell(c).value));
    out.push(cells);
  }
  return out;
}
