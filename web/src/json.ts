// JSON with exact big integers: the API writes sums beyond 2^53 as plain digits. Where the
// browser exposes the source text of a number (JSON.parse source access), integers that do
// not fit a double exactly become bigint; elsewhere they stay (rounded) numbers.

type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown;

const reviver: Reviver = (_key, value, context) => {
  if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source && /^-?\d+$/.test(context.source)) return BigInt(context.source);
  return value;
};

export function parseJson(text: string): unknown {
  return JSON.parse(text, reviver as (this: unknown, key: string, value: unknown) => unknown);
}

/** bigint | number | undefined → bigint (0 for missing). */
export function big(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v));
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  return 0n;
}
