// `npm run demo`: loads the demo province (local/demo-data.ts) into a running Tongbao through
// its public HTTP API only, then waits until the live aggregates equal DEMO_TARGETS — the
// published figures of the 2020 and 2017 bulletins — and prints the comparison. Then the same for
// the window-platform network of seed 003 (local/demo-platforms.ts, loaded and checked by
// local/demo-platforms-load.ts): its aggregates, and the derived figures read from the exported
// platform bulletin (GET /api/bulletins/2020.xlsx?program=platforms). Then the featured carriers of
// seed 002 (local/demo-carriers.ts, loaded and checked by local/demo-carriers-load.ts): their
// aggregate, and the seed's figures read from the exported self-assessment
// (GET /api/carriers/hy-gxq-integration/assessments/2020.xlsx, .docx) and the overview
// (GET /api/bulletins/2020.xlsx?program=carriers).
// On a server with PROVINCE=四川省 it loads and checks the Sichuan demo instead (seed 004:
// local/demo-sichuan.ts, loaded and checked by local/demo-sichuan-load.ts), and nothing of Hunan's.
//
//   TONGBAO_URL  base URL (default: the running `npm start` of DATA_DIR, else http://127.0.0.1:${PORT||3000})
//   ADMIN_TOKEN  admin token (default: the file ${DATA_DIR||./.data}/admin-token that `npm start` writes)
//
// Idempotent: every write is one the server treats as a no-op when repeated (same registry
// record, same submitted values, same schedule), so running it again changes nothing.
//
// Order: registry, then the filings, then the schedules. Filing a historical quarter before its
// schedule exists keeps it from being marked late (lateness is decided at the first submission,
// against the schedule's dueAt): the demo reproduces filings that were made on time back then.
// On a re-run the filings are no-ops, so nothing becomes late either.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fieldMapForPeriod, INDICATOR_BY_CODE } from '../shared/catalog';
import { formatDecimal } from '../shared/decimal';
import { mapConcurrent } from '../shared/pool';
import { CARRIER_DEMO_TARGETS, CARRIER_DEMO_YEARS } from './demo-carriers';
import {
  CARRIER_ASSESSMENT_DOCX_PATH,
  CARRIER_ASSESSMENT_PATH,
  CARRIER_OVERVIEW_PATH,
  type CarrierAggregate,
  carrierAggregateEquals,
  carrierDemoSchedule,
  compareCarrierTargets,
  expectedCarrierAggregate,
  fetchCarrierFiles,
  loadCarrierDemo,
  readCarrierAggregate,
} from './demo-carriers-load';
import { baseBody, DEMO_QUARTERS, DEMO_TARGETS, type DemoTarget, decimalString, demoDataset, demoSchedule, displayOfTarget } from './demo-data';
import { COVERAGE_EXPLANATION, demoPlatforms } from './demo-platforms';
import {
  aggregateEquals,
  comparePlatformTargets,
  compareSentences,
  expectedPlatformAggregate,
  loadPlatformDemo,
  PLATFORM_BULLETIN_PATH,
  PLATFORM_DEMO_SCHEDULE,
  type PlatformAggregate,
  readPlatformAggregate,
  readPlatformBulletin,
} from './demo-platforms-load';
import { SICHUAN_DEMO_PROVINCE, SICHUAN_DEMO_QUARTER, SICHUAN_DEMO_TARGETS } from './demo-sichuan';
import {
  compareSichuanTargets,
  expectedSichuanAggregate,
  loadSichuanDemo,
  readSichuanAggregate,
  readSichuanBulletin,
  readSichuanSummary,
  SICHUAN_BULLETIN_PATH,
  SICHUAN_SCHEDULE,
  SICHUAN_SUMMARY_PATH,
  type SichuanAggregate,
  sichuanAggregateEquals,
} from './demo-sichuan-load';
import { prepareTryIt, TRY_QUARTER } from './demo-try';

const CONCURRENCY = 8;
const CONVERGE_TIMEOUT_MS = 120_000;
const POLL_INTERVAL_MS = 1_000;

class Fatal extends Error {}

const dataDir = resolve(process.env.DATA_DIR || './.data');

function baseUrl(): string {
  if (process.env.TONGBAO_URL) return process.env.TONGBAO_URL.replace(/\/+$/, '');
  if (!process.env.PORT) {
    // A running `npm start` records where it listens.
    try {
      const info = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as { url?: string; pid?: number };
      if (info.url && info.pid && isAlive(info.pid)) return info.url.replace(/\/+$/, '');
    } catch {
      /* no running instance recorded */
    }
  }
  return `http://127.0.0.1:${process.env.PORT || 3000}`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function adminToken(): { token: string; shell: string } {
  if (process.env.ADMIN_TOKEN) return { token: process.env.ADMIN_TOKEN, shell: '$ADMIN_TOKEN' };
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token) return { token, shell: `$(cat ${file})` };
  }
  throw new Fatal(
    `No admin token: set ADMIN_TOKEN, or start the server once with \`npm start\` (it writes ${file}).\n` +
      '  If the server runs with another DATA_DIR, run the demo with the same DATA_DIR.',
  );
}

// ---- HTTP ---------------------------------------------------------------------------------

interface Reply {
  status: number;
  body: unknown;
}

/** JSON with integers beyond 2^53 kept exact: long digit runs become strings before parsing. */
function parseExactJson(text: string): unknown {
  return JSON.parse(text.replace(/([:,[]\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"'));
}

function errorText(body: unknown): string {
  const e = (body as { error?: { code?: string; message?: string; fields?: Record<string, string> } } | null)?.error;
  if (!e) return JSON.stringify(body)?.slice(0, 300) ?? '';
  const fields = e.fields
    ? ` ${Object.entries(e.fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}`
    : '';
  return `${e.code ?? ''} ${e.message ?? ''}${fields}`.trim();
}

function makeClient(url: string, token: string) {
  return async function call(method: string, path: string, body?: unknown): Promise<Reply> {
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url + path, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (e) {
        if (attempt < 4) {
          await sleep(250 * 2 ** attempt);
          continue;
        }
        const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
        throw new Fatal(`Cannot reach Tongbao at ${url} (${cause}). Start it with \`npm start\`, or point TONGBAO_URL at a running instance.`);
      }
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? parseExactJson(text) : null;
      } catch {
        /* not JSON */
      }
      // Busy or briefly unavailable: retry with backoff.
      if ((res.status === 429 || res.status >= 500) && attempt < 5) {
        await sleep(250 * 2 ** attempt);
        continue;
      }
      if (res.status === 401) throw new Fatal(`The admin token was refused by ${url} (401 ${errorText(parsed)}). Use the token the server was started with.`);
      if (res.status === 403) throw new Fatal(`The token is not an admin token (403 ${errorText(parsed)}).`);
      if (res.status >= 400) throw new Fatal(`${method} ${path} → ${res.status} ${errorText(parsed)}`);
      return { status: res.status, body: parsed };
    }
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- the table ----------------------------------------------------------------------------

/** Terminal width of a string: CJK and full-width characters take two columns. */
const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/.test(ch) ? 2 : 1), 0);
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
/** A table of checks on the terminal: columns padded to their widest cell (CJK counted double). */
function printColumns(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (r: string[]) =>
    r
      .map((c, i) => pad(c, widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

interface Got {
  reportingBases: bigint;
  values: Record<string, bigint>;
  means: Record<string, { sum: bigint; count: bigint }>;
}

const big = (v: unknown): bigint => BigInt(String(v ?? 0));

function toGot(body: unknown): Got {
  const b = body as { reportingBases: unknown; values: Record<string, unknown>; means: Record<string, { sum: unknown; count: unknown }> };
  return {
    reportingBases: big(b.reportingBases),
    values: Object.fromEntries(Object.entries(b.values ?? {}).map(([k, v]) => [k, big(v)])),
    means: Object.fromEntries(Object.entries(b.means ?? {}).map(([k, m]) => [k, { sum: big(m.sum), count: big(m.count) }])),
  };
}

function matches(t: DemoTarget, g: Got | undefined): boolean {
  if (!g) return false;
  if (t.kind === 'bases') return g.reportingBases === t.expected;
  if (t.kind === 'mean') return g.means[t.code]?.sum === t.expected && g.means[t.code]?.count === t.count;
  return g.values[t.code] === t.expected;
}

function label(t: DemoTarget): string {
  if (t.code === 'reportingBases') return '报送基地数(家)';
  const f = fieldMapForPeriod(t.period).get(t.code);
  return f ? `${f.label}(${f.formUnit})` : t.code;
}

/** An exact value in the field's form unit (a mean as sum ÷ count). */
function formValue(t: DemoTarget, v: bigint, count?: bigint): string {
  if (t.kind === 'bases') return v.toString();
  const dp = INDICATOR_BY_CODE.get(t.code)?.dp ?? 0;
  if (t.kind === 'mean') return count ? `${decimalString(v, count * 10n ** BigInt(dp), dp)} (${v}/${count})` : '—';
  return formatDecimal(v, dp);
}

function printTable(results: Array<{ t: DemoTarget; g: Got | undefined }>): number {
  const rows = results.map(({ t, g }) => {
    const ok = matches(t, g);
    const seed = t.seed ? `${t.seed.printed} ${t.seed.unit} · ${t.seed.source}` : '(plausible, not in the seeds)';
    const got = t.kind === 'bases' ? (g?.reportingBases ?? 0n) : t.kind === 'mean' ? (g?.means[t.code]?.sum ?? 0n) : (g?.values[t.code] ?? 0n);
    const gotShown = formValue(t, got, t.kind === 'mean' ? g?.means[t.code]?.count : undefined);
    const gotSeed = t.seed && g ? ` → ${displayOfTarget({ ...t, expected: got, count: t.kind === 'mean' ? g.means[t.code]?.count : undefined })}` : '';
    return [label(t), t.scope, t.period, `${seed}`, formValue(t, t.expected, t.count), `${gotShown}${ok ? '' : gotSeed}`, ok ? 'OK' : 'DIFF'];
  });
  const head = ['field', 'scope', 'period', 'expected (seed)', 'expected (exact)', 'got', ''];
  printColumns(head, rows);
  return rows.filter((r) => r[6] === 'DIFF').length;
}

// ---- main ---------------------------------------------------------------------------------

async function main(): Promise<number> {
  const started = Date.now();
  const secs = (from: number) => `${((Date.now() - from) / 1000).toFixed(1)} s`;
  const url = baseUrl();
  const { token, shell } = adminToken();
  const call = makeClient(url, token);

  // Reachable, and the token is the admin's?
  try {
    const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) });
    if (!r.ok) throw new Fatal(`${url}/api/health answered ${r.status}; is this Tongbao?`);
  } catch (e) {
    if (e instanceof Fatal) throw e;
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new Fatal(
      `Cannot reach Tongbao at ${url} (${cause}).\n  Start it with \`npm start\` (PORT, DATA_DIR as you like), or set TONGBAO_URL to a running instance.`,
    );
  }
  const me = (await call('GET', '/api/me')).body as { role?: string };
  if (me?.role !== 'admin') throw new Fatal(`The token belongs to a ${me?.role ?? 'unknown'} user; the demo needs the admin token.`);
  // The demo data is Hunan's (seeds 000, 001, 003) — or, on a PROVINCE=四川省 server, Sichuan's
  // (seed 004, local/demo-sichuan.ts) instead. A server configured for another province would
  // refuse the 市州 one by one. Say so once instead.
  const province = (await call('GET', '/api/province')).body as { name?: string };
  if (province?.name === SICHUAN_DEMO_PROVINCE) return sichuanPart(call, url, token, shell, started);
  if (province?.name !== '湖南省')
    throw new Fatal(
      `The demo data is Hunan's (or Sichuan's), but ${url} serves ${province?.name ?? 'an unknown province'} (PROVINCE). Start a server without PROVINCE (or PROVINCE=湖南省, or 四川省) and its own DATA_DIR for the demo.`,
    );
  console.log(`Loading the demo province into ${url}`);

  const { bases, filings } = demoDataset();

  // 1. Registry.
  let t = Date.now();
  let created = 0;
  await mapConcurrent(bases, CONCURRENCY, async (b) => {
    const r = await call('PUT', `/api/bases/${encodeURIComponent(b.baseId)}`, baseBody(b));
    if (r.status === 201) created++;
  });
  console.log(`  registry: ${bases.length} bases (${created} new) in ${secs(t)}`);

  // 2. Filings, earliest quarters first (warnings compare with the previous quarter).
  t = Date.now();
  let changed = 0;
  const ordered = [...filings].sort((a, b) => a.period.localeCompare(b.period) || a.baseId.localeCompare(b.baseId));
  let done = 0;
  await mapConcurrent(ordered, CONCURRENCY, async (f) => {
    const fields = fieldMapForPeriod(f.period);
    const values = Object.fromEntries(Object.entries(f.values).map(([code, v]) => [code, formatDecimal(v, fields.get(code)!.dp)]));
    const r = await call('PUT', `/api/bases/${encodeURIComponent(f.baseId)}/filings/${f.period}`, {
      status: 'submitted',
      values,
      confirmWarnings: true,
      explanation: '历史数据,按原报表录入',
    });
    if ((r.body as { changed?: boolean }).changed) changed++;
    if (++done % 256 === 0) console.log(`    … ${done}/${ordered.length}`);
  });
  console.log(`  filings: ${filings.length} quarterly filings (${changed} written, ${filings.length - changed} unchanged) in ${secs(t)}`);

  // 3. Schedules (see the header: after the filings, so they count as on time).
  t = Date.now();
  await mapConcurrent(DEMO_QUARTERS, CONCURRENCY, async (q) => {
    await call('PUT', `/api/periods/${q}`, demoSchedule(q));
  });
  console.log(`  schedules: ${DEMO_QUARTERS.length} quarters (${DEMO_QUARTERS[0]}…${DEMO_QUARTERS[DEMO_QUARTERS.length - 1]}) in ${secs(t)}`);

  // 4. Wait for the stream aggregator to catch up.
  t = Date.now();
  const keys = [...new Set(DEMO_TARGETS.map((x) => `${x.period}|${x.scope}`))];
  let got = new Map<string, Got>();
  let pending = DEMO_TARGETS.length;
  for (;;) {
    const fresh = new Map<string, Got>();
    await mapConcurrent(keys, CONCURRENCY, async (k) => {
      const [period, scope] = k.split('|') as [string, string];
      const r = await call('GET', `/api/aggregates/${period}?scope=${encodeURIComponent(scope)}`);
      fresh.set(k, toGot(r.body));
    });
    got = fresh;
    pending = DEMO_TARGETS.filter((x) => !matches(x, got.get(`${x.period}|${x.scope}`))).length;
    if (pending === 0 || Date.now() - t > CONVERGE_TIMEOUT_MS) break;
    await sleep(POLL_INTERVAL_MS);
  }
  const converged = pending === 0;
  console.log(converged ? `  aggregates: equal to the targets after ${secs(t)}` : `  aggregates: ${pending} targets still differ after ${secs(t)} (timeout)`);
  console.log('');

  const diffs = printTable(DEMO_TARGETS.map((x) => ({ t: x, g: got.get(`${x.period}|${x.scope}`) })));
  const seeded = DEMO_TARGETS.filter((x) => x.seed).length;
  console.log('');
  console.log(
    `${DEMO_TARGETS.length} targets (${seeded} published figures, ${DEMO_TARGETS.length - seeded} plausible): ` +
      `${DEMO_TARGETS.length - diffs} OK, ${diffs} DIFF. Total ${secs(started)}.`,
  );
  console.log('');

  const platformDiffs = await platformsPart(call, url, token);
  console.log('');
  const carrierDiffs = await carriersPart(call, url, token);
  console.log('');
  console.log(`Bases: ${diffs} DIFF; window platforms: ${platformDiffs} DIFF; carriers: ${carrierDiffs} DIFF. Total ${secs(started)}.`);
  console.log('');
  // A base that files in the open quarter (active then), in the province's capital.
  const tryBase = bases.find((b) => b.city === '长沙市' && !b.activeTo && b.activeFrom <= TRY_QUARTER) ?? bases.find((b) => !b.activeTo)!;
  for (const line of await prepareTryIt(call, url, dataDir, tryBase)) console.log(line);
  console.log('');
  console.log('Download the bulletins (admin token):');
  const auth = `-H "Authorization: Bearer ${shell}"`;
  console.log(`  curl -f ${auth} -o bulletin-2020.xlsx "${url}/api/bulletins/2020.xlsx"`);
  console.log(`  curl -f ${auth} -o bulletin-2020.docx "${url}/api/bulletins/2020.docx"    # the 公文 (Word)`);
  console.log(`  curl -f ${auth} -o bulletin-2017.xlsx "${url}/api/bulletins/2017.xlsx?cohort=${encodeURIComponent('第一批')}&compare=2016"`);
  console.log(`  curl -f ${auth} -o platforms-2020.xlsx "${url}${PLATFORM_BULLETIN_PATH}"`);
  console.log(`  curl -f ${auth} -o carriers-2020.xlsx "${url}${CARRIER_OVERVIEW_PATH}"`);
  console.log(`  curl -f ${auth} -o assessment-2020.xlsx "${url}${CARRIER_ASSESSMENT_PATH}"`);
  console.log(`  curl -f ${auth} -o assessment-2020.docx "${url}${CARRIER_ASSESSMENT_DOCX_PATH}"    # the 自评估报告 (Word)`);
  return diffs === 0 && platformDiffs === 0 && carrierDiffs === 0 ? 0 : 1;
}

// ---- the window platforms (seed 003) ------------------------------------------------------

/** Loads the platform network, waits for its aggregate, checks every seed-003 target; returns the number of differences. */
async function platformsPart(call: ReturnType<typeof makeClient>, url: string, token: string): Promise<number> {
  const started = Date.now();
  const secs = (from: number) => `${((Date.now() - from) / 1000).toFixed(1)} s`;
  console.log(`Loading the window-platform network of seed 003 into ${url}`);
  const r = await loadPlatformDemo(call, CONCURRENCY);
  const plan = Object.values(((await call('GET', '/api/platform-plans/2020')).body as { cities: Record<string, number> }).cities);
  console.log(
    `  divisions: ${r.divisionsReset.length ? `put back to the default list: ${r.divisionsReset.join('、')}` : 'the shipped default (123 county-level units), nothing stored'}`,
  );
  console.log(`  plan 2020: ${plan.reduce((a, b) => a + b, 0)} county/park platforms over ${plan.filter((n) => n > 0).length} cities`);
  console.log(`  registry: ${r.platforms} platforms (${r.created} new) in ${(r.timings.registry / 1000).toFixed(1)} s`);
  console.log(
    `  filings: ${r.filings} yearly filings for 2020 (${r.written} written, ${r.filings - r.written} unchanged) in ${(r.timings.filings / 1000).toFixed(1)} s`,
  );
  console.log(`  schedule: 2020 due ${PLATFORM_DEMO_SCHEDULE.dueAt} (set after the filings)`);

  // Wait for the stream aggregator.
  const t = Date.now();
  const want = expectedPlatformAggregate();
  let agg: PlatformAggregate;
  for (;;) {
    agg = await readPlatformAggregate(call);
    if (aggregateEquals(agg, want) || Date.now() - t > CONVERGE_TIMEOUT_MS) break;
    await sleep(POLL_INTERVAL_MS);
  }
  const converged = aggregateEquals(agg, want);
  console.log(converged ? `  aggregates: equal to the totals after ${secs(t)}` : `  aggregates: still differ after ${secs(t)} (timeout)`);

  // The derived figures, from the exported bulletin.
  const d = Date.now();
  const res = await fetch(url + PLATFORM_BULLETIN_PATH, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(120_000) });
  if (!res.ok) throw new Fatal(`GET ${PLATFORM_BULLETIN_PATH} → ${res.status} ${(await res.text()).slice(0, 300)}`);
  const xlsx = new Uint8Array(await res.arrayBuffer());
  const reading = await readPlatformBulletin(xlsx);
  console.log(`  bulletin: ${PLATFORM_BULLETIN_PATH} (${xlsx.length} bytes) in ${secs(d)}`);
  console.log('');

  const checks = comparePlatformTargets(agg, reading);
  const head = ['target', 'seed 003', 'expected', 'got', 'read from', ''];
  const rows = checks.map((c) => [c.label, c.printed, c.expected, c.got, c.source, c.ok ? 'OK' : 'DIFF']);
  printColumns(head, rows);
  console.log('');
  const sentences = compareSentences(reading);
  console.log("通报正文 contains the seed's sentences:");
  for (const s of sentences) console.log(`  ${s.ok ? 'OK  ' : 'DIFF'} ${s.sentence}`);
  console.log('');
  console.log(`Coverage: ${COVERAGE_EXPLANATION}`);
  console.log('');
  const diffs = checks.filter((c) => !c.ok).length + sentences.filter((s) => !s.ok).length;
  console.log(
    `${checks.length} platform checks and ${sentences.length} sentences (${demoPlatforms().length} platforms): ` +
      `${checks.length + sentences.length - diffs} OK, ${diffs} DIFF in ${secs(started)}.`,
  );
  return diffs;
}

// ---- the featured carriers (seed 002) -----------------------------------------------------

/** Loads the carriers, waits for their aggregate, checks every seed-002 target; returns the number of differences. */
async function carriersPart(call: ReturnType<typeof makeClient>, url: string, token: string): Promise<number> {
  const started = Date.now();
  const secs = (from: number) => `${((Date.now() - from) / 1000).toFixed(1)} s`;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`Loading the featured carriers of seed 002 into ${url}`);
  const r = await loadCarrierDemo(call, CONCURRENCY);
  console.log(`  registry: ${r.carriers} carriers (${r.created} new, ${r.registryChanged} changed) in ${s(r.timings.registry)}`);
  console.log(`  plans: ${r.carriers} plans (${r.plansWritten} written, ${r.carriers - r.plansWritten} unchanged) in ${s(r.timings.plans)}`);
  console.log(
    `  filings: ${r.filings} yearly filings for ${CARRIER_DEMO_YEARS.join(', ')} (${r.written} written, ${r.filings - r.written} unchanged) in ${s(r.timings.filings)}`,
  );
  console.log(
    `  schedules: ${CARRIER_DEMO_YEARS.map((y) => `${y} due ${carrierDemoSchedule(y).dueAt}`).join(', ')} (set after the filings; ${r.schedulesWritten} written)`,
  );

  // Wait for the stream aggregator.
  const t = Date.now();
  const want = expectedCarrierAggregate();
  let agg: CarrierAggregate;
  for (;;) {
    agg = await readCarrierAggregate(call);
    if (carrierAggregateEquals(agg, want) || Date.now() - t > CONVERGE_TIMEOUT_MS) break;
    await sleep(POLL_INTERVAL_MS);
  }
  const converged = carrierAggregateEquals(agg, want);
  console.log(converged ? `  aggregates: equal to the dataset's totals after ${secs(t)}` : `  aggregates: still differ after ${secs(t)} (timeout)`);

  // The seed's figures, from the exported files.
  const d = Date.now();
  const files = await fetchCarrierFiles(async (path) => {
    const res = await fetch(url + path, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(120_000) });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', bytes: new Uint8Array(await res.arrayBuffer()) };
  }).catch((e: unknown) => {
    throw new Fatal((e as Error).message);
  });
  console.log(`  self-assessment: ${CARRIER_ASSESSMENT_PATH} (${files.xlsxBytes} bytes), .docx (${files.docx.bytes} bytes)`);
  console.log(`  overview: ${CARRIER_OVERVIEW_PATH} (${files.overviewBytes} bytes); downloaded and read in ${secs(d)}`);
  console.log('');

  const checks = compareCarrierTargets(agg, files);
  const head = ['target', 'seed 002 prints', 'expected', 'got', 'read from', ''];
  const rows = checks.map((c) => [c.label, c.printed || '—', c.expected, c.got, c.source, c.ok ? 'OK' : 'DIFF']);
  printColumns(head, rows);
  console.log('');
  const diffs = checks.filter((c) => !c.ok).length;
  console.log(
    `${checks.length} carrier checks (${CARRIER_DEMO_TARGETS.length} seed-002 targets, ${checks.length - CARRIER_DEMO_TARGETS.length} aggregate/overview/file checks; ${r.carriers} carriers): ` +
      `${checks.length - diffs} OK, ${diffs} DIFF in ${secs(started)}.`,
  );
  return diffs;
}

// ---- the Sichuan province (seed 004) --------------------------------------------------------

/**
 * On a PROVINCE=四川省 server, instead of the Hunan parts: loads the Sichuan bases, their
 * designations 2015–2021 and their 2021Q4 filings (local/demo-sichuan-load.ts), waits for the
 * aggregates, checks seed 004's figures against the designations summary and the exported 2021Q4
 * bulletin; returns the exit code.
 */
async function sichuanPart(call: ReturnType<typeof makeClient>, url: string, token: string, shell: string, started: number): Promise<number> {
  const secs = (from: number) => `${((Date.now() - from) / 1000).toFixed(1)} s`;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`Loading the Sichuan demo (seed 004) into ${url} (PROVINCE=${SICHUAN_DEMO_PROVINCE})`);
  const r = await loadSichuanDemo(call, CONCURRENCY);
  console.log(`  registry: ${r.bases} bases over 21 市州 (${r.created} new, ${r.registryChanged} changed) in ${s(r.timings.registry)}`);
  console.log(`  designations: ${r.designations} (2015–2021, provincial and national; ${r.designationsWritten} written) in ${s(r.timings.designations)}`);
  console.log(
    `  filings: ${r.filings} filings for ${SICHUAN_DEMO_QUARTER} (${r.written} written, ${r.filings - r.written} unchanged) in ${s(r.timings.filings)}`,
  );
  console.log(`  schedule: ${SICHUAN_DEMO_QUARTER} due ${SICHUAN_SCHEDULE.dueAt} (set after the filings; ${r.scheduleWritten} written)`);

  // Wait for the stream aggregator.
  const t = Date.now();
  const want = expectedSichuanAggregate();
  let agg: SichuanAggregate;
  for (;;) {
    agg = await readSichuanAggregate(call);
    if (sichuanAggregateEquals(agg, want) || Date.now() - t > CONVERGE_TIMEOUT_MS) break;
    await sleep(POLL_INTERVAL_MS);
  }
  console.log(
    sichuanAggregateEquals(agg, want) ? `  aggregates: equal to the dataset's after ${secs(t)}` : `  aggregates: still differ after ${secs(t)} (timeout)`,
  );

  const summary = await readSichuanSummary(call);
  const d = Date.now();
  const res = await fetch(url + SICHUAN_BULLETIN_PATH, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(120_000) });
  if (!res.ok) throw new Fatal(`GET ${SICHUAN_BULLETIN_PATH} → ${res.status} ${(await res.text()).slice(0, 300)}`);
  const xlsx = new Uint8Array(await res.arrayBuffer());
  const reading = await readSichuanBulletin(xlsx);
  console.log(`  bulletin: ${SICHUAN_BULLETIN_PATH} (${xlsx.length} bytes) in ${secs(d)}`);
  console.log('');

  const checks = compareSichuanTargets(summary, agg, reading);
  const head = ['target', 'seed 004', 'expected', 'got', 'read from', ''];
  const rows = checks.map((c) => [c.label, c.printed, c.expected, c.got, c.source, c.ok ? 'OK' : 'DIFF']);
  printColumns(head, rows);
  console.log('');
  console.log(`${reading.title.replace('基本情况统计表', '')} — 示范基地认定情况, ${SICHUAN_DEMO_QUARTER.slice(0, 4)} 国家级:`);
  for (const x of reading.list.filter((y) => y.level === '国家级'))
    console.log(`  ${x.status}  ${pad(x.name, 54)}${x.city}${x.county}  (推荐: ${x.recommendedBy})`);
  console.log('');
  const T = SICHUAN_DEMO_TARGETS;
  console.log(
    `家(次) counts designations, not bases: ${T.provincialTimes} provincial 家(次) are ${T.provincialBases} bases (8 designated twice, ` +
      `re-designated after a revocation); ${T.nationalTimes} national 家(次) are ${T.nationalBases} bases, one revoked from 2020, ` +
      `so ${SICHUAN_DEMO_QUARTER} counts ${T.nationalInForce} 国家级 (the designations in force).`,
  );
  console.log('');
  const diffs = checks.filter((c) => !c.ok).length;
  console.log(`Sichuan: ${checks.length} checks, ${checks.length - diffs} OK, ${diffs} DIFF. Total ${secs(started)}.`);
  console.log('');
  console.log(`Sign in at ${url} with the admin token (省级管理员). Download (admin token):`);
  const auth = `-H "Authorization: Bearer ${shell}"`;
  console.log(`  curl -f ${auth} -o bulletin-${SICHUAN_DEMO_QUARTER}-sichuan.xlsx "${url}${SICHUAN_BULLETIN_PATH}"`);
  console.log(
    `  curl -f ${auth} -o bulletin-${SICHUAN_DEMO_QUARTER}-sichuan.docx "${url}${SICHUAN_BULLETIN_PATH.replace('.xlsx', '.docx')}"    # the 公文 (Word)`,
  );
  console.log(`  curl -f ${auth} "${url}${SICHUAN_SUMMARY_PATH}"`);
  return diffs === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof Fatal) console.error(`demo: ${e.message}`);
    else console.error('demo: failed:', e);
    process.exit(2);
  },
);
