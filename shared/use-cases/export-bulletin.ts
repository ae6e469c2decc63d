// GET /api/bulletins/{period}.xlsx (SPEC §5–6): authorize, validate the query, gather the data
// with bounded reads, build the workbook.
//
// Reads: the aggregate items of the period, the 环比 quarters and the compare period (one
// BatchGet); the registry (one partition); per-base rows only for the ranking, detail and
// 可比口径 sheets — a quarter's from its filings partition (counted values; drafts never count),
// a year's (and its 环比 quarters') from the per-base rollups the aggregator keeps; and for the
// 报送情况 sheet, a quarter's filings (read anyway for its rows) or, for a year, its rollups
// plus the drafts of the bases that have not filed. Filings partitions are read in parallel key
// ranges split at registry ids.
// Nothing scans the table.

import { aggregatePartKey, periodOfPartKey } from '../aggregate-parts';
import { addTotals, emptyTotals, isMeanCode, type Rollup, type ScopedTotals, scopesOf, type Totals, yearContribution } from '../aggregation';
import { allowedScope, type Principal, requireAdminOrCity } from '../auth';
import {
  type BaseRow,
  type BuiltBulletin,
  type BulletinInput,
  buildBulletin,
  buildBulletinDocument,
  bulletinPeriods,
  type CompletenessBlock,
  momQuarters,
} from '../bulletin';
import type { CompletenessCounts } from '../bulletin/layout-input';
import { chineseDate } from '../bulletin/numbers';
import { config } from '../config';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors';
import type { Filing } from '../filing';
import { isPeriod, isQuarter, quarterOf, quartersOfYear, samePeriodLastYear, yearOf } from '../periods';
import { BASES, CARRIERS, PLATFORMS } from '../program';
import { isNationalInForce } from '../province';
import { type BaseRecord, isActiveIn } from '../registry';
import { getAggregates, getSharedRollups, rollupKey } from '../store/aggregates';
import { type FilingState, getFilingStates, hasFilings, listCountedFilings, listFilingStates } from '../store/filings';
import { listBases } from '../store/registry';
import { exportCarrierOverview } from './export-carrier';
import { exportPlatformBulletin } from './export-platform-bulletin';
import { localScope, provinceOfBulletinScope, qualifyScope } from './principal-province';
import { checkPeriod, checkScope, defaultScope, programOfQuery } from './read-aggregates';
import { computeCompleteness } from './report-completeness';

export interface BulletinQuery {
  scope: string;
  compare: string;
  /** Whether the client asked for `compare` (else it is the default, left out when it has no data). */
  compareExplicit?: boolean;
  cohort: string | null;
  top: number;
}

const COHORT = /^[^\p{Cc}\p{Cs}\u2028\u2029\ufffe\uffff]{1,30}$/u;

/** Validates and completes the query; a city user is confined to its own city. */
export function parseBulletinQuery(p: Principal, period: string, query: Readonly<Record<string, string | undefined>>): BulletinQuery {
  requireAdminOrCity(p);
  checkPeriod(period);
  // A national deployment: a province user's `city:长沙市` is their province's (provinceOfPrincipal).
  const scope = qualifyScope(p, query.scope || defaultScope(p));
  checkScope(scope);
  if (isNationalInForce()) provinceOfBulletinScope(scope);
  if (!allowedScope(p, scope)) throw new ForbiddenError('只能导出本市州的通报');

  // For the first supported year the default is the year before it: a period that holds no
  // data, so the comparison shows "—" instead of the export being refused over a parameter the
  // client never sent.
  const compare = query.compare || samePeriodLastYear(period);
  if (query.compare && (!isPeriod(compare) || isQuarter(compare) !== isQuarter(period) || compare === period))
    throw new BadRequestError('INVALID_COMPARE', isQuarter(period) ? 'compare 应为另一个季度,如 2019Q3' : 'compare 应为另一个年份,如 2019', {
      compare: isQuarter(period) ? '应为与本期不同的季度' : '应为与本期不同的年份',
    });

  const cohort = query.cohort === undefined || query.cohort === '' ? null : query.cohort.trim();
  if (cohort !== null && !COHORT.test(cohort)) throw new BadRequestError('INVALID_COHORT', 'cohort 应为1-30个字的批次名称,如 第一批', { cohort: '格式不正确' });

  let top = 5;
  if (query.top !== undefined && query.top !== '') {
    top = /^\d{1,2}$/.test(query.top) ? Number(query.top) : NaN;
    if (!Number.isInteger(top) || top < 1 || top > 50) throw new BadRequestError('INVALID_TOP', 'top 应为1-50的整数', { top: '应为1-50的整数' });
  }
  return { scope, compare, cohort, top, compareExplicit: !!query.compare };
}

const inScope = (b: BaseRecord, scope: string) => scopesOf(b).includes(scope);

/** Whether a base is expected to file in the period (a year: any of its quarters). */
const activeIn = (b: BaseRecord, period: string) => (isQuarter(period) ? isActiveIn(b, period) : quartersOfYear(period).some((q) => isActiveIn(b, q)));

type CountedState = Pick<Filing, 'baseId' | 'counted'>;

function rowsFromFilings(filings: readonly CountedState[], bases: ReadonlyMap<string, BaseRecord>): BaseRow[] {
  const out: BaseRow[] = [];
  for (const f of filings) {
    const base = bases.get(f.baseId);
    if (base && f.counted) out.push({ base, values: f.counted });
  }
  return out;
}

/**
 * A year's per-base rollups (the aggregator's state: what the year's aggregate item holds, base
 * by base), for the bases given: BatchGets of 100 keys, issued concurrently (getSharedRollups
 * itself reads its chunks one by one). Shared and frozen: decoded once per stored rollup.
 */
async function rollupsOf(year: number, bases: readonly BaseRecord[]): Promise<Map<string, Rollup>> {
  const chunks: Array<Array<{ baseId: string; year: number }>> = [];
  for (let i = 0; i < bases.length; i += 100) chunks.push(bases.slice(i, i + 100).map((b) => ({ baseId: b.baseId, year })));
  const found = new Map((await Promise.all(chunks.map((c) => getSharedRollups(c)))).flatMap((m) => [...m]));
  const out = new Map<string, Rollup>();
  for (const base of bases) {
    const r = found.get(rollupKey(base.baseId, year));
    if (r) out.set(base.baseId, r);
  }
  return out;
}

// A shared rollup's year values (rollups are shared and frozen: getSharedRollups), computed once
// per decoded rollup rather than once per export.
const yearValues = new WeakMap<Rollup, Readonly<Record<string, bigint>> | null>();

/** A year's per-base rows from its rollups (flows summed, stocks from the latest quarter). */
function yearRowsOf(rollups: ReadonlyMap<string, Rollup>, bases: readonly BaseRecord[]): BaseRow[] {
  const out: BaseRow[] = [];
  for (const base of bases) {
    const r = rollups.get(base.baseId);
    if (!r) continue;
    let values = yearValues.get(r);
    if (values === undefined) yearValues.set(r, (values = Object.freeze(yearContribution(r)?.values ?? null)));
    if (values) out.push({ base, values });
  }
  return out;
}

/** One quarter's per-base rows from the year's rollups (the quarter's counted values, as the aggregator applied them). */
export function quarterRowsOf(rollups: ReadonlyMap<string, Rollup>, bases: readonly BaseRecord[], quarter: string): BaseRow[] {
  const out: BaseRow[] = [];
  for (const base of bases) {
    const counted = rollups.get(base.baseId)?.quarters[quarter]?.counted;
    if (counted) out.push({ base, values: counted });
  }
  return out;
}

/** What the bulletin prints of a quarter's completeness (computeCompleteness also has reviews and contacts). */
function completenessBlock(c: ReturnType<typeof computeCompleteness>): CompletenessBlock {
  const counts = <T extends CompletenessCounts>({ expected, submitted, onTime, late, missing }: T) => ({ expected, submitted, onTime, late, missing });
  return {
    period: c.period,
    ...counts(c),
    byCity: c.byCity.map((x) => ({ city: x.city, ...counts(x) })),
    byLevel: c.byLevel.map((x) => ({ level: x.level, ...counts(x) })),
    missingBases: c.missingBases.map(({ baseId, name, city, county, level, hasDraft }) => ({ baseId, name, city, county, level, hasDraft })),
  };
}

/**
 * One quarter's completeness in a year's bulletin, from the year's rollups (issue 16): a base's
 * quarter state says whether something counts and whether its first submission was late, so the
 * four quarters' filings need not be read (≈ 4,000 items at 1,000 bases). Read are only what
 * the rollups cannot tell: whether a base that has not filed holds a draft (those keys, by
 * BatchGet), and whether a quarter nobody in scope filed holds any filing at all (one item: a
 * quarter no one has touched gets no block). A quarter where a counted state predates `late`
 * (written before it was kept) is read from its filings, as before. Null: no block.
 */
async function quarterCompletenessOf(
  qp: string,
  bases: readonly BaseRecord[],
  rollups: ReadonlyMap<string, Rollup>,
  ids: readonly string[],
): Promise<CompletenessBlock | null> {
  const slot = String(quarterOf(qp));
  const filed: FilingState[] = [];
  const notFiled: string[] = [];
  for (const b of bases) {
    const st = rollups.get(b.baseId)?.quarters[slot];
    if (st?.counted && st.late === undefined) {
      const filings = await listFilingStates(qp, ids);
      return filings.length ? completenessBlock(computeCompleteness(qp, bases, filings)) : null;
    }
    // Only what programCompleteness reads: something counts (countedRev), and late.
    if (st?.counted) filed.push({ baseId: b.baseId, countedRev: st.rev, late: st.late } as FilingState);
    else if (isActiveIn(b, qp)) notFiled.push(b.baseId);
  }
  if (!filed.length && !(await hasFilings(qp))) return null;
  // A filing the rollup has not caught up with yet is taken as the filing says (fresher).
  const drafts = notFiled.length ? await getFilingStates(qp, notFiled) : [];
  return completenessBlock(computeCompleteness(qp, bases, [...filed, ...drafts]));
}

/** Gathers everything the layout needs (exported for the benchmark and tests). */
export async function gatherBulletinInput(period: string, q: BulletinQuery): Promise<BulletinInput> {
  // A national deployment keeps a province's city scopes in an item of their own (aggregatePartKey);
  // a single province reads the period's items, as always.
  const periods = bulletinPeriods(period, q.compare);
  const [parts, all] = await Promise.all([getAggregates(periods.map((x) => aggregatePartKey(x, q.scope))), listBases()]);
  const stored = new Map([...parts].map(([k, v]) => [periodOfPartKey(k), v]));
  // The registry as it stood in each period (SPEC §11): a later move, re-cohorting or
  // designation never changes a past bulletin.
  const at = (p: string) => all.map((b) => BASES.asOf(b, p));
  const registry = at(period);
  const current = stored.get(period)?.scoped[q.scope];
  if (!current || current.reportingBases === 0n) throw new NotFoundError('该期暂无已提交的数据', 'NO_DATA');
  const aggregates: Record<string, ScopedTotals> = {};
  for (const [p, a] of stored) aggregates[p] = a.scoped;
  const scoped = registry.filter((b) => inScope(b, q.scope));
  const byId = new Map(scoped.map((b) => [b.baseId, b]));

  // Completeness covers the quarter itself, or each quarter of the year anyone has filed for.
  const quarter = isQuarter(period);
  const completenessQuarters = quarter ? [period] : quartersOfYear(period);
  // A quarter's rows and completeness come from its filings (values projected in); a year's
  // from its rollups (quarterCompletenessOf). The registry's ids split a filings partition into
  // ranges read in parallel.
  const ids = registry.map((b) => b.baseId);
  // The 环比 is over the bases that filed both of its quarters: their counted rows (for a
  // quarter, the previous one; for a year, its third and fourth, both read here).
  // A year's 环比 rows (its third and fourth quarters) are in the year's rollups, read anyway
  // for its rows.
  const mq = momQuarters(period);
  // The bases in scope in each quarter (as they stood then) are the ones its completeness counts;
  // a year reads the rollups of all of them (usually the same bases as `scoped`).
  const quarterBases = completenessQuarters.map((qp) => at(qp).filter((b) => inScope(b, q.scope)));
  const [quarterFilings, compareFilings, yearRollups, momPrevious] = await Promise.all([
    quarter ? listCountedFilings(period, ids).then((f) => [f]) : Promise.resolve(null),
    quarter ? listCountedFilings(q.compare, ids) : Promise.resolve([]),
    quarter
      ? Promise.resolve(null)
      : Promise.all([
          rollupsOf(yearOf(period), [...new Map([...scoped, ...quarterBases.flat()].map((b) => [b.baseId, b])).values()]),
          rollupsOf(yearOf(q.compare), scoped),
        ]),
    quarter && q.compare !== mq.previous ? listCountedFilings(mq.previous, ids) : Promise.resolve(null),
  ]);
  // A year's completeness reads the drafts of who has not filed: started now, so the rows below
  // are computed while those reads are in flight.
  const yearCompleteness = yearRollups
    ? Promise.all(completenessQuarters.map((qp, i) => quarterCompletenessOf(qp, quarterBases[i]!, yearRollups[0], ids)))
    : null;
  // The compared period's rows carry the bases as they stood then (a cohort comparison filters on it).
  const thenById = new Map(
    at(q.compare)
      .filter((b) => byId.has(b.baseId))
      .map((b) => [b.baseId, b]),
  );
  const [rows, compareRows] = yearRollups
    ? [yearRowsOf(yearRollups[0], scoped), yearRowsOf(yearRollups[1], scoped).map((r) => ({ ...r, base: thenById.get(r.base.baseId) ?? r.base }))]
    : [rowsFromFilings((quarterFilings?.[0] ?? []) as unknown as CountedState[], byId), rowsFromFilings(compareFilings, thenById)];
  const momRows = yearRollups
    ? {
        previous: quarterRowsOf(yearRollups[0], scoped, String(quarterOf(mq.previous))),
        current: quarterRowsOf(yearRollups[0], scoped, String(quarterOf(mq.current))),
      }
    : { previous: rowsFromFilings(momPrevious ?? compareFilings, byId), current: rows };

  const completeness: CompletenessBlock[] = yearCompleteness
    ? (await yearCompleteness).filter((b): b is CompletenessBlock => b !== null)
    : [completenessBlock(computeCompleteness(period, scoped, quarterFilings![0]!))];
  const expected = new Set(rows.map((r) => r.base.baseId));
  const national = isNationalInForce();
  return {
    period,
    // A national deployment's province bulletin is laid out as that province's own deployment would
    // lay it out (nationalAsProvince): its scope as a single province names it, its Province.
    ...(national ? { scope: localScope(q.scope), province: provinceOfBulletinScope(q.scope) } : { scope: q.scope }),
    aggregates: national ? nationalAsProvince(aggregates, q, rows, compareRows, period) : aggregates,
    rows,
    compareRows,
    momRows,
    bases: scoped.filter((b) => expected.has(b.baseId) || activeIn(b, period)),
    designations: scoped.flatMap((b) =>
      Object.values(b.designations ?? {}).map((designation) => ({ baseId: b.baseId, name: b.name, city: b.city, county: b.county, designation })),
    ),
    completeness,
    options: {
      ...(q.compareExplicit === false ? {} : { compare: q.compare }),
      cohort: q.cohort,
      top: q.top,
      completenessWarnBelow: config.completenessWarnBelow,
      date: chineseDate(new Date()),
    },
  };
}

/**
 * A national deployment's totals of one province (or one of its cities) as a single-province
 * deployment of that province keeps them: `province:湖南省` → `all`, `city:湖南省/长沙市` →
 * `city:长沙市`. The province-wide cohort the layout reads for `cohort=` (a national item's
 * `cohort:…` is national) is summed from the province's rows, as a city bulletin's always is.
 */
function nationalAsProvince(
  aggregates: Record<string, ScopedTotals>,
  q: BulletinQuery,
  rows: readonly BaseRow[],
  compareRows: readonly BaseRow[],
  period: string,
): Record<string, ScopedTotals> {
  const out: Record<string, ScopedTotals> = {};
  const local = localScope(q.scope);
  for (const [p, scoped] of Object.entries(aggregates)) {
    out[p] = {};
    const t = scoped[q.scope];
    if (t) out[p]![local] = t;
  }
  if (q.cohort && local === 'all') {
    for (const [p, list] of [
      [period, rows],
      [q.compare, compareRows],
    ] as const) {
      out[p] ??= {};
      out[p]![`cohort:${q.cohort}`] = sumBaseRows(list.filter((r) => r.base.cohort === q.cohort));
    }
  }
  return out;
}

/** The totals of per-base rows: what the aggregator holds for exactly those bases (as the layout sums a city's rows). */
function sumBaseRows(rows: readonly BaseRow[]): Totals {
  const t = emptyTotals();
  for (const r of rows) {
    const c = emptyTotals();
    c.reportingBases = 1n;
    for (const [code, v] of Object.entries(r.values)) {
      const b = BigInt(v);
      c.values[code] = b;
      if (isMeanCode(code)) c.means[code] = { sum: b, count: 1n };
    }
    addTotals(t, c);
  }
  return t;
}

/** The bulletin for `period` as a workbook or a Word document: { fileName, asciiFileName, buffer, completeness }. */
export async function exportBulletin(
  p: Principal,
  period: string,
  query: Readonly<Record<string, string | undefined>>,
  format: 'xlsx' | 'docx' = 'xlsx',
): Promise<BuiltBulletin> {
  const program = programOfQuery(query.program);
  if (program === PLATFORMS) return exportPlatformBulletin(p, period, query, format);
  if (program === CARRIERS) return exportCarrierOverview(p, period, query, format);
  const q = parseBulletinQuery(p, period, query);
  const input = await gatherBulletinInput(period, q);
  return format === 'docx' ? buildBulletinDocument(input) : buildBulletin(input);
}
