// Exact decimal arithmetic for form values. A typed value like "3656.8612" 万元 becomes the
// integer 36568612 元 by moving the decimal point in the string, never through a binary float.

export type DecimalParse = { ok: true; value: bigint } | { ok: false; reason: 'empty' | 'not-a-number' | 'too-many-decimals' };

const FULL_WIDTH = /[０-９．－＋，]/g;
const toHalfWidth = (s: string) => s.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

// Optional sign, digits with optional thousands grouping, optional fraction.
const DECIMAL = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;
const EXPONENT = /^([+-]?)(\d+)(?:\.(\d+))?e([+-]?\d+)$/i;

/**
 * Parses `input` (a JSON number or a string as typed) into an integer count of 10^-dp units.
 * Accepts full-width digits and thousands separators; rejects anything else.
 */
export function parseDecimal(input: unknown, dp: number): DecimalParse {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, reason: 'not-a-number' };
    // Shortest round-trip representation: 3656.8612 prints as "3656.8612".
    text = String(input);
  } else if (typeof input === 'string') {
    text = toHalfWidth(input.trim()).replace(/，/g, ',');
    if (text === '') return { ok: false, reason: 'empty' };
  } else if (input === null || input === undefined) {
    return { ok: false, reason: 'empty' };
  } else {
    return { ok: false, reason: 'not-a-number' };
  }

  let sign: string, intPart: string, frac: string;
  const m = DECIMAL.exec(text);
  if (m) {
    sign = m[1]!;
    intPart = m[2]!.replace(/,/g, '');
    frac = m[3] ?? '';
  } else {
    // Exponent notation only comes from JSON numbers (1e21, 1e-7): expand it exactly.
    const e = typeof input === 'number' ? EXPONENT.exec(text) : null;
    if (!e) return { ok: false, reason: 'not-a-number' };
    const digits = e[2]! + (e[3] ?? '');
    const point = e[2]!.length + Number(e[4]);
    sign = e[1]!;
    if (point <= 0) {
      intPart = '0';
      frac = '0'.repeat(-point) + digits;
    } else if (point >= digits.length) {
      intPart = digits + '0'.repeat(point - digits.length);
      frac = '';
    } else {
      intPart = digits.slice(0, point);
      frac = digits.slice(point);
    }
  }
  frac = frac.replace(/0+$/, '');
  if (frac.length > dp) return { ok: false, reason: 'too-many-decimals' };
  const scaled = BigInt(intPart + frac.padEnd(dp, '0'));
  return { ok: true, value: sign === '-' ? -scaled : scaled };
}

/** Formats an integer count of 10^-dp units as a plain decimal string ("36568612", 4 → "3656.8612"). */
export function formatDecimal(value: bigint | number, dp: number): string {
  const v = BigInt(value);
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().padStart(dp + 1, '0');
  const int = digits.slice(0, digits.length - dp);
  const frac = dp > 0 ? digits.slice(digits.length - dp).replace(/0+$/, '') : '';
  return (neg ? '-' : '') + int + (frac ? '.' + frac : '');
}

/**
 * Exact ratio a/b rounded half away from zero to `places` decimals, as a number suitable for
 * display. Returns null when b is zero.
 */
export function ratio(a: bigint, b: bigint, places = 12): number | null {
  if (b === 0n) return null;
  const scale = 10n ** BigInt(places);
  const num = a * scale;
  let q = num / b;
  const r = num % b;
  if (2n * (r < 0n ? -r : r) >= (b < 0n ? -b : b)) q += num < 0n !== b < 0n ? -1n : 1n;
  return Number(q) / Number(scale);
}
