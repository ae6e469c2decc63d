// Random filings and an independent expectation of the aggregates they must produce. The
// expectation is computed here from what was sent, without the production aggregation code.

import { fieldsForPeriod } from '../../shared/catalog';

export function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Base units → the string a person types (its own formatter, independent of shared/decimal). */
function typedString(v: bigint, dp: number): string {
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const s = abs.toString().padStart(dp + 1, '0');
  const int = s.slice(0, s.length - dp);
  const frac = s.slice(s.length - dp);
  return (neg ? '-' : '') + (dp ? `${int}.${frac}` : int);
}

const PARENTS: Record<string, string> = {
  selfOwnedArea: 'buildingArea',
  standardFactoryArea: 'buildingArea',
  operatorServiceRevenue: 'operatorRevenue',
  smallMicroEnterprises: 'residentEnterprises',
  reportingEnterprises: 'residentEnterprises',
  highTechEnterprises: 'residentEnterprises',
};

/** A full, valid filing: typed strings to send and the base units they must become. */
export function typedValues(period: string, rng: () => number): { typed: Record<string, string>; base: Record<string, bigint> } {
  const base: Record<string, bigint> = {};
  const int = (max: number) => BigInt(Math.floor(rng() * max));
  for (const f of fieldsForPeriod(period)) if (!PARENTS[f.code]) base[f.code] = f.dp === 4 ? int(5e10) : f.dp === 2 ? int(1e6) : int(2e5);
  base.enterpriseProfit = int(4e10) - 2_000_000_000n;
  for (const [child, parent] of Object.entries(PARENTS)) base[child] = (base[parent]! * int(1000)) / 1000n;
  const typed: Record<string, string> = {};
  for (const f of fieldsForPeriod(period)) typed[f.code] = typedString(base[f.code]!, f.dp);
  return { typed, base };
}

/** `province` set: a national deployment's base (scopes `province:…`, `city:<省>/<市>`). */
export type Registry = Map<string, { baseId: string; city: string; level: 'national' | 'provincial'; cohort: string | null; province?: string }>;

export interface ExpectedTotals {
  reportingBases: bigint;
  values: Record<string, bigint>;
}

const STOCKS = new Set([
  'buildingArea',
  'selfOwnedArea',
  'standardFactoryArea',
  'avgRent',
  'avgSalePrice',
  'serviceStaff',
  'certifiedMentors',
  'operatorAssets',
  'thirdPartyProviders',
  'residentEnterprises',
  'smallMicroEnterprises',
  'reportingEnterprises',
  'highTechEnterprises',
  'employees',
  'enterpriseAssets',
  'trademarks',
  'softwareCopyrights',
  'inventionPatents',
  'utilityPatents',
  'designPatents',
]);

/** The last submitted values per (base, quarter) → expected totals for any period and scope. */
export class Expectation {
  private readonly submitted = new Map<string, Record<string, bigint>>();
  constructor(private readonly registry: Registry) {}

  submit(baseId: string, period: string, values: Record<string, bigint>) {
    this.submitted.set(`${baseId}|${period}`, values);
  }

  scopes(): string[] {
    const s = new Set(['all', 'level:national', 'level:provincial']);
    for (const b of this.registry.values()) {
      s.add(b.province ? `city:${b.province}/${b.city}` : `city:${b.city}`);
      if (b.province) s.add(`province:${b.province}`);
      if (b.cohort) s.add(`cohort:${b.cohort}`);
    }
    return [...s];
  }

  private inScope(baseId: string, scope: string): boolean {
    const b = this.registry.get(baseId)!;
    if (b.province && (scope === `province:${b.province}` || scope === `city:${b.province}/${b.city}`)) return true;
    if (b.province && scope.startsWith('city:')) return false;
    return scope === 'all' || scope === `city:${b.city}` || scope === `level:${b.level}` || (!!b.cohort && scope === `cohort:${b.cohort}`);
  }

  totals(period: string, scope: string): ExpectedTotals {
    const out: ExpectedTotals = { reportingBases: 0n, values: {} };
    const add = (code: string, v: bigint) => (out.values[code] = (out.values[code] ?? 0n) + v);
    const isYear = /^\d{4}$/.test(period);
    for (const baseId of this.registry.keys()) {
      if (!this.inScope(baseId, scope)) continue;
      if (!isYear) {
        const v = this.submitted.get(`${baseId}|${period}`);
        if (!v) continue;
        out.reportingBases++;
        for (const [code, x] of Object.entries(v)) add(code, x);
        continue;
      }
      const qs = [1, 2, 3, 4].map((q) => this.submitted.get(`${baseId}|${period}Q${q}`)).filter((v) => !!v);
      if (!qs.length) continue;
      out.reportingBases++;
      for (const v of qs) for (const [code, x] of Object.entries(v)) if (!STOCKS.has(code)) add(code, x);
      for (const [code, x] of Object.entries(qs[qs.length - 1]!)) if (STOCKS.has(code)) add(code, x);
    }
    return out;
  }
}
