// The platform network's derived figures (SPEC §9): plan completion, coverage of county-level
// units, and each platform's 活跃度 within its tier. Pure and exact: counts are integers, sums
// bigints, and every rate or index a single rounding of an exact quotient (shared/decimal.ts).

import { z } from 'zod';
import { config } from '../config';
import { ratio } from '../decimal';
import { cityListMessage } from '../province';
import { PLATFORM_FIELDS } from './catalog';
import { type PlatformRecord, platformActiveIn, type Tier } from './registry';

// ---- input -------------------------------------------------------------------------------------

export interface PlanInput {
  cities: Record<string, number>;
}

const CITIES = config.province.cities;
const CITY_SET = new Set<string>(CITIES);

export const planInputSchema: z.ZodType<PlanInput> = z
  .object({
    cities: z.record(
      z.string().refine((c) => CITY_SET.has(c), { message: `市州:${cityListMessage(config.province)}` }),
      z.number({ error: '计划建设数:应为整数' }).int('计划建设数:应为整数').min(0, '计划建设数:不能为负数').max(1000, '计划建设数:不能超过1000'),
      // A key outside the province says which 市州 there are (the record's message would hide it).
      { error: (iss) => (iss.code === 'invalid_key' ? `市州:${cityListMessage(config.province)}` : '计划:应为 {市州: 计划建设数}') },
    ),
  })
  .strict();

export interface NetworkInput {
  year: number;
  /** The whole registry of platforms (any year), already scoped by the caller if needed. */
  platforms: readonly PlatformRecord[];
  /** City → its county-level units. */
  divisions: Readonly<Record<string, readonly string[]>>;
  /** City → county/park platforms planned for `year` (null: no plan). */
  plan: Readonly<Record<string, number>> | null;
  /** platformId → counted values of `year`. */
  values: ReadonlyMap<string, Readonly<Record<string, number | bigint>>>;
}

/** Cities in province order, then any others the input names (so nothing is silently dropped). */
function citiesOf(n: NetworkInput): string[] {
  const extra = new Set<string>();
  for (const p of n.platforms) if (!CITY_SET.has(p.city)) extra.add(p.city);
  for (const c of Object.keys(n.plan ?? {})) if (!CITY_SET.has(c)) extra.add(c);
  return [...CITIES, ...[...extra].sort()];
}

// ---- 建设任务完成情况 ----------------------------------------------------------------------------

export interface CompletionRow {
  city: string;
  planned: number;
  built: number;
  inPlan: number;
  outPlan: number;
  notDone: number;
  rate: number | null;
}

/**
 * County-tier platforms (parks included) built in `year`, against the year's plan. The total's
 * 未完成 is the sum of the cities' (a city that over-fulfils its plan does not offset another's
 * shortfall), so the 合计 row adds up.
 */
export function planCompletion(n: NetworkInput): { byCity: CompletionRow[]; total: CompletionRow } {
  const byCity = citiesOf(n).map((city): CompletionRow => {
    const planned = n.plan?.[city] ?? 0;
    const built = n.platforms.filter((p) => p.tier === 'county' && p.city === city && p.builtYear === n.year);
    const inPlan = built.filter((p) => p.inPlan).length;
    return {
      city,
      planned,
      built: built.length,
      inPlan,
      outPlan: built.length - inPlan,
      notDone: Math.max(0, planned - inPlan),
      rate: ratio(BigInt(inPlan), BigInt(planned)),
    };
  });
  const sum = (k: 'planned' | 'built' | 'inPlan' | 'outPlan' | 'notDone') => byCity.reduce((s, r) => s + r[k], 0);
  const total: CompletionRow = {
    city: '全省合计',
    planned: sum('planned'),
    built: sum('built'),
    inPlan: sum('inPlan'),
    outPlan: sum('outPlan'),
    notDone: sum('notDone'),
    rate: ratio(BigInt(sum('inPlan')), BigInt(sum('planned'))),
  };
  return { byCity, total };
}

// ---- 覆盖情况 -----------------------------------------------------------------------------------

export interface CoverageRow {
  city: string;
  units: number;
  covered: number;
  rate: number | null;
  full: boolean;
  built: number;
}

/**
 * built: county-tier platforms (parks included) standing and active in `year`; covered: the
 * city's units served by at least one of them that is not a park (a park serves its park, not
 * the unit around it). A county naming no unit of the city's divisions covers nothing.
 */
export function coverage(n: NetworkInput): { byCity: CoverageRow[]; total: CoverageRow; fullCities: string[] } {
  const byCity = citiesOf(n).map((city): CoverageRow => {
    const units = new Set(n.divisions[city] ?? []);
    const standing = n.platforms.filter((p) => p.tier === 'county' && p.city === city && platformActiveIn(p, n.year));
    const served = new Set(standing.filter((p) => !p.park && p.county !== null && units.has(p.county)).map((p) => p.county));
    return {
      city,
      units: units.size,
      covered: served.size,
      rate: ratio(BigInt(served.size), BigInt(units.size)),
      full: units.size > 0 && served.size === units.size,
      built: standing.length,
    };
  });
  const sum = (k: 'units' | 'covered' | 'built') => byCity.reduce((s, r) => s + r[k], 0);
  const units = sum('units');
  const covered = sum('covered');
  const total: CoverageRow = {
    city: '全省',
    units,
    covered,
    rate: ratio(BigInt(covered), BigInt(units)),
    full: units > 0 && covered === units,
    built: sum('built'),
  };
  return { byCity, total, fullCities: byCity.filter((r) => r.full).map((r) => r.city) };
}

// ---- 活跃度 -------------------------------------------------------------------------------------

export interface ActivityEntry {
  platform: PlatformRecord;
  values: Record<string, bigint>;
  /** Mean over the indicators of value ÷ the tier's mean (rounded to 12 places for display). */
  index: number;
  /** 名次 within the tier: equal indexes share one (1, 2, 2, 4). */
  place: number;
}

const byName = (a: PlatformRecord, b: PlatformRecord) => a.name.localeCompare(b.name, 'zh-CN') || a.platformId.localeCompare(b.platformId);

/**
 * The tier's platforms that filed, ranked by 活跃度. For field f with tier sum S_f over c filers,
 * value ÷ mean = value·c ÷ S_f, so index = c·Σ_f(v_f·Π_{g≠f}S_g) ÷ (k·Π_g S_g) over the k fields
 * with S_f > 0. The denominator is the same for the whole tier, so the integer numerators order
 * and tie the platforms exactly — no two indexes tie or split by float rounding.
 */
export function activity(n: NetworkInput, tier: Tier): ActivityEntry[] {
  const rows = n.platforms
    .filter((p) => p.tier === tier && n.values.has(p.platformId))
    .map((platform) => {
      const raw = n.values.get(platform.platformId)!;
      const values: Record<string, bigint> = {};
      for (const f of PLATFORM_FIELDS) values[f.code] = BigInt(raw[f.code] ?? 0);
      return { platform, values };
    });
  const c = BigInt(rows.length);
  // Counts cannot be negative; a non-positive tier sum has no meaningful mean and is left out.
  const sums = PLATFORM_FIELDS.map((f) => rows.reduce((s, r) => s + r.values[f.code]!, 0n));
  const used = PLATFORM_FIELDS.map((f, i) => ({ code: f.code, sum: sums[i]! })).filter((x) => x.sum > 0n);
  const product = used.reduce((p, x) => p * x.sum, 1n);
  const den = BigInt(used.length) * product;
  const scored = rows.map((r) => {
    const numerator = c * used.reduce((s, x) => s + r.values[x.code]! * (product / x.sum), 0n);
    return { ...r, numerator };
  });
  scored.sort((a, b) => (a.numerator === b.numerator ? byName(a.platform, b.platform) : a.numerator > b.numerator ? -1 : 1));
  const out: ActivityEntry[] = [];
  scored.forEach((r, i) => {
    const place = i > 0 && scored[i - 1]!.numerator === r.numerator ? out[i - 1]!.place : i + 1;
    out.push({ platform: r.platform, values: r.values, index: den === 0n ? 0 : ratio(r.numerator, den)!, place });
  });
  return out;
}
