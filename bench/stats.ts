// Small numeric and formatting helpers for the benchmark.

import { mapConcurrent } from '../shared/pool';

export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export const round = (x: number, digits = 1) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** A bounded-concurrency loop over 0..n-1. */
export async function pool(n: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<void> {
  await mapConcurrent(
    Array.from({ length: n }, (_, i) => i),
    concurrency,
    fn,
  );
}

/** DynamoDB's item size (the number WCU/RCU and the 400 KB limit are computed from), per its documented rules. */
export function dynamoItemSize(item: Record<string, unknown>): number {
  const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');
  const num = (n: number | bigint) => {
    // Up to 38 significant digits, ~1 byte per two digits + 1.
    const digits = String(n).replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length || 1;
    return Math.ceil(digits / 2) + 1;
  };
  const value = (v: unknown): number => {
    if (v === null || v === undefined) return 1;
    if (typeof v === 'string') return utf8(v);
    if (typeof v === 'number' || typeof v === 'bigint') return num(v);
    if (typeof v === 'boolean') return 1;
    if (Buffer.isBuffer(v) || v instanceof Uint8Array) return v.length;
    if (Array.isArray(v)) return 3 + v.reduce((a: number, x) => a + 1 + value(x), 0);
    if (v instanceof Set) return [...v].reduce((a: number, x) => a + value(x), 0);
    if (typeof v === 'object') return 3 + Object.entries(v as Record<string, unknown>).reduce((a, [k, x]) => a + 1 + utf8(k) + value(x), 0);
    return 0;
  };
  return Object.entries(item).reduce((a, [k, v]) => a + utf8(k) + value(v), 0);
}

/** Prints rows as an aligned text table (first row = header). */
export function formatTable(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const cols = Math.max(...cells.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) =>
    r
      .map((c, i) => c + ' '.repeat(widths[i]! - width(c)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
