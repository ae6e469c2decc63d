// A filing form as data, generated from a program's catalog (a field list and its sections, as
// GET /api/catalog/{period} returns them; the bases' by default, shared/catalog.ts): the
// bulletin's sections, each field with its Chinese label and form unit, 其中 items indented
// under their parent. The bases' catalog adds 拥有专利 as a running total of the three patent
// kinds and the service grid (开展服务场次 / 服务企业家次 per service type) of the taxonomy
// version of the period's year with its 合计 row. Pure: no DOM, so it is unit-tested in Node.

import {
  type CatalogView,
  type Field,
  fieldMapForPeriod,
  fieldsForPeriod,
  PATENT_CODES,
  SECTIONS,
  SERVICE_MEASURES,
  serviceCode,
  taxonomyForYear,
} from '../../shared/catalog';
import { formatDecimal, parseDecimal } from '../../shared/decimal';
import { yearOf } from '../../shared/periods';
import { type FilingStatusInput, type Values, validateValues } from '../../shared/validation';

export interface FieldItem {
  kind: 'field';
  field: Field;
  /** DOM id of the input. */
  id: string;
  /** A 其中 item (shown indented under its parent). */
  sub: boolean;
}

export interface TotalItem {
  kind: 'total';
  id: string;
  label: string;
  unit: string;
  /** Summed fields (all integers in the same unit). */
  codes: string[];
}

export interface GridRow {
  type: string;
  label: string;
  /** One field per measure, in SERVICE_MEASURES order. */
  fields: Field[];
}

export interface GridItem {
  kind: 'grid';
  id: string;
  caption: string;
  measures: ReadonlyArray<{ key: string; label: string; unit: string }>;
  rows: GridRow[];
  /** 合计 per measure. */
  totals: TotalItem[];
}

export type FormItem = FieldItem | TotalItem | GridItem;

export interface FormSection {
  id: string;
  legend: string;
  items: FormItem[];
}

export interface FormModel {
  period: string;
  /** The service taxonomy version of the grid; null when the catalog has no service section. */
  taxonomyVersion: number | null;
  sections: FormSection[];
  /** Every field of the filing, catalog order. */
  fields: readonly Field[];
  /** Every running total (拥有专利, service 合计). */
  totals: TotalItem[];
}

/** DOM id of a field's input: `service.info.sessions` → `f-service-info-sessions`. */
export const inputId = (code: string) => `f-${code.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** `基地建筑总面积(平方米)`. */
export const labelWithUnit = (f: Pick<Field, 'label' | 'formUnit'>) => `${f.label}(${f.formUnit})`;

export const PATENTS_TOTAL_ID = 'total-patents';

/** A program's catalog of one period: what the form needs of GET /api/catalog/{period}?program=…. */
export type Catalog = Pick<CatalogView, 'sections' | 'fields'>;

/** The bases' catalog of a quarter (shared/catalog.ts). */
export const basesCatalog = (period: string): Catalog => ({ sections: SECTIONS, fields: fieldsForPeriod(period) });

/** Where a helper reads the fields from: a bases period, or a program's field list. */
export type FieldSource = string | readonly Field[];
const fieldsOf = (src: FieldSource): readonly Field[] => (typeof src === 'string' ? fieldsForPeriod(src) : src);
const fieldMapOf = (src: FieldSource): ReadonlyMap<string, Field> => (typeof src === 'string' ? fieldMapForPeriod(src) : new Map(src.map((f) => [f.code, f])));

/**
 * The form of `period` from `catalog` (default: the bases'). A section `services` becomes the
 * service grid and the first patent kind brings the 拥有专利 total: only the bases' catalog has
 * them, so another program's form is its sections of plain fields.
 */
export function buildFormModel(period: string, catalog: Catalog = basesCatalog(period)): FormModel {
  const { fields } = catalog;
  const byCode = fieldMapOf(fields);
  let taxonomyVersion: number | null = null;
  const totals: TotalItem[] = [];
  const sections: FormSection[] = catalog.sections.map((s) => {
    const items: FormItem[] = [];
    if (s.id === 'services') {
      const taxonomy = taxonomyForYear(yearOf(period));
      taxonomyVersion = taxonomy.version;
      const grid: GridItem = {
        kind: 'grid',
        id: 'service-grid',
        caption: `服务情况(${taxonomy.version}版服务分类)`,
        measures: SERVICE_MEASURES,
        rows: taxonomy.types.map((t) => ({
          type: t.code,
          label: t.label,
          fields: SERVICE_MEASURES.map((m) => byCode.get(serviceCode(t.code, m.key))!),
        })),
        totals: SERVICE_MEASURES.map((m) => ({
          kind: 'total',
          id: `total-service-${m.key}`,
          label: `服务合计:${m.label}`,
          unit: m.unit,
          codes: taxonomy.types.map((t) => serviceCode(t.code, m.key)),
        })),
      };
      totals.push(...grid.totals);
      items.push(grid);
    } else {
      for (const f of fields.filter((x) => x.section === s.id)) {
        if (f.code === PATENT_CODES[0]) {
          const patents: TotalItem = {
            kind: 'total',
            id: PATENTS_TOTAL_ID,
            label: '拥有专利',
            unit: f.formUnit,
            codes: [...PATENT_CODES],
          };
          totals.push(patents);
          items.push(patents);
        }
        items.push({ kind: 'field', field: f, id: inputId(f.code), sub: !!f.parent || (PATENT_CODES as readonly string[]).includes(f.code) });
      }
    }
    return { id: s.id, legend: s.label, items };
  });
  return { period, taxonomyVersion, sections, fields, totals };
}

/** Typed strings per field code; blank means not filled. */
export type RawValues = Record<string, string>;

/** Stored values (integers in base units) → what the form shows (form units, exact). */
export function toRaw(src: FieldSource, values: Values | null | undefined): RawValues {
  const out: RawValues = {};
  if (!values) return out;
  for (const f of fieldsOf(src)) {
    const v = values[f.code];
    if (v !== undefined && v !== null) out[f.code] = formatDecimal(v, f.dp);
  }
  return out;
}

/** What is sent to the API: the typed strings of filled fields, as typed. */
export function toPayload(raw: RawValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v.trim() !== '') out[k] = v;
  return out;
}

/** Same as the server: shared/validation.ts. Returns code → Chinese message. */
export function validateForm(src: FieldSource, raw: RawValues, status: FilingStatusInput): Record<string, string> {
  const r = validateValues(fieldsOf(src), toPayload(raw), status);
  return r.ok ? {} : r.errors;
}

/**
 * A running total: the exact sum of the typed values in form units, or null when one of them
 * is not a valid number yet. Blank counts as 0 (a partly filled grid still shows its sum).
 */
export function computeTotal(src: FieldSource, total: TotalItem, raw: RawValues): string | null {
  const byCode = fieldMapOf(src);
  let sum = 0n;
  let dp = 0;
  for (const code of total.codes) dp = Math.max(dp, byCode.get(code)?.dp ?? 0);
  for (const code of total.codes) {
    const f = byCode.get(code);
    if (!f) continue;
    const p = parseDecimal(raw[code] ?? '', f.dp);
    if (!p.ok) {
      if (p.reason === 'empty') continue;
      return null;
    }
    sum += p.value * 10n ** BigInt(dp - f.dp);
  }
  return formatDecimal(sum, dp);
}

/** Whether the form holds anything different from the stored values. */
export function sameRaw(src: FieldSource, a: RawValues, b: RawValues): boolean {
  for (const f of fieldsOf(src)) {
    const x = (a[f.code] ?? '').trim();
    const y = (b[f.code] ?? '').trim();
    if (x === y) continue;
    const px = parseDecimal(x, f.dp);
    const py = parseDecimal(y, f.dp);
    if (!(px.ok && py.ok && px.value === py.value)) return false;
  }
  return true;
}

/** A version's changes in words: `基地建筑总面积:100000 → 120000 平方米`. */
export function describeChanges(src: FieldSource, changes: Record<string, [number | null, number | null]>): string[] {
  const byCode = fieldMapOf(src);
  return Object.entries(changes).map(([code, [from, to]]) => {
    const f = byCode.get(code);
    const show = (v: number | null) => (v === null ? '(空)' : f ? formatDecimal(v, f.dp) : String(v));
    return `${f?.label ?? code}:${show(from)} → ${show(to)}${f ? ` ${f.formUnit}` : ''}`;
  });
}
