// Validation of filing values, generated from the catalog (SPEC §3). The same zod schemas run
// on the server and in the browser form, so people see the same Chinese messages in both.

import { z } from 'zod';
import { type Field, fieldMapForPeriod, fieldsForPeriod, JUMP_FACTOR, MAX_BASE_UNITS, ZERO_JUMP_THRESHOLD } from './catalog';
import { formatDecimal, parseDecimal } from './decimal';
import type { FieldMessages } from './errors';
import { periodLabel, previousQuarter } from './periods';

z.config(z.locales.zhCN());

/** Values of one filing in base units, keyed by field code. Each fits a JS number exactly (< 2^53). */
export type Values = Record<string, number>;

export type FilingStatusInput = 'draft' | 'submitted';

export function fieldMessage(f: Field, reason: string): string {
  switch (reason) {
    case 'empty':
      return `${f.label}:必填`;
    case 'not-a-number':
      return `${f.label}:请填写数字(单位:${f.formUnit})`;
    case 'too-many-decimals':
      return f.dp === 0 ? `${f.label}:应为整数(单位:${f.formUnit})` : `${f.label}:最多保留${f.dp}位小数(单位:${f.formUnit})`;
    case 'negative':
      return `${f.label}:不能为负数`;
    case 'too-large':
      return `${f.label}:数值超出上限(${formatDecimal(MAX_BASE_UNITS, f.dp)}${f.formUnit})`;
    default:
      return `${f.label}:${reason}`;
  }
}

/** zod schema for one field: accepts a JSON number or a typed string, yields base units. */
export function fieldSchema(f: Field) {
  return z.union([z.number(), z.string(), z.null()]).transform((input, ctx) => {
    const parsed = parseDecimal(input, f.dp);
    if (!parsed.ok) {
      if (parsed.reason === 'empty') return undefined; // blank: absent, checked on submit
      ctx.addIssue({ code: 'custom', message: fieldMessage(f, parsed.reason) });
      return z.NEVER;
    }
    const v = parsed.value;
    if (v < 0n && !f.allowNegative) {
      ctx.addIssue({ code: 'custom', message: fieldMessage(f, 'negative') });
      return z.NEVER;
    }
    if (v > MAX_BASE_UNITS || v < -MAX_BASE_UNITS) {
      ctx.addIssue({ code: 'custom', message: fieldMessage(f, 'too-large') });
      return z.NEVER;
    }
    return Number(v);
  });
}

const schemaCache = new Map<Field, ReturnType<typeof fieldSchema>>();
const schemaOf = (f: Field) => {
  let schema = schemaCache.get(f);
  if (!schema) schemaCache.set(f, (schema = fieldSchema(f)));
  return schema;
};

export type ValuesCheck = { ok: true; values: Values } | { ok: false; errors: FieldMessages };

/** A catalog given as its fields, or as a bases' period (whose catalog depends on its year). */
export type CatalogRef = string | readonly Field[];

const fieldIndex = new WeakMap<readonly Field[], ReadonlyMap<string, Field>>();
function catalogOf(ref: CatalogRef): { list: readonly Field[]; byCode: ReadonlyMap<string, Field> } {
  if (typeof ref === 'string') return { list: fieldsForPeriod(ref), byCode: fieldMapForPeriod(ref) };
  let byCode = fieldIndex.get(ref);
  if (!byCode) fieldIndex.set(ref, (byCode = new Map(ref.map((f) => [f.code, f]))));
  return { list: ref, byCode };
}

/**
 * Validates raw values against a catalog (a program's fields for the period). Each field is
 * parsed by its catalog schema, so one bad field does not hide the others: every unknown field,
 * bad number, 其中 item above its parent and (on submit) missing field is reported at once, keyed
 * by field code, in Chinese.
 */
export function validateValues(catalog: CatalogRef, raw: unknown, status: FilingStatusInput): ValuesCheck {
  // No prototype: an unknown field named `__proto__` is reported like any other.
  const errors: FieldMessages = Object.create(null);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: { values: 'values 应为对象(字段代码 → 数值)' } };
  }
  const { list, byCode } = catalogOf(catalog);
  const values: Values = {};
  for (const [code, input] of Object.entries(raw)) {
    const f = byCode.get(code);
    if (!f) {
      errors[code.slice(0, 60)] = `未知字段「${code.slice(0, 60)}」`;
      continue;
    }
    const r = schemaOf(f).safeParse(input);
    if (!r.success) errors[code] = r.error.issues[0]?.code === 'custom' ? r.error.issues[0].message : fieldMessage(f, 'not-a-number');
    else if (r.data !== undefined) values[code] = r.data;
  }
  for (const f of list) {
    if (errors[f.code]) continue;
    const v = values[f.code];
    if (v === undefined) {
      if (status === 'submitted') errors[f.code] = fieldMessage(f, 'empty');
      continue;
    }
    if (f.parent) {
      const p = values[f.parent];
      if (p !== undefined && v > p) errors[f.code] = `${f.label}不能大于${byCode.get(f.parent)!.label}`;
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values };
}

/** How the warnings name the two periods (a year-only program says 上年 / 本年). */
export interface PeriodWords {
  previous(period: string): string;
  previousWord: string;
  thisWord: string;
}

const QUARTER_WORDS: PeriodWords = { previous: previousQuarter, previousWord: '上季度', thisWord: '本季度' };

/**
 * Plausibility warnings against the entity's previous filed period: a value that moved more than
 * 10× either way, or a stock that appeared from zero above 1,000 base units.
 */
export function warningsFor(
  period: string,
  values: Values,
  previous: Values | null | undefined,
  previousPeriod?: string,
  fields: readonly Field[] = fieldsForPeriod(period),
  words: PeriodWords = QUARTER_WORDS,
): FieldMessages {
  const warnings: FieldMessages = {};
  if (!previous) return warnings;
  // "上季度" unless the base skipped quarters: then the quarter compared with is named.
  const than = previousPeriod && previousPeriod !== words.previous(period) ? periodLabel(previousPeriod) : words.previousWord;
  for (const f of fields) {
    const cur = values[f.code];
    const prev = previous[f.code];
    if (cur === undefined || prev === undefined) continue;
    const c = BigInt(Math.abs(cur));
    const p = BigInt(Math.abs(prev));
    const shown = `${formatDecimal(prev, f.dp)}${f.formUnit}`;
    if (p === 0n) {
      if (f.type === 'stock' && c > ZERO_JUMP_THRESHOLD)
        warnings[f.code] = `${f.label}:${than}为0(${words.thisWord}${formatDecimal(cur, f.dp)}${f.formUnit}),请核实`;
    } else if (c !== 0n && (c > p * JUMP_FACTOR || p > c * JUMP_FACTOR)) {
      warnings[f.code] = `${f.label}:与${than}(${shown})相比变化超过10倍,请核实`;
    }
  }
  return warnings;
}
