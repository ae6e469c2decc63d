// JSON.parse for request bodies that never loses a digit the client sent. A JSON number becomes
// a binary double, so `1.0000000000000001` arrives as 1 and `3656.86120000000001` as 3656.8612,
// and the "too many decimals" check (SPEC §3) would pass a value the client did not send. Any
// number whose double does not print back as the same decimal value is handed on as its literal
// text instead, which the validators parse exactly (and refuse with the field's own message).

const MAX_DEPTH = 64;

/** Sign, digits and exponent with no leading/trailing zeros: `0.050e1` → `5e-1`; null for non-finite text. */
function canonical(s: string): string | null {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m) return null;
  let digits = (m[2]! + (m[3] ?? '')).replace(/^0+/, '');
  if (!digits) return '0';
  let exp = (m[4] ? Number(m[4]) : 0) - (m[3]?.length ?? 0);
  const kept = digits.replace(/0+$/, '');
  exp += digits.length - kept.length;
  digits = kept;
  return `${m[1]}${digits}e${exp}`;
}

/** Whether JSON.parse would change this number literal's value (rounding, overflow, underflow). */
export function isImprecise(literal: string): boolean {
  const exact = canonical(literal);
  return exact === null || exact !== canonical(String(Number(literal)));
}

// Only text with a run of 17+ digits/dots or an exponent can hold an imprecise number.
const MAYBE_IMPRECISE = /[\d.]{17}|\d[eE]/;

type Frame = { kind: 'object'; key: string | undefined } | { kind: 'array'; index: number };

/**
 * The literal text of every number in `text` (valid JSON) that JSON.parse would round, by path.
 * Only the last value at a path counts (JSON.parse keeps the last of duplicate keys).
 */
export function impreciseNumbers(text: string): Map<string, { path: Array<string | number>; literal: string }> {
  const found = new Map<string, { path: Array<string | number>; literal: string }>();
  const stack: Frame[] = [];
  let expectKey = false;
  const pathHere = () => stack.map((f) => (f.kind === 'object' ? f.key! : f.index));
  const keyOf = (path: Array<string | number>) => path.map((p) => (typeof p === 'number' ? `#${p}` : `.${p}`)).join('\u0000');
  // A value that is not an imprecise number replaces what an earlier duplicate key recorded.
  const overwritten = () => {
    if (found.size && stack.length) found.delete(keyOf(pathHere()));
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === ':') {
      i++;
    } else if (c === '{' || c === '[') {
      overwritten();
      if (stack.length >= MAX_DEPTH) return new Map(); // nothing we accept nests this deep
      stack.push(c === '{' ? { kind: 'object', key: undefined } : { kind: 'array', index: 0 });
      expectKey = c === '{';
      i++;
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
      i++;
    } else if (c === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'array') top.index++;
      else expectKey = true;
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (expectKey && top?.kind === 'object') {
        top.key = JSON.parse(text.slice(i, j + 1)) as string;
        expectKey = false;
      } else overwritten();
      i = j + 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let j = i + 1;
      while (j < text.length && /[0-9.eE+-]/.test(text[j]!)) j++;
      const literal = text.slice(i, j);
      if (stack.length && isImprecise(literal)) {
        const path = pathHere();
        found.set(keyOf(path), { path, literal });
      } else overwritten();
      i = j;
    } else {
      // true, false, null
      overwritten();
      while (i < text.length && /[a-z]/.test(text[i]!)) i++;
    }
  }
  return found;
}

/** JSON.parse, with numbers JSON would round handed on as their literal text. Throws like JSON.parse. */
export function parseJsonExact(text: string): unknown {
  const data: unknown = JSON.parse(text);
  if (!MAYBE_IMPRECISE.test(text)) return data;
  for (const { path, literal } of impreciseNumbers(text).values()) {
    let holder = data as Record<string | number, unknown>;
    for (const p of path.slice(0, -1)) holder = holder[p] as Record<string | number, unknown>;
    // defineProperty: a key named __proto__ is an own property of the parsed object, not its prototype.
    Object.defineProperty(holder, path.at(-1)!, { value: literal, writable: true, enumerable: true, configurable: true });
  }
  return data;
}
