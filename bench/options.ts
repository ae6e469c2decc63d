// `npm run bench` options: flags (`--bases 1000` or `--bases=1000`) or BENCH_* environment
// variables; flags win. `npm run bench -- --help` lists them.

export interface BenchOptions {
  /** Bases filing in the quarter-end burst. */
  bases: number;
  /** Concurrent HTTP clients during the burst (and concurrent raw PutItems). */
  concurrency: number;
  /** Share of bases that submit a correction after their first submission. */
  corrections: number;
  /** Draft saves in the burst (split: draft before submitting, draft over a submission, draft only). */
  drafts: number;
  /** Filings (of the quarter before) sent through HTTP before anything is measured (at least 1: its item is the raw PutItem template). */
  warmup: number;
  /** Raw DynamoDB Local PutItems in all, spread over the rounds. */
  rawOps: number;
  /** The burst and the raw PutItems are interleaved in this many rounds (H R R H H R R H …). */
  rounds: number;
  /** Also measure raw TransactWriteItems of filing + version item (the write path before #6). */
  rawTransact: boolean;
  /** Bulletin export sizes (bases), each seeded into its own table. */
  exportSizes: number[];
  /** Versions per filing measured at every export size. */
  versions: number[];
  /** Timed bulletin builds per export case (median reported). */
  exportRuns: number;
  /** Fresh node processes per bundle for the cold import time (median reported). */
  coldRuns: number;
  /** Bursts after the quarter-end burst, each timed from its last acknowledged filing to exact aggregates. */
  lagBursts: number;
  /** Filings per lag burst (default: one burst slice's size). */
  lagBurstSize: number | undefined;
  /** Local stream poller batch size (GetRecords Limit). npm start uses the poller default (100). */
  pollerBatch: number | undefined;
  /** Diagnostic: stop the stream consumers during burst slices (they catch up afterwards). */
  pauseConsumers: boolean;
  /** CPU profile of the server process during the burst (written to a temp file and summarised). */
  profile: boolean;
  /** National scale (bench/national.ts): bases across the 31 provinces, and aggregator batches at once. */
  nationalBases: number;
  nationalShards: number;
  /** Skip parts (comma list): export, programs, cold, national. */
  skip: Set<string>;
  /** Keep the temporary data directory. */
  keep: boolean;
  /** Where results are written. */
  out: string;
  seed: number;
}

const HELP = `npm run bench [-- options]            (also as BENCH_<NAME> environment variables)
  --bases N           bases filing in the burst                          (1000)
  --concurrency N     concurrent HTTP clients / raw PutItems             (50)
  --corrections F     share of bases that correct their submission       (0.2)
  --drafts N          draft saves in the burst                           (30)
  --warmup N          warm-up filings (previous quarter), not measured   (300)
  --raw-ops N         raw DynamoDB Local PutItems in all                 (1000)
  --rounds N          burst and raw PutItems interleaved in N rounds      (4)
  --raw-transact      also measure raw TransactWriteItems (filing+version)
  --export-sizes L    bulletin export sizes in bases                     (100,1000,5000)
  --versions L        versions per filing measured at each export size   (1,10)
  --export-runs N     rounds of interleaved timed builds per export case  (8)
  --cold-runs N       fresh processes per bundle for cold import, median (5)
  --lag-bursts N      bursts timed for the aggregation lag (median)      (5)
  --lag-burst-size N  filings per lag burst                              (one burst slice)
  --poller-batch N    local stream poller batch size                     (poller default, as npm start)
  --profile           CPU-profile the server process during the burst
  --pause-consumers   diagnostic: stream consumers sit out the burst slices
  --national-bases N  national scale: bases across 31 provinces          (31000)
  --national-shards N national scale: aggregator batches at once          (2)
  --skip L            skip parts: export, programs (platform and carrier
                      exports), cold, national
  --keep              keep the temporary data directory
  --out FILE          results file                                       (bench/results.json)
  --seed N            random seed                                        (2020)`;

function list(s: string): number[] {
  const out = s.split(',').map((x) => Number(x.trim()));
  if (!out.length || out.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`expected a comma list of positive integers, got "${s}"`);
  return out;
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const raw = new Map<string, string>();
  for (const [k, v] of Object.entries(env)) if (k.startsWith('BENCH_') && v !== undefined && v !== '') raw.set(k.slice(6).toLowerCase().replace(/_/g, '-'), v);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      console.log(HELP);
      process.exit(0);
    }
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}" (see --help)`);
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (['profile', 'keep', 'raw-transact', 'pause-consumers'].includes(name)) {
      raw.set(name, eq < 0 ? 'true' : a.slice(eq + 1));
      continue;
    }
    const value = eq < 0 ? argv[++i] : a.slice(eq + 1);
    if (value === undefined) throw new Error(`--${name} needs a value`);
    raw.set(name, value);
  }
  const known = new Set([
    'bases',
    'concurrency',
    'corrections',
    'drafts',
    'warmup',
    'raw-ops',
    'rounds',
    'raw-transact',
    'export-sizes',
    'versions',
    'export-runs',
    'cold-runs',
    'lag-bursts',
    'lag-burst-size',
    'poller-batch',
    'pause-consumers',
    'profile',
    'national-bases',
    'national-shards',
    'skip',
    'keep',
    'out',
    'seed',
  ]);
  for (const k of raw.keys()) if (!known.has(k)) throw new Error(`unknown option --${k} (see --help)`);

  const int = (name: string, def: number, min: number, max: number) => {
    const v = raw.get(name);
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer between ${min} and ${max}, got "${v}"`);
    return n;
  };
  const bool = (name: string) => ['1', 'true', 'yes', 'on'].includes((raw.get(name) ?? 'false').toLowerCase());
  const corrections = Number(raw.get('corrections') ?? 0.2);
  if (!(corrections >= 0 && corrections <= 1)) throw new Error(`--corrections must be between 0 and 1, got "${raw.get('corrections')}"`);
  const skip = new Set(
    (raw.get('skip') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  for (const s of skip)
    if (!['export', 'programs', 'cold', 'national'].includes(s)) throw new Error(`--skip knows export, programs, cold, national; got "${s}"`);
  const bases = int('bases', 1000, 1, 20_000);
  return {
    bases,
    concurrency: int('concurrency', 50, 1, 1000),
    corrections,
    drafts: int('drafts', Math.min(30, bases), 0, 100_000),
    warmup: int('warmup', Math.min(300, bases), 1, bases),
    rawOps: int('raw-ops', 1000, 10, 1_000_000),
    rounds: int('rounds', 4, 1, 50),
    rawTransact: bool('raw-transact'),
    exportSizes: list(raw.get('export-sizes') ?? '100,1000,5000'),
    versions: list(raw.get('versions') ?? '1,10'),
    exportRuns: int('export-runs', 8, 1, 50),
    coldRuns: int('cold-runs', 5, 1, 50),
    lagBursts: int('lag-bursts', 5, 0, 50),
    lagBurstSize: raw.has('lag-burst-size') ? int('lag-burst-size', 100, 1, 20_000) : undefined,
    pollerBatch: raw.has('poller-batch') ? int('poller-batch', 100, 1, 1000) : undefined,
    pauseConsumers: bool('pause-consumers'),
    nationalBases: int('national-bases', 31_000, 31, 200_000),
    nationalShards: int('national-shards', 2, 1, 16),
    profile: bool('profile'),
    skip,
    keep: bool('keep'),
    out: raw.get('out') ?? 'bench/results.json',
    seed: int('seed', 2020, 0, 2 ** 31),
  };
}
