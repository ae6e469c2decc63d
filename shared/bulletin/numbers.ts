// Exact arithmetic for the bulletin: integer base units → display numbers, and the display of
// a number under a simple Excel number format (for the drafted text, which must print exactly
// what the sheet shows). No fraction is ever summed in binary floats: every sum is of integers
// (a bigint, or a double only while it is a safe integer, layout-input.ts `sumRows`), every
// quotient comes from `ratio`, and conversions are exact (through decimal strings, or in doubles
// where those round the same, as `toDisplay` and `fixed` show).

import { formatDecimal, ratio } from '../decimal';

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** `v` base units (an integer) shown in a unit 10^exp times larger, exactly: 16280000 平方米, 4 → 1628. */
export function toDisplay(v: bigint | number, exp: number): number {
  // Both operands exact in doubles, IEEE division rounds the exact quotient to the nearest double,
  // as parsing its decimal string does: the same number without the string (基地明细 has 45,000).
  if (exp >= 0 && exp <= 22) {
    if (typeof v === 'number' ? Number.isSafeInteger(v) : v <= MAX_SAFE && v >= -MAX_SAFE) return Number(v) / 10 ** exp;
  }
  // Beyond: through the decimal string (BigInt rejects a number that is not an integer).
  return Number(formatDecimal(BigInt(v), exp));
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** a ÷ (b × 10^exp) at full double precision; null when b is zero. */
export function quotient(a: bigint, b: bigint, exp = 0): number | null {
  return ratio(a, b * pow10(exp), 12);
}

/** Growth of `cur` over `prev`: (cur − prev) ÷ |prev|; null when prev is zero. */
export function growth(cur: bigint, prev: bigint): number | null {
  return ratio(cur - prev, prev < 0n ? -prev : prev, 12);
}

/** Growth of a mean sC/cC over sP/cP, from the integers: (sC·cP − sP·cC) ÷ |sP·cC|. */
export function meanGrowth(cur: { sum: bigint; count: bigint }, prev: { sum: bigint; count: bigint }): number | null {
  if (cur.count === 0n || prev.count === 0n) return null;
  const den = prev.sum * cur.count;
  return ratio(cur.sum * prev.count - den, den < 0n ? -den : den, 12);
}

/** Parsed formats: a bulletin has a handful, each shown on thousands of cells. */
const formats = new Map<string, Readonly<{ dp: number; percent: boolean }>>();

/** Decimal places and percent-ness of a format like `0`, `0.0`, `0.00%`. */
export function formatDecimals(fmt: string): Readonly<{ dp: number; percent: boolean }> {
  let f = formats.get(fmt);
  if (f) return f;
  const m = /^0(?:\.(0+))?(%?)$/.exec(fmt);
  if (!m) throw new Error(`unsupported number format ${fmt}`);
  f = Object.freeze({ dp: m[1]?.length ?? 0, percent: m[2] === '%' });
  formats.set(fmt, f);
  return f;
}

/**
 * `x` rounded half away from zero to `dp` decimals, as a fixed-point string; the number is first
 * taken to 15 significant digits, as Excel does before it formats a cell.
 */
export function fixed(x: number, dp: number, shift = 0): string {
  if (!Number.isFinite(x)) throw new Error('not a finite number');
  const neg = x < 0;
  // Fastest path, without the 15-digit string: |x| × 10^(dp+shift) in doubles is within a
  // relative 1e-15 of both x's and its 15-digit rounding's scaled value (toPrecision moves x by
  // at most 5e-15 relative), so when its fraction is farther than 1e-14 relative from .5 both
  // round half-up to the same integer. An integer below 2^53 prints exactly. Ties and near-ties
  // (1.005 → 100.49999999999999) take the decimal path below.
  const k = dp + shift;
  if (k <= 22) {
    const m = Math.abs(x) * 10 ** k;
    if (m < 2 ** 52) {
      const fl = Math.floor(m);
      const frac = m - fl;
      if (Math.abs(frac - 0.5) > m * 1e-14) {
        const q = frac > 0.5 ? fl + 1 : fl;
        return signed(neg, q === 0, String(q), dp);
      }
    }
  }
  const [mantissa, e] = Math.abs(x).toPrecision(15).split('e') as [string, string | undefined];
  const [ip, fp = ''] = mantissa.split('.') as [string, string | undefined];
  // |x| × 10^shift = digits × 10^scale
  const scale = (e ? Number(e) : 0) - fp.length + shift;
  const s = scale + dp;
  // Fast path, exact in doubles: the 15 digits are an integer below 2^53, a power of ten up to
  // 10^22 is exact, and so are a remainder and the quotient of an exact division (a bulletin
  // shows ~50,000 numbers; the width of every column is measured on what it shows).
  const small = Number(ip + fp);
  if (s <= 0 && s >= -22) {
    const d = 10 ** -s;
    const r = small % d;
    const qn = (small - r) / d + (r * 2 >= d ? 1 : 0);
    return signed(neg, qn === 0, String(qn), dp);
  }
  if (s > 0 && s <= 22 && small * 10 ** s <= Number.MAX_SAFE_INTEGER) {
    const qn = small * 10 ** s;
    return signed(neg, qn === 0, String(qn), dp);
  }
  const digits = BigInt(ip + fp);
  let q: bigint;
  if (s >= 0) q = digits * pow10(s);
  else {
    const d = pow10(-s);
    q = digits / d;
    if ((digits % d) * 2n >= d) q += 1n;
  }
  return signed(neg, q === 0n, q.toString(), dp);
}

/** The integer `digits` × 10^-dp as a fixed-point string, with its sign (none on zero). */
function signed(neg: boolean, zero: boolean, digits: string, dp: number): string {
  const str = digits.padStart(dp + 1, '0');
  const body = dp ? `${str.slice(0, str.length - dp)}.${str.slice(str.length - dp)}` : str;
  return neg && !zero ? `-${body}` : body;
}

/** `fixed` computed in bigint only (the reference the fast path is tested against). */
export function fixedExact(x: number, dp: number, shift = 0): string {
  if (!Number.isFinite(x)) throw new Error('not a finite number');
  const neg = x < 0;
  const [mantissa, e] = Math.abs(x).toPrecision(15).split('e') as [string, string | undefined];
  const [ip, fp = ''] = mantissa.split('.') as [string, string | undefined];
  const digits = BigInt(ip + fp);
  const s = (e ? Number(e) : 0) - fp.length + shift + dp;
  let q: bigint;
  if (s >= 0) q = digits * pow10(s);
  else {
    const d = pow10(-s);
    q = digits / d;
    if ((digits % d) * 2n >= d) q += 1n;
  }
  return signed(neg, q === 0n, q.toString(), dp);
}

/** What a cell with value `x` and format `fmt` displays: show(0.27491, '0.0%') → `27.5%`. */
export function show(x: number, fmt: string): string {
  const { dp, percent } = formatDecimals(fmt);
  return percent ? `${fixed(x, dp, 2)}%` : fixed(x, dp);
}

/** Like `show`, without trailing zeros after the point (for prose: 40.00 → 40). */
export function showTrimmed(x: number, fmt: string): string {
  const s = show(x, fmt);
  const pct = s.endsWith('%') ? '%' : '';
  const body = pct ? s.slice(0, -1) : s;
  return (body.includes('.') ? body.replace(/\.?0+$/, '') : body) + pct;
}

/** A number format with `dp` decimals: 0 → `0`, 2 → `0.00`. */
export const decimalsFormat = (dp: number): string => (dp > 0 ? `0.${'0'.repeat(dp)}` : '0');

/**
 * Shares of `parts` in `total` rounded together to `dp` decimals of a percent by the largest
 * remainder method, so the shares shown side by side add up to exactly 100% (null: total 0).
 * Parts must be non-negative and sum to `total`.
 */
export function largestRemainderShares(parts: readonly bigint[], total: bigint, dp: number): Array<number | null> {
  if (total <= 0n) return parts.map(() => null);
  const scale = pow10(dp + 2);
  const floors = parts.map((p) => (p * scale) / total);
  const rems = parts.map((p, i) => ({ i, r: p * scale - floors[i]! * total }));
  let left = scale - floors.reduce((a, b) => a + b, 0n);
  rems.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of rems) {
    if (left <= 0n) break;
    floors[i]! += 1n;
    left -= 1n;
  }
  return floors.map((q) => toDisplay(q, dp + 2));
}

/** `2021年1月11日`: today in Beijing (the 落款's date). */
export function chineseDate(at: Date): string {
  const bj = new Date(at.getTime() + 8 * 3600_000);
  return `${bj.getUTCFullYear()}年${bj.getUTCMonth() + 1}月${bj.getUTCDate()}日`;
}
